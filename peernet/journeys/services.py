"""Writes for peer journeys. Each function checks the rules a coordinator must not be able to get round."""

import datetime
from decimal import Decimal

import rules
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from peernet.journeys.models import STAGE_DAYS
from peernet.journeys.selectors import missing_checks, reminders_due
from peernet.models import (
    ActivityLog,
    CaseAllocation,
    Check,
    Extension,
    Feedback,
    FollowUp,
    MilestoneRecord,
    Peer,
    SentReminder,
    Stage,
    StageChange,
    Supervision,
    TrainingRecord,
)
from workforce import permissions as workforce_permissions
from workforce.common.dates import add_months
from workforce.common.links import absolute_url
from workforce.models import Service, StaffProfile


def today() -> datetime.date:
    return timezone.localdate()


def _stage_expected_by(*, peer: Peer, stage: str, on: datetime.date) -> datetime.date | None:
    if stage in STAGE_DAYS:
        return on + datetime.timedelta(days=STAGE_DAYS[stage])
    if stage == Stage.ACTIVE and peer.is_volunteer and peer.start_date:
        return add_months(peer.start_date, 12)
    if stage == Stage.MOVE_ON and peer.planned_end_date:
        return peer.planned_end_date
    return None


def _open_stage(*, peer: Peer, stage: str, on: datetime.date, by, reason: str) -> StageChange:
    StageChange.objects.filter(peer=peer, left_on__isnull=True).update(left_on=on)
    peer.stage = stage
    peer.save(update_fields=["stage", "start_date", "planned_end_date", "ended_on", "outcome"])
    return StageChange.objects.create(
        peer=peer,
        stage=stage,
        entered_on=on,
        moved_by=by,
        reason=reason.strip(),
        expected_by=_stage_expected_by(peer=peer, stage=stage, on=on),
    )


def _check_coordinators(*, service: Service, profiles) -> None:
    for profile in filter(None, profiles):
        if profile.service_id != service.pk or not workforce_permissions.is_peer_coordinator(profile.user):
            raise ValidationError(f"{profile.display_name} is not a peer coordinator in {service}.")


@transaction.atomic
def peer_create(
    *,
    display_name: str,
    paid: bool,
    service: Service,
    coordinator: StaffProfile,
    by,
    cover_coordinator: StaffProfile | None = None,
    user=None,
    enquiry_on: datetime.date | None = None,
) -> Peer:
    """Start a peer's record at the enquiry stage."""
    if user is not None:
        if not workforce_permissions.is_peer_worker(user):
            raise ValidationError("Only a sign-in of the peer worker kind can be linked to a peer's record.")
        if Peer.objects.filter(user=user).exists():
            raise ValidationError("That sign-in already belongs to another peer's record.")
    _check_coordinators(service=service, profiles=(coordinator, cover_coordinator))
    peer = Peer(
        display_name=display_name.strip(),
        paid=paid,
        service=service,
        coordinator=coordinator,
        cover_coordinator=cover_coordinator,
        user=user,
    )
    peer.full_clean()
    peer.save()
    StageChange.objects.create(
        peer=peer,
        stage=Stage.ENQUIRY,
        entered_on=enquiry_on or today(),
        moved_by=by,
        reason="First enquiry",
        expected_by=_stage_expected_by(peer=peer, stage=Stage.ENQUIRY, on=enquiry_on or today()),
    )
    return peer


