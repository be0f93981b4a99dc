"""Writes for peer journeys. Each function checks the rules a coordinator must not be able to get round."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

import rules
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from peernet.journeys.models import STAGE_DAYS, STAGE_ORDER
from peernet.journeys.selectors import missing_checks, reminders_due
from peernet.models import (
    ActivityLog,
    CaseAllocation,
    CaseEvent,
    Check,
    CheckIn,
    Extension,
    Feedback,
    FollowUp,
    MilestoneRecord,
    Peer,
    SentReminder,
    Stage,
    StageChange,
    Supervision,
    SupportAlert,
    TrainingRecord,
)
from workforce import permissions as workforce_permissions
from workforce.audit.services import audited_update
from workforce.common.dates import add_months
from workforce.common.links import absolute_url
from workforce.models import Service, StaffProfile

logger = logging.getLogger(__name__)

# A first enquiry older than this is a typing mistake (1900 for 2019), not a record to keep.
ENQUIRY_YEARS_BACK = 10

CHANGED_MEANWHILE = (
    "Someone else saved a change to {what} while you had this page open, so your change is not saved. "
    "What they saved and what you entered are shown below, and your answers are still in the form. "
    "Check them and save again to replace their version."
)


@dataclass(frozen=True)
class Difference:
    """One field where what is saved now differs from what this person entered."""

    label: str
    theirs: str
    yours: str


class EditConflictError(ValidationError):
    """The record changed after this person's form was built from it: nothing was written.

    ``differences`` lists, field by field, what the other person saved beside what this person entered;
    ``revision`` is the record's revision now, so the form can be saved again on purpose."""

    def __init__(self, *, what: str, differences: list[Difference], revision: int):
        super().__init__(CHANGED_MEANWHILE.format(what=what), code="changed_meanwhile")
        self.differences = differences
        self.revision = revision


def _shown(value) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, datetime.date):
        return _day(value)
    return str(value)


def _differences(pairs) -> list[Difference]:
    return [
        Difference(label=label, theirs=_shown(theirs), yours=_shown(yours))
        for label, theirs, yours in pairs
        if _shown(theirs) != _shown(yours)
    ]


def _claim(model, pk: int, *, revision: int | None, what: str, differences):
    """Lock a row, refuse if it moved past ``revision``, and bump its revision; returns the locked row.

    ``revision`` None is for callers that hold no page (demo data, commands): they only lock and bump.
    ``differences(stored)`` names what the other person changed, for the refusal."""
    stored = model.objects.select_for_update().get(pk=pk)
    if revision is not None and stored.revision != revision:
        raise EditConflictError(what=what, differences=differences(stored), revision=stored.revision)
    model.objects.filter(pk=pk).update(revision=F("revision") + 1)
    stored.revision += 1
    return stored


def _claim_peer(peer: Peer, *, revision: int | None, differences=lambda stored: []) -> Peer:
    """Lock the peer's row for a change to their journey and bring ``peer`` up to date with it, so the
    rules below are checked against what is saved now, not what the page was built from."""
    stored = _claim(Peer, peer.pk, revision=revision, what=f"{peer.display_name}'s journey", differences=differences)
    for name in ("stage", "start_date", "planned_end_date", "ended_on", "outcome", "revision"):
        setattr(peer, name, getattr(stored, name))
    peer.coordinator_id, peer.cover_coordinator_id = stored.coordinator_id, stored.cover_coordinator_id
    return peer


def _stage_differences(*, stage: str, on: datetime.date):
    def differences(stored: Peer) -> list[Difference]:
        latest = StageChange.objects.filter(peer=stored).order_by("-entered_on", "-pk").first()
        return _differences(
            [
                ("Stage", stored.get_stage_display(), Stage(stage).label),
                ("Date of the move", latest.entered_on if latest else None, on),
            ]
        )

    return differences


def today() -> datetime.date:
    return timezone.localdate()


