"""Writes for development plans: add, change, remove and finish actions, sign up to their sessions, and use
a session attended as evidence."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from competencies import permissions
from competencies.models import Assessment, Competence, PlanAction, Rating
from workforce.common.dates import add_months
from workforce.models import TrainingAttendance, TrainingSession
from workforce.training import services as training_services
from workforce.training.selectors import sessions_open_to

# A plan looks a year or two ahead; a date further off than this is almost always a typing slip.
MOST_YEARS_AHEAD = 3
NOTHING_TO_DO = "Say what you will do."
NOT_YOURS = "You can only sign up to training for your own plan."
NO_SESSION = "This action does not name a training session."
NOT_ATTENDED = "You have not been to this session yet, so it cannot be evidence."
NO_OPEN_ASSESSMENT = "Start your next self-assessment first. Then you can add this session as evidence from your plan."


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest_due_date(today: datetime.date | None = None) -> datetime.date:
    return add_months(today or timezone.localdate(), 12 * MOST_YEARS_AHEAD)


def earliest_due_date(assessment: Assessment) -> datetime.date:
    """An action cannot be due before the plan it belongs to was made."""
    return timezone.localdate(assessment.created_at)


def _check_planner(*, assessment: Assessment, by) -> None:
    if not (permissions.owns_assessment(by, assessment) or permissions.manages_assessed_person(by, assessment)):
        raise PermissionDenied


def _check(
    *,
    assessment: Assessment,
    competence: Competence | None,
    action: str,
    due_date: datetime.date,
    session: TrainingSession | None,
    link: str,
    keep_session_id: int | None = None,
) -> None:
    errors = {}
    if competence is not None and competence.version_id != assessment.version_id:
        errors["competence"] = "That competence is not in the framework this assessment used."
    if not action.strip():
        errors["action"] = NOTHING_TO_DO
    earliest, latest = earliest_due_date(assessment), latest_due_date()
    if due_date < earliest:
        errors["due_date"] = f"'By when' must be on or after {_date_text(earliest)}, the day this plan was made."
    elif due_date > latest:
        errors["due_date"] = f"'By when' must be within {MOST_YEARS_AHEAD} years, so on or before {_date_text(latest)}."
    if session is not None and session.pk != keep_session_id:
        open_to_them = sessions_open_to(staff_profile=assessment.staff).filter(pk=session.pk).exists()
        if not open_to_them:
            errors["session"] = "Choose a youth-led session that is still to come and open to this service."
    if session is not None and "due_date" not in errors:
        session_day = timezone.localdate(session.starts_at)
        if due_date < session_day:
            errors["due_date"] = (
                f"'By when' must be on or after the session, {_date_text(session_day)}, as the session is part "
                "of this action."
            )
    if link and not link.startswith("https://"):
        errors["link"] = "Enter a web address that starts with https://."
    if errors:
        raise ValidationError(errors)


def plan_action_create(
    *,
    assessment: Assessment,
    by,
    competence: Competence | None,
    action: str,
    due_date: datetime.date,
    session: TrainingSession | None = None,
    link: str = "",
) -> PlanAction:
    _check_planner(assessment=assessment, by=by)
    _check(assessment=assessment, competence=competence, action=action, due_date=due_date, session=session, link=link)
    return PlanAction.objects.create(
        assessment=assessment,
        competence=competence,
        action=action.strip(),
        due_date=due_date,
        session=session,
        link=link.strip(),
    )


def plan_action_update(
    *,
    action: PlanAction,
    by,
    competence: Competence | None,
    action_text: str,
    due_date: datetime.date,
    session: TrainingSession | None = None,
    link: str = "",
) -> PlanAction:
    """Change an action. A session it already names may stay even once it has started or been held."""
    assessment = action.assessment
    _check_planner(assessment=assessment, by=by)
    _check(
        assessment=assessment,
        competence=competence,
        action=action_text,
        due_date=due_date,
        session=session,
        link=link,
        keep_session_id=action.session_id,
    )
    action.competence, action.action, action.due_date = competence, action_text.strip(), due_date
    action.session, action.link = session, link.strip()
    action.save(update_fields=["competence", "action", "due_date", "session", "link", "updated_at"])
    return action


def plan_action_remove(*, action: PlanAction, by) -> None:
    _check_planner(assessment=action.assessment, by=by)
    action.delete()


def plan_action_set_status(*, action: PlanAction, by, status: str) -> PlanAction:
    _check_planner(assessment=action.assessment, by=by)
    if status not in PlanAction.Status.values:
        raise ValidationError("Choose planned, in progress or done.")
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action


def plan_action_sign_up(*, action: PlanAction, by) -> TrainingAttendance:
    """Book the person on the action's session, through training's own booking (places, waiting list)."""
    staff = action.assessment.staff
    if staff.user_id != by.pk:
        raise ValidationError(NOT_YOURS)
    if action.session_id is None:
        raise ValidationError(NO_SESSION)
    with transaction.atomic():
        attendance = training_services.training_sign_up(session=action.session, attendee=staff)
        if action.status == PlanAction.Status.PLANNED:
            action.status = PlanAction.Status.IN_PROGRESS
            action.save(update_fields=["status", "updated_at"])
    return attendance


@transaction.atomic
def plan_action_use_as_evidence(*, action: PlanAction, by) -> list[Rating]:
    """Add the session the person went to as evidence in their open self-assessment, and finish the action.

    It goes against the action's competence, or, for an action about no one competence, against every
    competence the session covers; the rating page then offers it the same way as any training attended.
    """
    staff = action.assessment.staff
    if staff.user_id != by.pk:
        raise PermissionDenied
    if action.session_id is None:
        raise ValidationError(NO_SESSION)
    attendance = TrainingAttendance.objects.filter(
        session_id=action.session_id, attendee=staff, status=TrainingAttendance.Status.ATTENDED
    ).first()
    if attendance is None:
        raise ValidationError(NOT_ATTENDED)
    current = Assessment.objects.filter(staff=staff, status__in=Assessment.EDITABLE_STATUSES).first()
    if current is None:
        raise ValidationError(NO_OPEN_ASSESSMENT)
    codes = set(action.session.competences.values_list("code", flat=True))
    if action.competence_id is not None:
        codes &= {action.competence.code}
    ratings = list(Rating.objects.filter(assessment=current, competence__code__in=codes).select_related("competence"))
    if not ratings:
        raise ValidationError(
            "Your current self-assessment has no competence this session covers, so it cannot be evidence there."
        )
    Rating.training.through.objects.bulk_create(
        [Rating.training.through(rating_id=rating.pk, trainingattendance_id=attendance.pk) for rating in ratings],
        ignore_conflicts=True,
    )
    if action.status != PlanAction.Status.DONE:
        action.status = PlanAction.Status.DONE
        action.save(update_fields=["status", "updated_at"])
    return ratings
