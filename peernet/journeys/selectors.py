"""Reads for peer journeys, filtered by who is asking. Pages built from these make a fixed number of queries
however many peers there are: everything a row needs is prefetched and worked out in Python."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from peernet.journeys.models import MILESTONE_MONTHS, Milestone
from peernet.models import (
    ActivityLog,
    CaseAllocation,
    CaseEvent,
    Check,
    Extension,
    FollowUp,
    MilestoneRecord,
    Peer,
    Stage,
    StageChange,
    Supervision,
    SupportAlert,
    TrainingRecord,
)
from workforce import permissions as workforce_permissions
from workforce.common import charts
from workforce.common.dates import add_months
from workforce.common.disclosure import disclose, disclose_share
from workforce.models import Region, Service

EXPIRY_WARNING_DAYS = 60
FIRST_SUPERVISION_DAYS = 28
MOVED_ON_WELL = {Peer.Outcome.PAID_LD, Peer.Outcome.PAID_ELSEWHERE, Peer.Outcome.EDUCATION}


CHECK_WORDS = {
    Check.Kind.DBS: ("a DBS check", "DBS checks"),
    Check.Kind.REFERENCE: ("a reference", "references"),
    Check.Kind.RIGHT_TO_WORK: ("a right to work check", "right to work checks"),
}


def missing_checks(*, peer: Peer, on: datetime.date) -> list[str]:
    """What is still missing or out of date before this peer can become active, in plain words."""
    missing = []
    checks = list(peer.checks.all())
    for kind, needed in Check.REQUIRED.items():
        of_kind = [check for check in checks if check.kind == kind]
        valid = sum(1 for check in of_kind if check.is_valid_on(on))
        if valid >= needed:
            continue
        one, many = CHECK_WORDS[kind]
        text = one if needed - valid == 1 else f"{needed - valid} {many}"
        if len(of_kind) > valid:
            text += " (one has expired)"
        missing.append(text)
    return missing


def peers_visible_to(*, user) -> QuerySet[Peer]:
    """Peers whose record this user may see: those they coordinate or cover, their service's peers for a
    service manager, and their own record for a peer. Nobody else, administrators included."""
    peers = Peer.objects.select_related("service__region", "coordinator__user", "cover_coordinator__user")
    if not user.is_authenticated:
        return peers.none()
    condition = Q(user=user)
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        if workforce_permissions.is_peer_coordinator(user):
            condition |= Q(coordinator=profile) | Q(cover_coordinator=profile)
        if workforce_permissions.is_service_manager(user):
            condition |= Q(service_id=profile.service_id)
    return peers.filter(condition)


def _with_journey(peers: QuerySet[Peer], *, latest_only: bool = False, ended_briefly: bool = False) -> QuerySet[Peer]:
    """Everything ``journey`` reads. ``latest_only`` keeps just the last supervision and the open stage,
    which is all a list of peers needs, so a peer five years in costs no more than one just started.

    ``ended_briefly`` reads an ended journey only as far as deciding whether it needs attention: its
    follow-ups and open support alerts. Checks, milestones, supervisions and stages never make an ended
    journey overdue (``journey`` looks at them only while it is under way), and most of a service's peers
    have ended."""
    checks, milestones = Check.objects.all(), MilestoneRecord.objects.all()
    supervisions = Supervision.objects.select_related("supervisor__user")
    stages = StageChange.objects.select_related("moved_by")
    if latest_only:
        supervisions = supervisions.annotate(
            newest=Window(RowNumber(), partition_by=F("peer_id"), order_by=[F("held_on").desc(), F("pk").desc()])
        ).filter(newest=1)
        stages = stages.filter(left_on__isnull=True)
    if ended_briefly:
        checks, milestones, supervisions, stages = (
            queryset.exclude(peer__stage=Stage.ENDED) for queryset in (checks, milestones, supervisions, stages)
        )
    return peers.prefetch_related(
        Prefetch("checks", queryset=checks),
        Prefetch("milestones", queryset=milestones),
        "follow_ups",
        Prefetch("supervisions", queryset=supervisions),
        Prefetch("stage_changes", queryset=stages),
        Prefetch(
            "support_alerts",
            queryset=SupportAlert.objects.open().select_related("raised_by").order_by("raised_at", "pk"),
            to_attr="open_support_alerts",
        ),
    )


def peer_record(*, user, pk: int) -> Peer | None:
    """One peer's record with everything their record page shows, or None if this user may not see it."""
    case_events = Prefetch("events", queryset=CaseEvent.objects.select_related("by"))
    return (
        _with_journey(peers_visible_to(user=user))
        .prefetch_related(
            "extensions",
            Prefetch("allocations", queryset=CaseAllocation.objects.prefetch_related(case_events)),
            Prefetch(
                "support_alerts",
                queryset=SupportAlert.objects.filter(closed_at__isnull=False).select_related("closed_by"),
                to_attr="closed_support_alerts",
            ),
            "training",
            "feedback",
            Prefetch("activity_logs", queryset=ActivityLog.objects.select_related("decided_by")),
        )
        .filter(pk=pk)
        .first()
    )