def _day(on: datetime.date) -> str:
    return f"{on:%-d %B %Y}"


def _not_in_future(on: datetime.date, *, field: str, what: str) -> None:
    if on > today():
        raise ValidationError({field: f"{what} cannot be in the future. Enter a date up to {_day(today())}."})


def _journey_since(peer: Peer) -> datetime.date | None:
    """The day the peer reached the stage they are at now: nothing in the journey can be dated before it."""
    return StageChange.objects.filter(peer=peer).aggregate(latest=Max("entered_on"))["latest"]


def _stage_expected_by(*, peer: Peer, stage: str, on: datetime.date) -> datetime.date | None:
    if stage in STAGE_DAYS:
        return on + datetime.timedelta(days=STAGE_DAYS[stage])
    if stage == Stage.ACTIVE and peer.is_volunteer and peer.start_date:
        return add_months(peer.start_date, 12)
    if stage == Stage.MOVE_ON and peer.planned_end_date:
        return peer.planned_end_date
    return None


def _open_stage(*, peer: Peer, stage: str, on: datetime.date, by, reason: str) -> StageChange:
    audited_update(StageChange.objects.filter(peer=peer, left_on__isnull=True), left_on=on)
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
    enquiry_on = enquiry_on or today()
    _not_in_future(enquiry_on, field="enquiry_on", what="The date of first enquiry")
    earliest = today().replace(year=today().year - ENQUIRY_YEARS_BACK)
    if enquiry_on < earliest:
        raise ValidationError(
            {"enquiry_on": f"The date of first enquiry must be after {_day(earliest)}. Check the year."}
        )
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
        entered_on=enquiry_on,
        moved_by=by,
        reason="First enquiry",
        expected_by=_stage_expected_by(peer=peer, stage=Stage.ENQUIRY, on=enquiry_on),
    )
    return peer


@transaction.atomic
def peer_move_stage(
    *, peer: Peer, stage: str, on: datetime.date, by, reason: str = "", revision: int | None = None
) -> StageChange:
    """Move a peer on to a later stage, dated between the day they reached this one and today.

    Stages only go forward; skipping one needs a reason, and nobody gets past "active" without having been
    active. Nobody becomes active while a required check is missing or expired. ``revision`` is the
    journey's revision the form was built from: if it moved on meanwhile, ``EditConflictError``."""
    _claim_peer(peer, revision=revision, differences=_stage_differences(stage=stage, on=on))
    if stage == Stage.ENDED:
        raise ValidationError("To end a journey, record how it ended and the move-on outcome.")
    if peer.stage == Stage.ENDED:
        raise ValidationError(f"{peer.display_name}'s journey has ended. It cannot move to another stage.")
    if stage == peer.stage:
        raise ValidationError(f"{peer.display_name} is already at the {Stage(stage).label.lower()} stage.")
    order = STAGE_ORDER
    label = Stage(stage).label.lower()
    if order.index(stage) < order.index(peer.stage):
        raise ValidationError(
            {"stage": f"A journey only moves forward. {peer.display_name} is past the {label} stage already."}
        )
    if order.index(stage) > order.index(Stage.ACTIVE) and peer.start_date is None:
        raise ValidationError(
            {"stage": f"{peer.display_name} has not been active yet. Move them to active before {label}."}
        )
    if order.index(stage) != order.index(peer.stage) + 1 and not reason.strip():
        raise ValidationError({"reason": "Say why: this is not the next stage in the journey."})
    _check_stage_date(peer=peer, on=on, field="on", what="The date of the move")
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
def peer_end(
    *, peer: Peer, ended_on: datetime.date, outcome: str, by, reason: str = "", revision: int | None = None
) -> Peer:
    """End a journey with where the peer is going next."""

    def differences(stored: Peer) -> list[Difference]:
        return _stage_differences(stage=Stage.ENDED, on=ended_on)(stored) + _differences(
            [("Where they are going next", stored.get_outcome_display(), Peer.Outcome(outcome).label)]
            if outcome in Peer.Outcome.values
            else []
        )

    _claim_peer(peer, revision=revision, differences=differences)
    if peer.stage == Stage.ENDED:
        raise ValidationError(f"{peer.display_name}'s journey has already ended.")
    if outcome not in Peer.Outcome.values:
        raise ValidationError("Choose where they are going next.")
    if peer.start_date and ended_on < peer.start_date:
        raise ValidationError({"ended_on": "The last day cannot be before they started."})
    _check_stage_date(peer=peer, on=ended_on, field="ended_on", what="The last day")
    peer.ended_on, peer.outcome = ended_on, outcome
    _open_stage(peer=peer, stage=Stage.ENDED, on=ended_on, by=by, reason=reason or "Journey ended")
    return peer