@transaction.atomic
def peer_move_stage(*, peer: Peer, stage: str, on: datetime.date, by, reason: str = "") -> StageChange:
    """Move a peer to another stage. Nobody becomes active while a required check is missing or expired."""
    if stage == Stage.ENDED:
        raise ValidationError("To end a journey, record how it ended and the move-on outcome.")
    if peer.stage == Stage.ENDED:
        raise ValidationError(f"{peer.display_name}'s journey has ended. It cannot move to another stage.")
    if stage == peer.stage:
        raise ValidationError(f"{peer.display_name} is already at the {Stage(stage).label.lower()} stage.")
    order = Stage.values
    if order.index(stage) != order.index(peer.stage) + 1 and not reason.strip():
        raise ValidationError("Say why: this is not the next stage in the journey.")
    if stage == Stage.ACTIVE:
        missing = missing_checks(peer=peer, on=on)
        if missing:
            raise ValidationError(f"{peer.display_name} cannot become active yet. Still needed: {'; '.join(missing)}.")
        if peer.start_date is None:
            peer.start_date = on
            if peer.is_volunteer:
                peer.planned_end_date = add_months(on, peer.service.volunteer_max_months)
    return _open_stage(peer=peer, stage=stage, on=on, by=by, reason=reason)


@transaction.atomic
def peer_end(*, peer: Peer, ended_on: datetime.date, outcome: str, by, reason: str = "") -> Peer:
    """End a journey with where the peer is going next."""
    if peer.stage == Stage.ENDED:
        raise ValidationError(f"{peer.display_name}'s journey has already ended.")
    if outcome not in Peer.Outcome.values:
        raise ValidationError("Choose where they are going next.")
    if peer.start_date and ended_on < peer.start_date:
        raise ValidationError("The end date cannot be before they started.")
    peer.ended_on, peer.outcome = ended_on, outcome
    _open_stage(peer=peer, stage=Stage.ENDED, on=ended_on, by=by, reason=reason or "Journey ended")
    return peer


def peer_assign(*, peer: Peer, coordinator: StaffProfile, cover_coordinator: StaffProfile | None = None) -> Peer:
    """Hand a peer to another coordinator, or change who covers. Both must be peer coordinators in the
    peer's service, because they will see the peer's record and supervision notes."""
    _check_coordinators(service=peer.service, profiles=(coordinator, cover_coordinator))
    peer.coordinator, peer.cover_coordinator = coordinator, cover_coordinator
    peer.full_clean()
    peer.save(update_fields=["coordinator", "cover_coordinator"])
    return peer


def case_close(*, allocation: CaseAllocation, closed_on: datetime.date) -> CaseAllocation:
    if allocation.closed_on is not None:
        raise ValidationError(f"Case {allocation.case_reference} is already closed.")
    if closed_on < allocation.allocated_on:
        raise ValidationError("A case cannot close before it was allocated.")
    allocation.closed_on = closed_on
    allocation.save(update_fields=["closed_on"])
    return allocation


def check_record(
    *,
    peer: Peer,
    kind: str,
    completed_on: datetime.date,
    by,
    expires_on: datetime.date | None = None,
    update_service: str = "",
) -> Check:
    return _check_save(
        Check(peer=peer),
        kind=kind,
        completed_on=completed_on,
        expires_on=expires_on,
        update_service=update_service,
        by=by,
    )


def check_correct(
    *,
    check: Check,
    kind: str,
    completed_on: datetime.date,
    by,
    expires_on: datetime.date | None = None,
    update_service: str = "",
) -> Check:
    """Put right a check recorded with a mistake in it. Whoever corrects it is now who recorded it."""
    return _check_save(
        check, kind=kind, completed_on=completed_on, expires_on=expires_on, update_service=update_service, by=by
    )


def _check_save(check: Check, *, kind, completed_on, expires_on, update_service, by) -> Check:
    if completed_on > today():
        raise ValidationError("A check cannot be recorded before it is done.")
    check.kind, check.completed_on, check.expires_on = kind, completed_on, expires_on
    check.update_service, check.recorded_by = update_service, by
    check.full_clean()
    check.save()
    return check


def milestone_record(*, peer: Peer, milestone: str, done_on: datetime.date, by) -> MilestoneRecord:
    if peer.start_date is None:
        raise ValidationError(f"{peer.display_name} has not started yet, so there are no reviews to record.")
    if MilestoneRecord.objects.filter(peer=peer, milestone=milestone).exists():
        raise ValidationError(f"The {MilestoneRecord.Milestone(milestone).label.lower()} is already recorded.")
    record = MilestoneRecord(peer=peer, milestone=milestone, done_on=done_on, recorded_by=by)
    record.full_clean()
    record.save()
    return record