def own_peer_record(*, user) -> Peer | None:
    if not user.is_authenticated:
        return None
    return peer_record(user=user, pk=Peer.objects.filter(user=user).values_list("pk", flat=True).first() or 0)


# --- A peer's journey at a glance ---------------------------------------------------------------------------


def journey_month(start: datetime.date, on: datetime.date) -> int:
    """Which month of their journey a peer is in: 1 from the day they start."""
    months = (on.year - start.year) * 12 + on.month - start.month - (1 if on.day < start.day else 0)
    return max(months, 0) + 1


@dataclass
class MilestoneDue:
    code: str
    label: str
    due_on: datetime.date
    done_on: datetime.date | None
    overdue: bool


@dataclass
class CheckAlert:
    check: Check
    expired: bool


@dataclass
class Journey:
    peer: Peer
    month: int | None
    max_months: int | None
    progress: int
    milestones: list[MilestoneDue]
    supervision_due: datetime.date | None
    supervision_overdue: bool
    check_alerts: list[CheckAlert]
    missing: list[str]
    current_stage: StageChange | None
    stage_late: bool
    next_action: str
    overdue: list[str] = field(default_factory=list)
    support_alerts: list[SupportAlert] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.support_alerts or self.overdue)


def _milestones(peer: Peer, on: datetime.date) -> list[MilestoneDue]:
    if peer.start_date is None:
        return []
    done = {record.milestone: record.done_on for record in peer.milestones.all()}
    items = []
    for milestone, months in MILESTONE_MONTHS.items():
        if milestone == Milestone.MOVE_ON_PLAN and not peer.is_volunteer:
            continue
        due = add_months(peer.start_date, months)
        if peer.ended_on and due > peer.ended_on and milestone not in done:
            continue
        done_on = done.get(milestone)
        items.append(
            MilestoneDue(
                milestone,
                Milestone(milestone).label,
                due,
                done_on,
                done_on is None and due < on and peer.stage != Stage.ENDED,
            )
        )
    if peer.planned_end_date:
        items.append(MilestoneDue("end", "Planned end", peer.planned_end_date, peer.ended_on, False))
    return sorted(items, key=lambda item: item.due_on)


def _check_alerts(peer: Peer, on: datetime.date) -> list[CheckAlert]:
    if peer.stage == Stage.ENDED:
        return []
    checks = list(peer.checks.all())
    soon = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    alerts = []
    for check in checks:
        if check.expires_on is None or check.expires_on > soon:
            continue
        renewed = any(other.kind == check.kind and other.completed_on > check.completed_on for other in checks)
        if not renewed:
            alerts.append(CheckAlert(check, check.expires_on < on))
    return alerts


FOLLOW_UP_MONTHS = (3, 6)


def _follow_ups_due(peer: Peer, on: datetime.date) -> list[tuple[int, datetime.date]]:
    """Follow-ups after the end that are due and not yet recorded."""
    if peer.ended_on is None:
        return []
    recorded = {follow_up.months_after for follow_up in peer.follow_ups.all()}
    return [
        (months, add_months(peer.ended_on, months))
        for months in FOLLOW_UP_MONTHS
        if months not in recorded and add_months(peer.ended_on, months) <= on
    ]


