"""Demo peer journeys: the demo volunteers and paid peer, and peers without a sign-in at every stage.

Built through the same services coordinators use, with dates in the past so the dashboard has reviews
due, supervision overdue, checks expiring and journeys that have ended. Riverside has two peer coordinators
who cover for each other, so cover can be seen from both sides, and one volunteer has an open support alert
(another had one that was closed, so the record shows who closed it and what was done). Safe to run again:
a peer who already has a record is left as they are.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from peernet.journeys import services
from peernet.models import Peer, Stage
from workforce import roles
from workforce.common.dates import add_months
from workforce.models import Service, StaffProfile
from workforce.people import demo as people_demo
from workforce.people.services import groups_for, staff_upsert

ORDER = [Stage.APPLICATION, Stage.INTERVIEW, Stage.CHECKS, Stage.INDUCTION, Stage.ACTIVE, Stage.MOVE_ON]

# Riverside's second peer coordinator: (first, last, job title). They cover Jordan's peers and Jordan theirs.
COVER = ("Taylor", "Brooks", "Peer support coordinator")
TAYLOR = "taylor.brooks"

# (email local part or None, display name, service name prefix, coordinator, paid, months since active
#  (None if not active yet), stage to reach, outcome if ended, months since it ended)
PEERS = [
    ("alex.green", "Alex Green", "Riverside", "jordan.blake", False, 5, Stage.ACTIVE, None, None),
    ("jamie.fox", "Jamie Fox", "Riverside", "jordan.blake", False, None, Stage.CHECKS, None, None),
    ("robin.lee", "Robin Lee", "Riverside", "jordan.blake", False, 13, Stage.MOVE_ON, None, None),
    ("chris.hall", "Chris Hall", "Riverside", "jordan.blake", True, 14, Stage.ACTIVE, None, None),
    (None, "Sam T", "Riverside", TAYLOR, False, None, Stage.ENQUIRY, None, None),
    (None, "Lee P", "Riverside", TAYLOR, False, None, Stage.INTERVIEW, None, None),
    (None, "Pat W", "Riverside", TAYLOR, False, 7, Stage.ACTIVE, None, None),
    (None, "Dee M", "Riverside", "jordan.blake", False, 26, Stage.ENDED, Peer.Outcome.PAID_LD, 8),
    (None, "Max R", "Riverside", "jordan.blake", False, 22, Stage.ENDED, Peer.Outcome.EDUCATION, 4),
    (None, "Jo K", "Riverside", "jordan.blake", False, 10, Stage.ENDED, Peer.Outcome.NOT_KNOWN, 2),
    (None, "Ola S", "Riverside", "jordan.blake", True, 30, Stage.ENDED, Peer.Outcome.PAID_LD, 6),
    ("kai.moore", "Kai Moore", "Moorland", "beth.stone", False, 2, Stage.ACTIVE, None, None),
    (None, "Ash B", "Moorland", "beth.stone", False, 24, Stage.ENDED, Peer.Outcome.VOLUNTEERING, 5),
    ("rae.quinn", "Rae Quinn", "Harbour City", "lee.dunn", False, 1, Stage.ACTIVE, None, None),
]


# The two demo peers anyone can sign in as: a paid peer support worker and a volunteer.
PEER_SIGN_INS = [("Paid peer support worker", "chris.hall"), ("Peer support volunteer", "alex.green")]


def with_peer_sign_ins(logins: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The demo sign-in list with its one "Peer worker" line split into the paid worker and the volunteer."""
    peers = [(label, f"{local}@{people_demo.DOMAIN}") for label, local in PEER_SIGN_INS]
    index = next((i for i, (name, _email) in enumerate(logins) if name == roles.PEER_WORKER.name), len(logins))
    return [*logins[:index], *peers, *logins[index + 1 :]]


def _profile(local_part: str) -> StaffProfile:
    return StaffProfile.objects.select_related("user", "service").get(user__email=f"{local_part}@example.org")