def _check_stage_date(*, peer: Peer, on: datetime.date, field: str, what: str) -> None:
    _not_in_future(on, field=field, what=what)
    since = _journey_since(peer)
    if since and on < since:
        raise ValidationError(
            {
                field: f"{what} cannot be before {_day(since)}, when {peer.display_name} reached the "
                f"{peer.get_stage_display().lower()} stage."
            }
        )


@transaction.atomic
def peer_assign(
    *,
    peer: Peer,
    coordinator: StaffProfile,
    cover_coordinator: StaffProfile | None = None,
    revision: int | None = None,
) -> Peer:
    """Hand a peer to another coordinator, or change who covers. Both must be peer coordinators in the
    peer's service, because they will see the peer's record and supervision notes."""

    def differences(stored: Peer) -> list[Difference]:
        names = {
            profile.pk: profile.display_name
            for profile in StaffProfile.objects.filter(pk__in=[stored.coordinator_id, stored.cover_coordinator_id])
        }
        return _differences(
            [
                ("Coordinator", names.get(stored.coordinator_id), coordinator.display_name),
                (
                    "Cover coordinator",
                    names.get(stored.cover_coordinator_id),
                    cover_coordinator.display_name if cover_coordinator else None,
                ),
            ]
        )

    _claim_peer(peer, revision=revision, differences=differences)
    _check_coordinators(service=peer.service, profiles=(coordinator, cover_coordinator))
    peer.coordinator, peer.cover_coordinator = coordinator, cover_coordinator
    peer.full_clean()
    peer.save(update_fields=["coordinator", "cover_coordinator"])
    return peer


@transaction.atomic
def case_close(*, allocation: CaseAllocation, closed_on: datetime.date, by) -> CaseAllocation:
    if allocation.closed_on is not None:
        raise ValidationError(f"Case {allocation.case_reference} is already closed.")
    _check_close_date(allocation=allocation, closed_on=closed_on)
    allocation.closed_on = closed_on
    allocation.save(update_fields=["closed_on"])
    CaseEvent.objects.create(allocation=allocation, kind=CaseEvent.Kind.CLOSED, by=by, detail=f"On {_day(closed_on)}")
    return allocation


def _check_close_date(*, allocation: CaseAllocation, closed_on: datetime.date) -> None:
    _not_in_future(closed_on, field="closed_on", what="The date closed")
    if closed_on < allocation.allocated_on:
        raise ValidationError(
            {"closed_on": f"A case cannot close before it was allocated ({_day(allocation.allocated_on)})."}
        )


def _check_allocation_date(*, peer: Peer, allocated_on: datetime.date) -> None:
    _not_in_future(allocated_on, field="allocated_on", what="The date allocated")
    if peer.start_date and allocated_on < peer.start_date:
        raise ValidationError(
            {
                "allocated_on": f"The date allocated cannot be before {_day(peer.start_date)}, when "
                f"{peer.display_name} became active."
            }
        )


CASE_FIELDS = {
    "case_reference": "Case reference",
    "setting": "Setting",
    "risk": "Risk level",
    "allocated_on": "Date allocated",
    "closed_on": "Date closed",
}


