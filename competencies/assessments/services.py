"""Writes for self-assessments: start, rate, submit, review, sign off or return, plan, remind."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from competencies import permissions
from competencies.models import (
    Assessment,
    AssessmentStatusChange,
    Competence,
    PlanAction,
    Rating,
    ReassessmentReminder,
    RoleProfile,
    ScaleValue,
)
from workforce.audit.services import audited_bulk_create
from workforce.common.links import absolute_url
from workforce.models import StaffProfile, TrainingAttendance


class ReviewChangedError(ValidationError):
    """Someone else saved a review of this assessment after this manager opened it."""


RATINGS_CHANGED = (
    "These ratings were saved somewhere else (another tab or device) while you had this page open, so "
    "nothing on this page is saved. What was saved and what you entered are shown below, and your answers "
    "are still in the form. Check them and save again to replace the saved version."
)


@dataclass(frozen=True)
class RatingDifference:
    """One answer about one competence where what is saved now differs from what this person entered."""

    competence: str
    label: str
    theirs: str
    yours: str


class RatingsChangedError(ValidationError):
    """Some of the ratings on the page were saved after the page was built: nothing was written.

    ``differences`` lists, field by field, what is saved beside what this person entered; ``revisions`` maps
    each rating's id to its revision now, so the page can be saved again on purpose."""

    def __init__(self, *, differences: list[RatingDifference], revisions: dict[int, int]):
        super().__init__(RATINGS_CHANGED, code="changed_meanwhile")
        self.differences = differences
        self.revisions = revisions


@dataclass
class SelfRatingEntry:
    rating: Rating
    value: ScaleValue | None
    evidence: str = ""
    comment: str = ""
    training: list[TrainingAttendance] = field(default_factory=list)
    # The rating's self revision the page was built from; None for callers that hold no page (demo data).
    revision: int | None = None


@dataclass
class ManagerRatingEntry:
    rating: Rating
    value: ScaleValue | None
    comment: str = ""


def _record_change(*, assessment: Assessment, by, from_status: str, message: str = "") -> None:
    AssessmentStatusChange.objects.create(
        assessment=assessment, by=by, from_status=from_status, to_status=assessment.status, message=message
    )


def _previous_assessment(staff: StaffProfile) -> Assessment | None:
    """The person's latest shared assessment: the one a new assessment carries on from."""
    return Assessment.objects.filter(staff=staff).shared().order_by("-created_at", "-pk").first()


def _previous_ratings(previous: Assessment | None) -> dict[str, Rating]:
    """The ratings of ``previous``, by competence key: the key is the same in every version of the
    framework, so a rating follows its competence even when the code or wording changed."""
    if previous is None:
        return {}
    ratings = previous.ratings.select_related("competence", "self_value")
    return {rating.competence.key: rating for rating in ratings}


def _carry_plan_forward(*, previous: Assessment | None, into: Assessment, competences: dict[str, Competence]):
    """Copy the actions of the last plan that are still to do into the new assessment's plan, each tied to
    the same competence in the new version (or to none, if the new version no longer has it)."""
    if previous is None:
        return
    actions = PlanAction.objects.filter(assessment=previous).not_done().select_related("competence")
    carried = [
        PlanAction(
            assessment=into,
            competence=competences.get(action.competence.key) if action.competence_id else None,
            action=action.action,
            due_date=action.due_date,
            status=action.status,
            session_id=action.session_id,
            link=action.link,
        )
        for action in actions
    ]
    audited_bulk_create(carried)


@transaction.atomic
def assessment_start(
    *, staff: StaffProfile, role_profile: RoleProfile, target_profile: RoleProfile | None = None, by
) -> Assessment:
    """Start an assessment against a role profile, with one rating for every competence it (or the target
    role) expects.

    What the person said last time comes forward for the same competence (matched on its key, in any
    version): their own rating (never their manager's, which is shown beside it through ``previous``) and
    their written evidence. Plan actions still to do come forward too.
    """
    if Assessment.objects.filter(staff=staff).open().exists():
        raise ValidationError("You already have an assessment in progress. Finish or submit it first.")
    if target_profile is not None:
        if target_profile.version_id != role_profile.version_id:
            raise ValidationError("The target role must come from the same version of the framework.")
        if target_profile.pk == role_profile.pk:
            raise ValidationError("Choose a target role that is different from your current role.")
    assessment = Assessment.objects.create(
        staff=staff, version_id=role_profile.version_id, role_profile=role_profile, target_profile=target_profile
    )
    profile_ids = [role_profile.pk] + ([target_profile.pk] if target_profile else [])
    competences = Competence.objects.filter(expectations__role_profile__in=profile_ids).distinct()
    scale = {value.value: value for value in ScaleValue.objects.filter(version_id=role_profile.version_id)}
    previous_assessment = _previous_assessment(staff)
    previous = _previous_ratings(previous_assessment)
    ratings = []
    for competence in competences:
        before = previous.get(competence.key)
        own = scale.get(before.self_value.value) if before and before.self_value else None
        ratings.append(
            Rating(
                assessment=assessment,
                competence=competence,
                self_value=own,
                evidence=before.evidence if before else "",
                carried_forward=own is not None,
                previous=before,
            )
        )
    audited_bulk_create(ratings)
    in_version = Competence.objects.filter(version_id=role_profile.version_id).only("pk", "key")
    _carry_plan_forward(previous=previous_assessment, into=assessment, competences={c.key: c for c in in_version})
    _record_change(assessment=assessment, by=by, from_status="")
    return assessment