def extension_request(*, peer: Peer, new_end_date: datetime.date, reason: str, by) -> Extension:
    """Ask the service manager to let a volunteer stay past their planned end. A reason is required."""
    if not peer.is_volunteer:
        raise ValidationError("Only volunteers have a planned end to extend.")
    if peer.planned_end_date is None:
        raise ValidationError(f"{peer.display_name} has not started yet, so there is no end date to extend.")
    if new_end_date <= peer.planned_end_date:
        raise ValidationError(f"The new end date must be after {peer.planned_end_date:%d %B %Y}.")
    if not reason.strip():
        raise ValidationError("Give the reason for the extension.")
    if peer.extensions.filter(status=Extension.Status.REQUESTED).exists():
        raise ValidationError("An extension is already waiting for the service manager.")
    return Extension.objects.create(
        peer=peer, new_end_date=new_end_date, reason=reason.strip(), requested_by=by, requested_on=today()
    )


@transaction.atomic
def extension_decide(*, extension: Extension, approve: bool, by) -> Extension:
    """The peer's service manager approves or refuses; an approval moves the planned end."""
    if not rules.has_perm("peernet.decide_extension", by, extension.peer):
        raise ValidationError("Only the service manager of the peer's service can decide on an extension.")
    if extension.status != Extension.Status.REQUESTED:
        raise ValidationError("This extension has already been decided.")
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
    extension.decided_by, extension.decided_on = by, today()
    extension.save()
    if approve:
        peer = extension.peer
        peer.planned_end_date = extension.new_end_date
        peer.save(update_fields=["planned_end_date"])
        StageChange.objects.filter(peer=peer, stage=Stage.MOVE_ON, left_on__isnull=True).update(
            expected_by=extension.new_end_date
        )
    return extension


def supervision_record(
    *,
    peer: Peer,
    held_on: datetime.date,
    supervisor: StaffProfile,
    wellbeing: str,
    next_due_on: datetime.date,
    notes: str = "",
    actions: str = "",
) -> Supervision:
    return _supervision_save(
        Supervision(peer=peer, supervisor=supervisor),
        held_on=held_on,
        wellbeing=wellbeing,
        next_due_on=next_due_on,
        notes=notes,
        actions=actions,
    )


def supervision_correct(
    *,
    supervision: Supervision,
    held_on: datetime.date,
    wellbeing: str,
    next_due_on: datetime.date,
    notes: str = "",
    actions: str = "",
) -> Supervision:
    """Put right a supervision record. It stays with the coordinator who held the supervision."""
    return _supervision_save(
        supervision, held_on=held_on, wellbeing=wellbeing, next_due_on=next_due_on, notes=notes, actions=actions
    )


def _supervision_save(supervision: Supervision, *, held_on, wellbeing, next_due_on, notes, actions) -> Supervision:
    if held_on > today():
        raise ValidationError("Record supervision once it has happened.")
    supervision.held_on, supervision.wellbeing, supervision.next_due_on = held_on, wellbeing, next_due_on
    supervision.notes, supervision.actions = notes.strip(), actions.strip()
    supervision.full_clean()
    supervision.save()
    return supervision