def _case_value(allocation: CaseAllocation, name: str) -> str:
    value = getattr(allocation, name)
    if value is None:
        return "open"
    if isinstance(value, datetime.date):
        return _day(value)
    display = getattr(allocation, f"get_{name}_display", None)
    return display() if display else str(value)


@transaction.atomic
def case_change(
    *,
    allocation: CaseAllocation,
    case_reference: str,
    setting: str,
    risk: str,
    allocated_on: datetime.date,
    by,
    closed_on: datetime.date | None = None,
) -> CaseAllocation:
    """Put right a case, or close or reopen it, under the same rules as a new one. What changed goes into
    the case's history with who changed it."""
    peer = allocation.peer
    refusal = CaseAllocation.refusal_for(peer, risk)
    if refusal:
        raise ValidationError({"risk": refusal})
    _check_allocation_date(peer=peer, allocated_on=allocated_on)
    # A model form may already have put the new values on the instance: compare with what is stored.
    stored = CaseAllocation.objects.select_for_update().get(pk=allocation.pk)
    before = {name: _case_value(stored, name) for name in CASE_FIELDS}
    allocation.case_reference, allocation.setting, allocation.risk = case_reference.strip().upper(), setting, risk
    allocation.allocated_on, allocation.closed_on = allocated_on, closed_on
    if closed_on is not None:
        _check_close_date(allocation=allocation, closed_on=closed_on)
    allocation.full_clean()
    changes = [
        f"{label}: {before[name]} to {_case_value(allocation, name)}"
        for name, label in CASE_FIELDS.items()
        if before[name] != _case_value(allocation, name)
    ]
    if not changes:
        raise ValidationError("Nothing has changed.")
    allocation.save()
    CaseEvent.objects.create(allocation=allocation, kind=CaseEvent.Kind.CHANGED, by=by, detail="; ".join(changes))
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