def _journey(peer: Peer, *, today, active_months, stage, outcome, ended_months, by) -> None:
    if active_months is None:
        # Not started: walk through the recruitment stages a week apart up to where they are.
        on = today - datetime.timedelta(days=7 * (ORDER.index(stage) + 1 if stage in ORDER else 0))
        for next_stage in ORDER[: ORDER.index(stage) + 1] if stage in ORDER else []:
            on += datetime.timedelta(days=7)
            services.peer_move_stage(peer=peer, stage=next_stage, on=min(on, today), by=by)
        if stage == Stage.CHECKS:
            services.check_record(peer=peer, kind="dbs", completed_on=today, by=by, update_service="subscribed")
            services.check_record(peer=peer, kind="reference", completed_on=today, by=by)
        return
    start = add_months(today, -active_months)
    on = start - datetime.timedelta(days=70)
    for next_stage in ORDER[:4]:
        on += datetime.timedelta(days=14)
        services.peer_move_stage(peer=peer, stage=next_stage, on=on, by=by)
    checks_on = start - datetime.timedelta(days=20)
    # The DBS check runs out within 60 days for the volunteer furthest on, so the dashboard warns about it.
    dbs_expiry = today + datetime.timedelta(days=40) if stage == Stage.MOVE_ON else add_months(checks_on, 36)
    services.check_record(
        peer=peer, kind="dbs", completed_on=checks_on, expires_on=dbs_expiry, by=by, update_service="not_subscribed"
    )
    services.check_record(peer=peer, kind="reference", completed_on=checks_on, by=by)
    services.check_record(peer=peer, kind="reference", completed_on=checks_on, by=by)
    services.check_record(peer=peer, kind="right_to_work", completed_on=checks_on, by=by)
    services.training_record(peer=peer, course="induction", started_on=checks_on, completed_on=start)
    services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=start, by=by)
    end = add_months(today, -ended_months) if ended_months else today
    services.training_record(
        peer=peer, course="safeguarding", started_on=start, completed_on=start + datetime.timedelta(days=30)
    )
    if peer.paid:
        services.training_record(
            peer=peer,
            course="nvq3",
            started_on=start + datetime.timedelta(days=60),
            completed_on=add_months(start, 12) if active_months > 13 else None,
        )
    # Reviews held on time, except the latest one for Pat W, which is overdue.
    for milestone, months in (("review_3", 3), ("review_6", 6), ("review_12", 12)):
        held = add_months(start, months)
        if held < end and not (peer.display_name == "Pat W" and milestone == "review_6"):
            services.milestone_record(peer=peer, milestone=milestone, done_on=held, by=by)
    if not peer.paid and add_months(start, 12) <= end:
        services.milestone_record(peer=peer, milestone="move_on_plan", done_on=add_months(start, 11), by=by)
    if stage == Stage.MOVE_ON:
        services.peer_move_stage(peer=peer, stage=Stage.MOVE_ON, on=add_months(start, 12), by=by)
    supervision_on = min(end, today) - datetime.timedelta(days=20 if peer.display_name != "Pat W" else 45)
    services.supervision_record(
        peer=peer,
        held_on=supervision_on,
        supervisor=peer.coordinator,
        wellbeing="good",
        notes="Settled in the court team. Enjoys the community work.",
        actions="Shadow a court session with Chris\nBook the safeguarding refresher",
        next_due_on=supervision_on + datetime.timedelta(days=28),
    )
    if stage in (Stage.ACTIVE, Stage.MOVE_ON):
        services.case_allocate(
            peer=peer,
            case_reference=f"CUS-{1000 + peer.pk}",
            setting="custody",
            risk="medium" if peer.paid else "low",
            allocated_on=today,
            by=by,
        )
        approved = services.hours_log(
            peer=peer, worked_on=today - datetime.timedelta(days=8), activity="court", hours=Decimal("4")
        )
        services.hours_decide(log=approved, approve=True, by=by)
        services.hours_log(
            peer=peer, worked_on=today - datetime.timedelta(days=2), activity="custody", hours=Decimal("3.5")
        )
        services.feedback_record(
            peer=peer,
            given_by="family",
            received_on=today - datetime.timedelta(days=10),
            rating=5,
            comment="They listened and explained what would happen at court.",
        )
    if stage == Stage.ENDED:
        services.peer_end(peer=peer, ended_on=end, outcome=outcome, by=by)
        if ended_months >= 3:
            services.follow_up_record(peer=peer, months_after=3, outcome=outcome, recorded_on=add_months(end, 3), by=by)
        if ended_months >= 6:
            services.follow_up_record(peer=peer, months_after=6, outcome=outcome, recorded_on=add_months(end, 6), by=by)