def journey(peer: Peer, on: datetime.date) -> Journey:
    """Where a peer is and what needs doing next, from their prefetched record."""
    started = peer.start_date is not None
    end_day = peer.ended_on or on
    month = journey_month(peer.start_date, end_day) if started else None
    max_months = peer.service.volunteer_max_months if peer.is_volunteer else None
    progress = min(100, round(100 * month / max_months)) if month and max_months else 0
    milestones = _milestones(peer, on)
    supervisions = list(peer.supervisions.all())
    supervision_due = None
    if peer.stage in (Stage.ACTIVE, Stage.MOVE_ON):
        if supervisions:
            supervision_due = supervisions[0].next_due_on
        elif started:
            supervision_due = peer.start_date + datetime.timedelta(days=FIRST_SUPERVISION_DAYS)
    supervision_overdue = supervision_due is not None and supervision_due < on
    alerts = _check_alerts(peer, on)
    missing = missing_checks(peer=peer, on=on) if not started and peer.stage != Stage.ENDED else []
    current = next((change for change in peer.stage_changes.all() if change.left_on is None), None)
    stage_late = current is not None and peer.stage != Stage.ENDED and current.is_late(on)

    overdue = [f"{item.label} was due {item.due_on:%-d %b %Y}" for item in milestones if item.overdue]
    if supervision_overdue:
        overdue.append(f"Supervision was due {supervision_due:%-d %b %Y}")
    if stage_late:
        overdue.append(f"{Stage(peer.stage).label} stage was expected to finish by {current.expected_by:%-d %b %Y}")

    follow_ups = _follow_ups_due(peer, on)
    overdue += [f"{months}-month follow-up was due {due:%-d %b %Y}" for months, due in follow_ups]
    support_alerts = list(getattr(peer, "open_support_alerts", None) or [])
    if support_alerts:
        next_action = (
            f"Needs extra support now (seen {support_alerts[0].reported_on:%-d %b %Y}): "
            "contact them and record what was done"
        )
    elif peer.stage == Stage.ENDED:
        next_action = overdue[0] if overdue else "Journey ended"
    elif overdue:
        next_action = overdue[0]
    elif peer.stage == Stage.CHECKS and missing:
        next_action = f"Still needed: {', '.join(missing)}"
    elif alerts:
        first = alerts[0].check
        verb = "expired" if alerts[0].expired else "expires"
        next_action = f"Renew the {first.get_kind_display()} ({verb} {first.expires_on:%-d %b %Y})"
    else:
        upcoming = [item for item in milestones if item.done_on is None and item.due_on >= on]
        candidates = [(item.due_on, f"{item.label} by {item.due_on:%-d %b %Y}") for item in upcoming[:1]]
        if supervision_due:
            candidates.append((supervision_due, f"Supervision by {supervision_due:%-d %b %Y}"))
        if current and current.expected_by and not started:
            stage_label = Stage(peer.stage).label.lower()
            candidates.append(
                (current.expected_by, f"Finish the {stage_label} stage by {current.expected_by:%-d %b %Y}")
            )
        next_action = min(candidates)[1] if candidates else "Nothing due"
    return Journey(
        peer=peer,
        month=month,
        max_months=max_months,
        progress=progress,
        milestones=milestones,
        supervision_due=supervision_due,
        supervision_overdue=supervision_overdue,
        check_alerts=alerts,
        missing=missing,
        current_stage=current,
        stage_late=stage_late,
        next_action=next_action,
        overdue=overdue,
        support_alerts=support_alerts,
    )


# --- The coordinator's dashboard ------------------------------------------------------------------------------


def dashboard_peers(*, user) -> QuerySet[Peer]:
    """Every peer this user coordinates or manages, current and ended, ready for ``journey``."""
    peers = (
        peers_visible_to(user=user)
        .exclude(user=user)
        .annotate(hours_waiting=Count("activity_logs", filter=Q(activity_logs__status=ActivityLog.Status.SUBMITTED)))
    )
    return _with_journey(peers, latest_only=True).order_by("display_name")


def peers_to_check_for_attention(*, user, on: datetime.date) -> QuerySet[Peer]:
    """The peers of ``dashboard_peers`` that might need attention on ``on``, read only as far as
    ``journey(...).needs_attention`` needs: what home lists.

    An ended journey needs attention only for an open support alert or a follow-up that is due and not
    recorded (``journey``), so ended peers with neither possible are left out in the database: most of a
    service's peers ended long ago with their follow-ups done. This is a first sieve, wider than the rule;
    ``journey`` still decides. An ended journey's checks, milestones, supervisions and stages are not read,
    nor anyone's hours."""
    # The first follow-up falls due three months after the end (``add_months``, which keeps to the month's last
    # day), and three months are never shorter than 89 days: ending before this day is the widest it can be.
    first_due = on - datetime.timedelta(days=88)
    every_follow_up_recorded = Q()
    for months in FOLLOW_UP_MONTHS:
        every_follow_up_recorded &= Exists(FollowUp.objects.filter(peer=OuterRef("pk"), months_after=months))
    might = (
        ~Q(stage=Stage.ENDED)
        | Exists(SupportAlert.objects.open().filter(peer=OuterRef("pk")))
        | (Q(ended_on__lte=first_due) & ~every_follow_up_recorded)
    )
    peers = peers_visible_to(user=user).exclude(user=user).filter(might)
    return _with_journey(peers, latest_only=True, ended_briefly=True).order_by("display_name")