@transaction.atomic
def check_correct(
    *,
    check: Check,
    kind: str,
    completed_on: datetime.date,
    by,
    revision: int,
    expires_on: datetime.date | None = None,
    update_service: str = "",
) -> Check:
    """Put right a check recorded with a mistake in it. Whoever corrects it is now who recorded it.

    ``revision`` is the check's revision the form was built from: if someone corrected it meanwhile,
    nothing is saved and ``EditConflictError`` shows what they saved."""

    def differences(stored: Check) -> list[Difference]:
        return _differences(
            [
                (
                    "Which check",
                    stored.get_kind_display(),
                    Check.Kind(kind).label if kind in Check.Kind.values else kind,
                ),
                ("Date done", stored.completed_on, completed_on),
                ("Expiry date", stored.expires_on, expires_on),
                (
                    "DBS Update Service",
                    stored.get_update_service_display() if stored.update_service else None,
                    Check.UpdateService(update_service).label if update_service else None,
                ),
            ]
        )

    stored = _claim(Check, check.pk, revision=revision, what="this check", differences=differences)
    check.revision = stored.revision
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
        peer = _claim_peer(extension.peer, revision=None)
        peer.planned_end_date = extension.new_end_date
        peer.save(update_fields=["planned_end_date"])
        audited_update(
            StageChange.objects.filter(peer=peer, stage=Stage.MOVE_ON, left_on__isnull=True),
            expected_by=extension.new_end_date,
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
    """Record a supervision. "Needs extra support now" raises a support alert to the peer's coordinators."""
    return _supervision_save(
        Supervision(peer=peer, supervisor=supervisor),
        held_on=held_on,
        wellbeing=wellbeing,
        next_due_on=next_due_on,
        notes=notes,
        actions=actions,
    )


@transaction.atomic
def supervision_correct(
    *,
    supervision: Supervision,
    held_on: datetime.date,
    wellbeing: str,
    next_due_on: datetime.date,
    revision: int,
    notes: str = "",
    actions: str = "",
) -> Supervision:
    """Put right a supervision record. It stays with the coordinator who held the supervision. Changing it to
    "Needs extra support now" raises an alert; changing it away leaves any alert open until it is closed.

    ``revision`` is the record's revision the form was built from: if someone corrected it meanwhile,
    nothing is saved and ``EditConflictError`` shows what they saved."""

    def differences(stored: Supervision) -> list[Difference]:
        wellbeing_label = (
            Supervision.Wellbeing(wellbeing).label if wellbeing in Supervision.Wellbeing.values else wellbeing
        )
        return _differences(
            [
                ("Date of supervision", stored.held_on, held_on),
                ("Wellbeing", stored.get_wellbeing_display(), wellbeing_label),
                ("Notes", stored.notes, notes.strip()),
                ("Actions", stored.actions, actions.strip()),
                ("Next supervision due", stored.next_due_on, next_due_on),
            ]
        )

    stored = _claim(
        Supervision, supervision.pk, revision=revision, what="this supervision record", differences=differences
    )
    supervision.revision = stored.revision
    return _supervision_save(
        supervision, held_on=held_on, wellbeing=wellbeing, next_due_on=next_due_on, notes=notes, actions=actions
    )


@transaction.atomic
def _supervision_save(supervision: Supervision, *, held_on, wellbeing, next_due_on, notes, actions) -> Supervision:
    if held_on > today():
        raise ValidationError({"held_on": "Record supervision once it has happened."})
    supervision.held_on, supervision.wellbeing, supervision.next_due_on = held_on, wellbeing, next_due_on
    supervision.notes, supervision.actions = notes.strip(), actions.strip()
    supervision.full_clean()
    supervision.save()
    if supervision.needs_support and not supervision.support_alerts.open().exists():
        support_alert_raise(peer=supervision.peer, supervision=supervision, by=supervision.supervisor.user)
    return supervision


def check_in_record(*, peer: Peer, wellbeing: str, by) -> CheckIn:
    """A peer says how they are today. "Needs extra support now" raises an alert to their coordinators."""
    if peer.stage == Stage.ENDED:
        raise ValidationError("Your journey has ended, so check-ins are closed. Talk to your coordinator.")
    if wellbeing not in Supervision.Wellbeing.values:
        raise ValidationError({"wellbeing": "Choose how you are."})
    with transaction.atomic():
        check_in = CheckIn.objects.create(peer=peer, on=today(), wellbeing=wellbeing)
        if wellbeing == Supervision.Wellbeing.NEEDS_SUPPORT and not peer.support_alerts.open().exists():
            support_alert_raise(peer=peer, check_in=check_in, by=by)
    return check_in


def support_alert_raise(
    *, peer: Peer, by, supervision: Supervision | None = None, check_in: CheckIn | None = None
) -> SupportAlert:
    """Open an alert and email the peer's coordinator and cover as soon as the record is saved."""
    reported_on = supervision.held_on if supervision else check_in.on if check_in else today()
    alert = SupportAlert.objects.create(
        peer=peer, supervision=supervision, check_in=check_in, reported_on=reported_on, raised_by=by
    )
    transaction.on_commit(lambda: _notify_or_log(alert))
    return alert


def _notify_or_log(alert: SupportAlert) -> None:
    # The supervision is saved by now: a mail server that is down must not turn that into an error page.
    # The alert still shows on the dashboard and goes out with the next daily reminder.
    try:
        support_alert_notify(alert=alert)
    except OSError:
        logger.exception("Could not email the support alert for peer %s", alert.peer_id)


def _alert_recipients(peer: Peer) -> list[str]:
    profiles = StaffProfile.objects.filter(pk__in=peer.coordinator_ids(), active=True).select_related("user")
    return sorted({profile.user.email for profile in profiles if profile.user.email})


def support_alert_notify(*, alert: SupportAlert) -> bool:
    """The email says only who needs support and where to act: supervision notes never leave the site."""
    peer = alert.peer
    recipients = _alert_recipients(peer)
    if not recipients:
        return False
    link = absolute_url(reverse("peernet:peer_detail", args=[peer.pk]))
    body = (
        f"{peer.display_name} ({peer.kind_label.lower()}, {peer.service.name}) needs extra support now.\n\n"
        f"This was noted {alert.source} on {_day(alert.reported_on)}. Please contact them today.\n\n"
        f"When you have acted, record what was done on their record: {link}\n"
        "The alert stays on the peers page and in your reminders until then.\n"
    )
    send_mail(f"{peer.display_name} needs extra support now", body, None, recipients)
    return True


def support_alert_close(*, alert: SupportAlert, done_on: datetime.date, action: str, by) -> SupportAlert:
    """Close an alert with what was done and when. Whoever records it is kept as the one who closed it."""
    if not rules.has_perm("peernet.close_support_alert", by, alert.peer):
        raise ValidationError("Only the peer's coordinators or their service manager can close this alert.")
    if not alert.is_open:
        raise ValidationError("This alert is already closed.")
    if not action.strip():
        raise ValidationError({"action": "Say what was done to support them."})
    _not_in_future(done_on, field="done_on", what="The date it was done")
    if done_on < alert.reported_on:
        raise ValidationError(
            {"done_on": f"The date it was done cannot be before the need was seen ({_day(alert.reported_on)})."}
        )
    alert.done_on, alert.action = done_on, action.strip()
    alert.closed_by, alert.closed_at = by, timezone.now()
    alert.full_clean()
    alert.save(update_fields=["done_on", "action", "closed_by", "closed_at"])
    return alert


@transaction.atomic
def case_allocate(
    *, peer: Peer, case_reference: str, setting: str, risk: str, allocated_on: datetime.date, by
) -> CaseAllocation:
    """Give a peer a case by its reference. Volunteers are refused anything but low risk, with the reason.
    The date is between the day they became active and today, so the case can always be closed."""
    refusal = CaseAllocation.refusal_for(peer, risk)
    if refusal:
        raise ValidationError(refusal)
    if peer.stage not in (Stage.ACTIVE, Stage.MOVE_ON):
        raise ValidationError(f"{peer.display_name} is not active, so they cannot take cases.")
    _check_allocation_date(peer=peer, allocated_on=allocated_on)
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
    CaseEvent.objects.create(
        allocation=allocation, kind=CaseEvent.Kind.ALLOCATED, by=by, detail=f"On {_day(allocated_on)}"
    )
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
    due = add_months(peer.ended_on, months_after)
    if recorded_on < due:
        raise ValidationError(
            {
                "recorded_on": f"The {months_after}-month follow-up is due on {_day(due)}, {months_after} months "
                "after the journey ended. Record it on that day or later."
            }
        )
    _not_in_future(recorded_on, field="recorded_on", what="The date of the follow-up")
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
        with transaction.atomic():
            # Claim each reminder before it is sent. A second run at the same time waits on the first's
            # uncommitted claim (the unique key), then finds it taken, so no reminder goes twice; if the
            # email fails, the claims roll back and the next run sends it. Claimed in key order, so two runs
            # never wait on each other's claims.
            new = [
                item
                for item in sorted(new, key=lambda item: item.key)
                if SentReminder.objects.get_or_create(key=item.key, recipient=user)[1]
            ]
            if not new:
                continue
            lines = [f"- {item.peer.display_name}: {item.text}" for item in new]
            body = (
                f"Hello {user.first_name or user.get_username()},\n\n"
                "These need your attention for the peers you coordinate:\n\n"
                + "\n".join(lines)
                + f"\n\nSee all your peers: {dashboard}\n"
            )
            send_mail("Peer reminders: reviews, supervision and checks", body, None, [user.email])
        sent += 1
    return sent