def _cover_coordinator() -> StaffProfile:
    first, last, title = COVER
    return staff_upsert(
        email=people_demo.email_for(first, last),
        first_name=first,
        last_name=last,
        service=_profile("sam.okafor").service,
        job_title=title,
        kinds=(roles.PEER_COORDINATOR, roles.STAFF_MEMBER),
        line_manager=_profile("sam.okafor"),
        password=people_demo.DEMO_PASSWORD,
    )


def _support_alerts(*, today) -> None:
    """Robin needs extra support now (open); Alex needed it two months ago, and Taylor, covering, closed it."""
    robin = Peer.objects.select_related("coordinator__user").get(user__email="robin.lee@example.org")
    if not robin.support_alerts.exists():
        held = today - datetime.timedelta(days=2)
        services.supervision_record(
            peer=robin,
            held_on=held,
            supervisor=robin.coordinator,
            wellbeing="needs_support",
            notes="Worried about the move-on. Finding the court days hard this month.",
            actions="Call on Thursday\nTalk about a break from court work",
            next_due_on=held + datetime.timedelta(days=7),
        )
    alex = Peer.objects.select_related("coordinator__user", "cover_coordinator__user").get(
        user__email="alex.green@example.org"
    )
    if not alex.support_alerts.exists() and alex.cover_coordinator is not None:
        held = today - datetime.timedelta(days=60)
        supervision = services.supervision_record(
            peer=alex,
            held_on=held,
            supervisor=alex.coordinator,
            wellbeing="needs_support",
            notes="A hard week after a difficult custody visit.",
            next_due_on=held + datetime.timedelta(days=14),
        )
        services.support_alert_close(
            alert=supervision.support_alerts.get(),
            done_on=held + datetime.timedelta(days=1),
            action="Rang Alex the next day. Agreed a week off custody work and a check-in on Friday.",
            by=alex.cover_coordinator.user,
        )


def load() -> None:
    # Harbour City has no lead peer support worker in the demo staff; Rae's line manager coordinates her.
    _profile("lee.dunn").user.groups.add(*groups_for([roles.PEER_COORDINATOR]))
    taylor = _cover_coordinator()
    jordan = _profile("jordan.blake")
    today = services.today()
    User = get_user_model()
    for local, name, service_prefix, coordinator_local, paid, active_months, stage, outcome, ended in PEERS:
        service = Service.objects.get(name__startswith=service_prefix)
        user = User.objects.get(email=f"{local}@example.org") if local else None
        exists = Peer.objects.filter(user=user) if user else Peer.objects.filter(display_name=name, service=service)
        if exists.exists():
            continue
        coordinator = _profile(coordinator_local)
        first_day = today - datetime.timedelta(days=120)
        if active_months is not None:
            first_day = add_months(today, -active_months) - datetime.timedelta(days=90)
        cover = {jordan.pk: taylor, taylor.pk: jordan}.get(coordinator.pk)
        peer = services.peer_create(
            display_name=name,
            paid=paid,
            service=service,
            coordinator=coordinator,
            cover_coordinator=cover,
            by=coordinator.user,
            user=user,
            enquiry_on=first_day,
        )
        _journey(
            peer,
            today=today,
            active_months=active_months,
            stage=stage,
            outcome=outcome,
            ended_months=ended,
            by=coordinator.user,
        )
    _support_alerts(today=today)