def extensions_waiting(*, user) -> QuerySet[Extension]:
    """Extensions this user (a service manager) has to decide."""
    profile = getattr(user, "staff_profile", None)
    if profile is None or not workforce_permissions.is_service_manager(user):
        return Extension.objects.none()
    return (
        Extension.objects.filter(status=Extension.Status.REQUESTED, peer__service_id=profile.service_id)
        .select_related("peer")
        .order_by("requested_on")
    )


def timeline_chart(*, peers: list[Peer], on: datetime.date) -> dict | None:
    """One bar per peer from start to end (or planned end, or today), as a single trace."""
    started = sorted((peer for peer in peers if peer.start_date), key=lambda peer: peer.start_date)
    if not started:
        return None
    xs, ys = [], []
    for peer in started:
        finish = peer.ended_on or peer.planned_end_date or on
        xs += [peer.start_date.isoformat(), finish.isoformat(), None]
        ys += [peer.display_name, peer.display_name, None]
    today = {
        "type": "line",
        "x0": on.isoformat(),
        "x1": on.isoformat(),
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"dash": "dot", "color": "#4c6272"},
    }
    journeys = {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "line": {"width": 12}, "name": "Journey"}
    figure = {
        "data": [{**journeys, "hoverinfo": "x+y"}],
        "layout": {
            "height": max(240, 26 * len(started) + 80),
            "showlegend": False,
            "yaxis": {"autorange": "reversed"},
            "xaxis": {"type": "date"},
            "shapes": [today],
        },
    }
    ended = sum(1 for peer in started if peer.ended_on)
    return charts.chart(
        chart_id="peer-timeline",
        title="Journeys from start to end",
        figure=figure,
        summary=f"{len(started)} peers have started; {ended} of them have ended. Each bar runs from the start "
        "date to the end date, or the planned end for current volunteers.",
    )


# --- Outcomes ---------------------------------------------------------------------------------------------------


@dataclass
class Outcomes:
    label: str
    started: int
    active: int
    ended: int
    moved_on_well: int
    median_months: float | None
    paid: int
    paid_nvq3: int
    paid_into_ld_post: int
    key: int | None = None

    @property
    def moved_on_share(self) -> int | None:
        return round(100 * self.moved_on_well / self.ended) if self.ended else None

    def disclosed(self) -> dict:
        """The figures as a commissioner may see them: small counts hidden, the rest rounded."""
        return {
            "label": self.label,
            "key": self.key,
            "started": disclose(self.started),
            "active": disclose(self.active),
            "ended": disclose(self.ended),
            "moved_on_share": disclose_share(self.moved_on_well, self.ended),
            "median_months": (
                f"{self.median_months:.0f}"
                if self.median_months is not None and self.ended > 7
                else ("*" if self.ended else "–")
            ),
            "paid": disclose(self.paid),
            "paid_nvq3": disclose(self.paid_nvq3),
            "paid_into_ld_post": disclose(self.paid_into_ld_post),
        }


OUTCOME_FIELDS = ("id", "service_id", "paid", "stage", "start_date", "ended_on", "outcome")


def _rows(peers: QuerySet[Peer]) -> tuple[list[dict], set[int]]:
    rows = list(peers.values(*OUTCOME_FIELDS))
    nvq = set(
        TrainingRecord.objects.filter(
            peer__in=peers, course=TrainingRecord.Course.NVQ3, completed_on__isnull=False
        ).values_list("peer_id", flat=True)
    )
    return rows, nvq


def _outcomes(label: str, rows: list[dict], nvq: set[int], key: int | None = None) -> Outcomes:
    started = [row for row in rows if row["start_date"]]
    ended = [row for row in started if row["stage"] == Stage.ENDED]
    months = [(row["ended_on"] - row["start_date"]).days / 30.4375 for row in ended if row["ended_on"]]
    paid = [row for row in started if row["paid"]]
    return Outcomes(
        label=label,
        started=len(started),
        active=sum(1 for row in started if row["stage"] in (Stage.ACTIVE, Stage.MOVE_ON)),
        ended=len(ended),
        moved_on_well=sum(1 for row in ended if row["outcome"] in MOVED_ON_WELL),
        median_months=statistics.median(months) if months else None,
        paid=len(paid),
        paid_nvq3=sum(1 for row in paid if row["id"] in nvq),
        paid_into_ld_post=sum(1 for row in paid if row["outcome"] == Peer.Outcome.PAID_LD),
        key=key,
    )