def _check_owner_can_edit(*, assessment: Assessment, by) -> None:
    if assessment.staff.user_id != by.pk:
        raise PermissionDenied
    if not assessment.is_editable:
        raise ValidationError("This assessment has been submitted, so it cannot be changed unless it is returned.")


def _rating_differences(stored: Rating, entry: SelfRatingEntry) -> list[RatingDifference]:
    def shown(text: str) -> str:
        return text.strip() or "Nothing written"

    def training(attendances) -> str:
        return "; ".join(sorted(a.session.title for a in attendances)) or "None"

    pairs = [
        (
            "Rating",
            stored.self_value.label if stored.self_value else "Not rated",
            entry.value.label if entry.value else "Not rated",
        ),
        ("Evidence", shown(stored.evidence), shown(entry.evidence)),
        ("Comment", shown(stored.comment), shown(entry.comment)),
        ("Training", training(stored.training.all()), training(entry.training)),
    ]
    title = f"{stored.competence.code} {stored.competence.title}"
    return [RatingDifference(title, label, theirs, yours) for label, theirs, yours in pairs if theirs != yours]


def _check_self_revisions(*, assessment: Assessment, entries: list[SelfRatingEntry]) -> dict[int, int]:
    """Each rating's self revision now, by rating id. Refuses the whole page if any rating on it was saved
    after the page was built from it."""
    current = dict(
        Rating.objects.filter(assessment=assessment, pk__in=[entry.rating.pk for entry in entries]).values_list(
            "pk", "self_revision"
        )
    )
    stale = [
        entry
        for entry in entries
        if entry.revision is not None and current.get(entry.rating.pk, entry.revision) != entry.revision
    ]
    if stale:
        stored = Rating.objects.select_related("competence", "self_value").prefetch_related("training__session")
        stored = stored.in_bulk([entry.rating.pk for entry in stale])
        raise RatingsChangedError(
            differences=[diff for entry in stale for diff in _rating_differences(stored[entry.rating.pk], entry)],
            revisions=current,
        )
    return current


@transaction.atomic
def ratings_save_self(*, assessment: Assessment, by, entries: list[SelfRatingEntry]) -> int:
    """Save the person's own ratings for some competences (one page at a time); returns how many changed.

    The assessment's row is locked, so saves of the same sheet take turns; a rating whose revision moved
    past the one its page was built from refuses the whole page with ``RatingsChangedError``."""
    assessment = Assessment.objects.select_for_update().select_related("staff").get(pk=assessment.pk)
    _check_owner_can_edit(assessment=assessment, by=by)
    revisions = _check_self_revisions(assessment=assessment, entries=entries)
    for entry in entries:
        rating = entry.rating
        if rating.assessment_id != assessment.pk:
            raise ValidationError("That rating belongs to another assessment.")
        if entry.value is not None and entry.value.version_id != assessment.version_id:
            raise ValidationError("That rating is not on this framework's scale.")
        if any(attendance.attendee_id != assessment.staff_id for attendance in entry.training):
            raise ValidationError("You can only link training you attended.")
        # Saving the page is the person confirming what was carried forward from last time.
        rating.carried_forward = False
        rating.self_value = entry.value
        rating.evidence = entry.evidence.strip()
        rating.comment = entry.comment.strip()
        # The assessment's row is locked above, so no other save of this sheet runs between the read and here.
        rating.self_revision = revisions.get(rating.pk, rating.self_revision) + 1
        rating.save(update_fields=["self_value", "evidence", "comment", "carried_forward", "self_revision"])
        rating.training.set(entry.training)
    return len(entries)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("staff").get(pk=assessment.pk)
    _check_owner_can_edit(assessment=assessment, by=by)
    unrated = assessment.ratings.filter(Q(self_value__isnull=True) | Q(carried_forward=True)).count()
    if unrated:
        noun = "competence is" if unrated == 1 else "competences are"
        raise ValidationError(
            f"{unrated} {noun} not rated yet. Rate every competence (and check any carried forward from "
            "last time) before you submit."
        )
    before = assessment.status
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    _record_change(assessment=assessment, by=by, from_status=before)
    return assessment