def case_allocate(
    *, peer: Peer, case_reference: str, setting: str, risk: str, allocated_on: datetime.date, by
) -> CaseAllocation:
    """Give a peer a case by its reference. Volunteers are refused anything but low risk, with the reason."""
    refusal = CaseAllocation.refusal_for(peer, risk)
    if refusal:
        raise ValidationError(refusal)
    if peer.stage not in (Stage.ACTIVE, Stage.MOVE_ON):
        raise ValidationError(f"{peer.display_name} is not active, so they cannot take cases.")
    allocation = CaseAllocation(
        peer=peer,
        case_reference=case_reference.strip().upper(),
        setting=setting,
        risk=risk,
        allocated_on=allocated_on,
        allocated_by=by,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


def hours_log(*, peer: Peer, worked_on: datetime.date, activity: str, hours: Decimal) -> ActivityLog:
    """A peer logs time they gave; it waits for their coordinator's approval."""
    if worked_on > today():
        raise ValidationError("You can only log hours for today or days before.")
    if peer.ended_on and worked_on > peer.ended_on:
        raise ValidationError("These hours are after the journey ended.")
    log = ActivityLog(peer=peer, worked_on=worked_on, activity=activity, hours=hours)
    log.full_clean()
    log.save()
    return log


def hours_decide(*, log: ActivityLog, approve: bool, by) -> ActivityLog:
    if log.status != ActivityLog.Status.SUBMITTED:
        raise ValidationError("These hours have already been decided.")
    log.status = ActivityLog.Status.APPROVED if approve else ActivityLog.Status.RETURNED
    log.decided_by, log.decided_on = by, today()
    log.save(update_fields=["status", "decided_by", "decided_on"])
    return log


def training_record(
    *,
    peer: Peer,
    course: str,
    started_on: datetime.date,
    completed_on: datetime.date | None = None,
    title: str = "",
) -> TrainingRecord:
    return training_correct(
        record=TrainingRecord(peer=peer), course=course, started_on=started_on, completed_on=completed_on, title=title
    )


def training_correct(
    *,
    record: TrainingRecord,
    course: str,
    started_on: datetime.date,
    completed_on: datetime.date | None = None,
    title: str = "",
) -> TrainingRecord:
    """Record training, or put right what was recorded (a finish date once the course is over, say)."""
    record.course, record.title = course, title.strip()
    record.started_on, record.completed_on = started_on, completed_on
    record.full_clean()
    record.save()
    return record


def follow_up_record(*, peer: Peer, months_after: int, outcome: str, recorded_on: datetime.date, by) -> FollowUp:
    if peer.stage != Stage.ENDED:
        raise ValidationError("Follow-ups are recorded after the journey has ended.")
    if peer.follow_ups.filter(months_after=months_after).exists():
        raise ValidationError(f"The {months_after}-month follow-up is already recorded.")
    follow_up = FollowUp(peer=peer, months_after=months_after, outcome=outcome, recorded_on=recorded_on, recorded_by=by)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def feedback_record(
    *, peer: Peer, given_by: str, received_on: datetime.date, rating: int, comment: str = ""
) -> Feedback:
    feedback = Feedback(peer=peer, given_by=given_by, received_on=received_on, rating=rating, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    return feedback


def reminders_send(*, on: datetime.date | None = None) -> int:
    """Email each coordinator what is overdue or expiring for their peers, leaving out anything already
    sent to them. Returns how many emails went out."""
    on = on or today()
    sent = 0
    dashboard = absolute_url(reverse("peernet:peer_dashboard"))
    for user, reminders in reminders_due(on=on).items():
        already = set(
            SentReminder.objects.filter(recipient=user, key__in=[item.key for item in reminders]).values_list(
                "key", flat=True
            )
        )
        new = [item for item in reminders if item.key not in already]
        if not new:
            continue
        lines = [f"- {item.peer.display_name}: {item.text}" for item in new]
        body = (
            f"Hello {user.first_name or user.get_username()},\n\n"
            "These need your attention for the peers you coordinate:\n\n"
            + "\n".join(lines)
            + f"\n\nSee all your peers: {dashboard}\n"
        )
        with transaction.atomic():
            SentReminder.objects.bulk_create(
                [SentReminder(key=item.key, recipient=user) for item in new], ignore_conflicts=True
            )
            send_mail("Peer reminders: reviews, supervision and checks", body, None, [user.email])
        sent += 1
    return sent