def service_outcomes(*, service: Service) -> Outcomes:
    rows, nvq = _rows(Peer.objects.filter(service=service))
    return _outcomes(service.name, rows, nvq)


def region_outcomes(*, region: Region) -> tuple[Outcomes, list[Outcomes]]:
    """The region's totals and one line per service, from two queries whatever the number of peers."""
    services = list(Service.objects.filter(region=region).order_by("name"))
    rows, nvq = _rows(Peer.objects.filter(service__region=region))
    per_service = [
        _outcomes(service.name, [row for row in rows if row["service_id"] == service.pk], nvq) for service in services
    ]
    return _outcomes(region.name, rows, nvq, region.pk), per_service


def national_outcomes() -> list[Outcomes]:
    """One line per region, for commissioners."""
    regions = {region.pk: region.name for region in Region.objects.all()}
    rows, nvq = _rows(Peer.objects.all())
    service_region = dict(Service.objects.values_list("pk", "region_id"))
    by_region: dict[int, list[dict]] = {}
    for row in rows:
        by_region.setdefault(service_region[row["service_id"]], []).append(row)
    return [_outcomes(name, by_region.get(pk, []), nvq, pk) for pk, name in regions.items()]


def regions_for_outcomes(*, user) -> QuerySet[Region]:
    """Regions whose figures this user may see: all for commissioners, their own for a service manager."""
    regions = Region.objects.all()
    if workforce_permissions.is_commissioner(user) or workforce_permissions.is_administrator(user):
        return regions
    profile = getattr(user, "staff_profile", None)
    if profile is not None and workforce_permissions.is_service_manager(user):
        return regions.filter(services=profile.service_id)
    return regions.none()


def milestone_choices(peer: Peer) -> list[tuple[str, str]]:
    done = {record.milestone for record in peer.milestones.all()}
    return [
        (value, label)
        for value, label in Milestone.choices
        if value not in done and (peer.is_volunteer or value != Milestone.MOVE_ON_PLAN)
    ]


# --- Reminders ---------------------------------------------------------------------------------------------------


@dataclass
class Reminder:
    key: str
    peer: Peer
    text: str


def reminders_due(*, on: datetime.date) -> dict:
    """For each coordinator (and cover coordinator) user, what is overdue or expiring for their peers.

    Each reminder has a key that stays the same from day to day, so it is sent once."""
    recent_end = add_months(on, -(max(FOLLOW_UP_MONTHS) + 1))
    peers = _with_journey(
        Peer.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=recent_end)).select_related(
            "service", "coordinator__user", "cover_coordinator__user"
        ),
        latest_only=True,
    )
    due: dict = {}
    for peer in peers:
        item = journey(peer, on)
        # An open alert is in every day's email until someone records what was done.
        reminders = [
            Reminder(
                f"alert{alert.pk}:{on}",
                peer,
                f"Needs extra support now (seen {alert.reported_on:%-d %B %Y}). Record what was done.",
            )
            for alert in item.support_alerts
        ]
        reminders += [
            Reminder(
                f"peer{peer.pk}:{milestone.code}:{milestone.due_on}",
                peer,
                f"{milestone.label} was due {milestone.due_on:%-d %B %Y}",
            )
            for milestone in item.milestones
            if milestone.overdue
        ]
        if item.supervision_overdue:
            reminders.append(
                Reminder(
                    f"peer{peer.pk}:supervision:{item.supervision_due}",
                    peer,
                    f"Supervision was due {item.supervision_due:%-d %B %Y}",
                )
            )
        for months, due_on in _follow_ups_due(peer, on):
            reminders.append(
                Reminder(
                    f"peer{peer.pk}:follow_up_{months}:{due_on}",
                    peer,
                    f"{months}-month follow-up after they ended was due {due_on:%-d %B %Y}",
                )
            )
        for alert in item.check_alerts:
            state = "expired" if alert.expired else "expires"
            reminders.append(
                Reminder(
                    f"check{alert.check.pk}:{state}:{alert.check.expires_on}",
                    peer,
                    f"{alert.check.get_kind_display()} {state} {alert.check.expires_on:%-d %B %Y}",
                )
            )
        if not reminders:
            continue
        for profile in (peer.coordinator, peer.cover_coordinator):
            if profile is not None and profile.user.email and profile.active:
                due.setdefault(profile.user, []).extend(reminders)
    return due