def _check_reviewer(*, assessment: Assessment, by) -> None:
    if not permissions.manages_assessed_person(by, assessment) or assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError("This assessment is not waiting for your review.")


@transaction.atomic
def review_save(
    *,
    assessment: Assessment,
    by,
    entries: list[ManagerRatingEntry],
    revision: int,
    agree_in_domain: int | None = None,
) -> Assessment:
    """Save a manager's ratings and comments beside the self ratings.

    ``revision`` is the review revision the manager's page was built from; if another manager saved in
    between, nothing is written and ``ReviewChangedError`` says so, so neither manager loses work.

    ``agree_in_domain`` is the id of a domain where the manager agrees with the person: every competence in
    it that the manager left without a rating takes the person's own rating. Each is still saved as its own
    manager rating (by, when), so the record and the audit trail read as if each had been chosen; a rating
    the manager did choose is never replaced.
    """
    assessment = Assessment.objects.select_related("staff").get(pk=assessment.pk)
    _check_reviewer(assessment=assessment, by=by)
    claimed = Assessment.objects.filter(pk=assessment.pk, review_revision=revision).update(
        review_revision=F("review_revision") + 1
    )
    if not claimed:
        raise ReviewChangedError(
            "Someone else saved a review of this assessment while you were working on it. "
            "Your ratings are still in the form below, next to what they saved. Check them and save again."
        )
    now = timezone.now()
    for entry in entries:
        rating = entry.rating
        if rating.assessment_id != assessment.pk:
            raise ValidationError("That rating belongs to another assessment.")
        if entry.value is not None and entry.value.version_id != assessment.version_id:
            raise ValidationError("That rating is not on this framework's scale.")
        comment = entry.comment.strip()
        value = entry.value
        if value is None and agree_in_domain is not None and rating.competence.domain_id == agree_in_domain:
            value = rating.self_value
        if value == rating.manager_value and comment == rating.manager_comment:
            continue
        rating.manager_value, rating.manager_comment = value, comment
        rating.manager_by, rating.manager_at = by, now
        rating.save(update_fields=["manager_value", "manager_comment", "manager_by", "manager_at"])
    assessment.refresh_from_db(fields=["review_revision"])
    return assessment


@transaction.atomic
def assessment_sign_off(*, assessment: Assessment, by, message: str = "") -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("staff").get(pk=assessment.pk)
    _check_reviewer(assessment=assessment, by=by)
    missing = assessment.ratings.filter(manager_value__isnull=True).count()
    if missing:
        noun = "competence has" if missing == 1 else "competences have"
        raise ValidationError(f"{missing} {noun} no manager rating yet. Rate every competence, then sign off.")
    assessment.status = Assessment.Status.SIGNED_OFF
    assessment.signed_off_at, assessment.signed_off_by = timezone.now(), by
    assessment.save(update_fields=["status", "signed_off_at", "signed_off_by"])
    _record_change(assessment=assessment, by=by, from_status=Assessment.Status.SUBMITTED, message=message.strip())
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, message: str) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("staff").get(pk=assessment.pk)
    _check_reviewer(assessment=assessment, by=by)
    if not message.strip():
        raise ValidationError("Say what the person should look at again before you return it.")
    assessment.status = Assessment.Status.RETURNED
    assessment.save(update_fields=["status"])
    _record_change(assessment=assessment, by=by, from_status=Assessment.Status.SUBMITTED, message=message.strip())
    return assessment


def reassessment_reminders_send(*, today: datetime.date) -> int:
    """Email everyone whose latest signed-off assessment is older than their service's period.

    Each reminder is recorded against the assessment it is about, so running this again (daily) never
    sends the same reminder twice; a new reminder comes only after a newer assessment is signed off.
    """
    from competencies.assessments.selectors import staff_due_reassessment

    sent = 0
    for staff, assessment in staff_due_reassessment(today=today):
        with transaction.atomic():
            _reminder, created = ReassessmentReminder.objects.get_or_create(
                assessment=assessment, defaults={"staff": staff}
            )
            if not created or not staff.user.email:
                continue
            send_mail(
                subject="Time to assess yourself again",
                message=render_to_string(
                    "competencies/assessments/reminder_email.txt",
                    {
                        "staff": staff,
                        "assessment": assessment,
                        "url": absolute_url(reverse("competencies:assessment-list")),
                    },
                ),
                from_email=None,
                recipient_list=[staff.user.email],
            )
            sent += 1
    return sent
