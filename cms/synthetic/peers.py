"""Peer support workers and volunteers over five years: each journey from enquiry to a next step, with its
stage changes, checks, training, milestones, supervision, check-ins, support alerts, cases, hours, feedback,
extensions and follow-ups."""

import datetime
import decimal

from cms.synthetic.core import YEARS, Run
from cms.synthetic.workforce import COORDINATOR
from peernet.journeys.models import STAGE_DAYS
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
    Stage,
    StageChange,
    Supervision,
    SupportAlert,
    TrainingRecord,
)
from workforce import roles

DAY = datetime.timedelta(days=1)
RECRUITMENT = [Stage.ENQUIRY, Stage.APPLICATION, Stage.INTERVIEW, Stage.CHECKS, Stage.INDUCTION]
WELLBEING = [value for value, _label in Supervision.Wellbeing.choices]
OUTCOMES = [Peer.Outcome.PAID_LD, Peer.Outcome.PAID_ELSEWHERE, Peer.Outcome.VOLUNTEERING, Peer.Outcome.EDUCATION]
PEER_NAMES = ("Alex", "Jamie", "Robin", "Sam", "Charlie", "Frankie", "Jo", "Max", "Nat", "Toni")
COMMENTS = [
    "They stayed with me at court and explained everything.",
    "Easy to talk to. They had been through it too.",
    "Helped my son get to his first appointment.",
    "",
    "",
]


class Rows:
    """Every peer table's rows, gathered and then written in one bulk insert each."""

    TABLES = {
        StageChange: ["peer_id", "stage", "entered_on", "left_on", "expected_by", "moved_by_id", "reason"],
        Check: ["peer_id", "kind", "completed_on", "expires_on", "update_service", "recorded_by_id"],
        TrainingRecord: ["peer_id", "course", "title", "started_on", "completed_on"],
        MilestoneRecord: ["peer_id", "milestone", "done_on", "recorded_by_id"],
        Supervision: ["peer_id", "held_on", "supervisor_id", "wellbeing", "notes", "actions", "next_due_on"],
        CheckIn: ["peer_id", "on", "wellbeing", "created_at"],
        CaseAllocation: [
            "peer_id",
            "case_reference",
            "setting",
            "risk",
            "allocated_on",
            "allocated_by_id",
            "closed_on",
        ],
        ActivityLog: ["peer_id", "worked_on", "activity", "hours", "status", "decided_by_id", "decided_on"],
        Feedback: ["peer_id", "given_by", "received_on", "rating", "comment"],
        Extension: [
            "peer_id",
            "new_end_date",
            "reason",
            "requested_by_id",
            "requested_on",
            "status",
            "decided_by_id",
            "decided_on",
        ],
        FollowUp: ["peer_id", "months_after", "outcome", "recorded_on", "recorded_by_id"],
    }

    def __init__(self, run: Run):
        self.run = run
        self.rows = {model: [] for model in self.TABLES}
        self.alerts, self.events = [], []

    def add(self, model, *values) -> int:
        (row_id,) = self.run.writer.ids(model, 1)
        self.rows[model].append((row_id, *values))
        return row_id

    def write(self) -> None:
        for model, columns in self.TABLES.items():
            self.run.writer.write(model, ["id", *columns], self.rows[model])
        columns = ["supervision_id", "check_in_id", "reported_on", "raised_at", "raised_by_id", "done_on", "action"]
        self.run.writer.write(SupportAlert, ["id", "peer_id", *columns, "closed_at", "closed_by_id"], self.alerts)
        self.run.writer.write(CaseEvent, ["id", "allocation_id", "kind", "at", "by_id", "detail"], self.events)


def generate(run: Run) -> None:
    writer, scale = run.writer, run.scale
    progress = writer.progress
    progress.start("peer journeys")
    services, people, accounts = run.made["services"], run.made["people"], run.made["accounts"]
    coordinators: dict[int, list] = {}
    for person in people:
        if person.job is COORDINATOR:
            coordinators.setdefault(person.service_index, []).append(person)
    rows = Rows(run)
    peers = []
    for number, peer_id in enumerate(writer.ids(Peer, scale.peers)):
        service_index = number % len(services)
        team = coordinators[service_index]
        coordinator = team[number // len(services) % len(team)]
        cover = next((c for c in team if c is not coordinator), None)
        peers.append(_journey(run, rows, peer_id, services[service_index][0], coordinator, cover, accounts))
    accounts.write()
    columns = ["id", "user_id", "display_name", "paid", "service_id", "coordinator_id", "cover_coordinator_id"]
    columns += ["stage", "start_date", "planned_end_date", "ended_on", "outcome", "created_at", "revision"]
    writer.write(Peer, columns, peers)
    rows.write()
    progress.finish()


def _journey(run: Run, rows: Rows, peer_id, service_id, coordinator, cover, accounts) -> tuple:
    rng, today = run.rng, run.today
    paid = rng.random() < 0.25
    by = coordinator.user_id
    enquiry = run.day(14, YEARS * 365)
    day, stage, ended_on, outcome, start = enquiry, Stage.ENQUIRY, None, "", None
    for stage in RECRUITMENT:
        length = rng.randint(max(3, STAGE_DAYS[stage] // 2), STAGE_DAYS[stage] + 10)
        left = day + length * DAY
        if left > today:
            rows.add(StageChange, peer_id, stage, day, None, day + STAGE_DAYS[stage] * DAY, by, "")
            break
        rows.add(StageChange, peer_id, stage, day, left, day + STAGE_DAYS[stage] * DAY, by, "")
        if stage == Stage.CHECKS:
            _checks(run, rows, peer_id, day, left, by)
        if stage == Stage.INDUCTION:
            rows.add(TrainingRecord, peer_id, TrainingRecord.Course.INDUCTION, "", day, left)
        if stage != Stage.INDUCTION and rng.random() < 0.07:
            ended_on, outcome, stage = left, Peer.Outcome.NOT_KNOWN, Stage.ENDED
            rows.add(StageChange, peer_id, Stage.ENDED, left, None, None, by, "Chose not to go on")
            break
        day = left
    else:
        start = day
        stage = Stage.ACTIVE
    planned_end = None
    if start is not None:
        months = rng.randint(10, 36) if paid else 18
        planned_end = None if paid else start + 548 * DAY
        end_active = start + int(months * 30.4) * DAY
        extended = not paid and rng.random() < 0.05
        if extended:
            end_active += 90 * DAY
            decided = planned_end - 30 * DAY
            rows.add(
                Extension,
                peer_id,
                planned_end + 90 * DAY,
                "Finishing the NVQ before moving on",
                by,
                decided - 10 * DAY,
                Extension.Status.APPROVED if decided < today else Extension.Status.REQUESTED,
                by if decided < today else None,
                decided if decided < today else None,
            )
        move_on = end_active - rng.randint(40, 90) * DAY
        _active_life(run, rows, peer_id, paid, coordinator, start, min(end_active, today))
        rows.add(StageChange, peer_id, Stage.ACTIVE, start, move_on if move_on <= today else None, None, by, "")
        if move_on <= today:
            stage = Stage.MOVE_ON
            done = end_active <= today
            rows.add(StageChange, peer_id, Stage.MOVE_ON, move_on, end_active if done else None, None, by, "")
            if done:
                stage, ended_on = Stage.ENDED, end_active
                outcome = rng.choices(OUTCOMES, (35, 25, 20, 20))[0]
                rows.add(StageChange, peer_id, Stage.ENDED, end_active, None, None, by, "Moved on")
                for months in (3, 6):
                    recorded = end_active + months * 30 * DAY
                    if recorded <= today:
                        rows.add(
                            FollowUp,
                            peer_id,
                            months,
                            rng.choice((outcome, outcome, Peer.Outcome.NOT_KNOWN)),
                            recorded,
                            by,
                        )
    user_id = None
    if stage in (Stage.INDUCTION, Stage.ACTIVE, Stage.MOVE_ON):
        user_id = accounts.add((roles.PEER_WORKER,), enquiry)[0]
    name = f"{rng.choice(PEER_NAMES)} {chr(65 + rng.randrange(26))}."
    return (
        peer_id,
        user_id,
        name,
        paid,
        service_id,
        coordinator.staff_id,
        cover and cover.staff_id,
        stage,
        start,
        planned_end,
        ended_on,
        outcome if stage == Stage.ENDED else "",
        run.moment(enquiry),
        1,
    )


def _checks(run, rows, peer_id, begin, end, by):
    rng = run.rng
    for kind, count in Check.REQUIRED.items():
        for _ in range(count):
            done = begin + rng.randint(0, max(0, (end - begin).days)) * DAY
            dbs = kind == Check.Kind.DBS
            rows.add(
                Check,
                peer_id,
                kind,
                done,
                done + 3 * 365 * DAY if dbs else None,
                rng.choice((Check.UpdateService.SUBSCRIBED, Check.UpdateService.NOT_SUBSCRIBED)) if dbs else "",
                by,
            )


def _active_life(run: Run, rows: Rows, peer_id, paid, coordinator, start, end):
    """Everything of an active peer's months: supervision and check-ins, training, cases, hours, feedback."""
    rng, today = run.rng, run.today
    by, supervisor = coordinator.user_id, coordinator.staff_id
    for course, after in ((TrainingRecord.Course.SAFEGUARDING, 20), (TrainingRecord.Course.MENTAL_HEALTH, 60)):
        began = start + after * DAY
        if began <= end:
            rows.add(TrainingRecord, peer_id, course, "", began, began + 2 * DAY if began + 2 * DAY <= today else None)
    if paid and start + 90 * DAY <= end:
        began = start + 90 * DAY
        finished = began + 300 * DAY
        rows.add(TrainingRecord, peer_id, TrainingRecord.Course.NVQ3, "", began, finished if finished <= end else None)
    for milestone, months in (
        (MilestoneRecord.Milestone.REVIEW_3, 3),
        (MilestoneRecord.Milestone.REVIEW_6, 6),
        (MilestoneRecord.Milestone.REVIEW_12, 12),
        (MilestoneRecord.Milestone.MOVE_ON_PLAN, 12),
    ):
        done = start + (months * 30 + rng.randint(-5, 10)) * DAY
        if done <= end:
            rows.add(MilestoneRecord, peer_id, milestone, done, by)
    held = start + rng.randint(14, 28) * DAY
    while held <= end:
        wellbeing = rng.choices(WELLBEING, (55, 30, 11, 4))[0]
        supervision_id = rows.add(
            Supervision,
            peer_id,
            held,
            supervisor,
            wellbeing,
            "Talked about the week at court.",
            "Book the next shadow shift",
            held + 28 * DAY,
        )
        if wellbeing == Supervision.Wellbeing.NEEDS_SUPPORT:
            _alert(run, rows, peer_id, held, by, by, supervision_id=supervision_id)
        check_in = held + 14 * DAY
        if check_in <= end and rng.random() < 0.6:
            feeling = rng.choices(WELLBEING, (55, 30, 12, 3))[0]
            check_in_id = rows.add(CheckIn, peer_id, check_in, feeling, run.moment(check_in))
            if feeling == Supervision.Wellbeing.NEEDS_SUPPORT:
                _alert(run, rows, peer_id, check_in, None, by, check_in_id=check_in_id)
        held += rng.randint(24, 35) * DAY
    day, case = start + 7 * DAY, 0
    while day <= end:
        case += 1
        risk = CaseAllocation.Risk.LOW if not paid else rng.choice(list(CaseAllocation.Risk))
        closed = day + rng.randint(1, 30) * DAY
        closed = closed if closed <= today else None
        reference = f"LD/{day.year}/{peer_id:05d}-{case}"
        allocation_id = rows.add(
            CaseAllocation, peer_id, reference, rng.choice(list(CaseAllocation.Setting)), risk, day, by, closed
        )
        rows.events.append(
            (run.writer.ids(CaseEvent, 1)[0], allocation_id, CaseEvent.Kind.ALLOCATED, run.moment(day), by, "")
        )
        if closed:
            rows.events.append(
                (run.writer.ids(CaseEvent, 1)[0], allocation_id, CaseEvent.Kind.CLOSED, run.moment(closed), by, "")
            )
        day += rng.randint(5, 16) * DAY
    day = start
    while day <= end:
        recent = (today - day).days < 10
        rows.add(
            ActivityLog,
            peer_id,
            day,
            rng.choice(list(ActivityLog.Activity)),
            decimal.Decimal(rng.choice(("2.00", "3.50", "4.00", "6.00", "7.50"))),
            ActivityLog.Status.SUBMITTED if recent else ActivityLog.Status.APPROVED,
            None if recent else by,
            None if recent else day + rng.randint(1, 6) * DAY,
        )
        day += rng.randint(2, 6) * DAY
    day = start + rng.randint(20, 60) * DAY
    while day <= end:
        rows.add(
            Feedback,
            peer_id,
            rng.choice(list(Feedback.From)),
            day,
            rng.choices((5, 4, 3, 2), (55, 30, 10, 5))[0],
            rng.choice(COMMENTS),
        )
        day += rng.randint(30, 90) * DAY


def _alert(run: Run, rows: Rows, peer_id, day, raised_by, closer, *, supervision_id=None, check_in_id=None):
    rng = run.rng
    (alert_id,) = run.writer.ids(SupportAlert, 1)
    done = day + rng.randint(0, 3) * DAY
    closed = done < run.today - 3 * DAY
    rows.alerts.append(
        (
            alert_id,
            peer_id,
            supervision_id,
            check_in_id,
            day,
            run.moment(day),
            raised_by,
            done if closed else None,
            "Called them the same day and agreed a plan." if closed else "",
            run.moment(done) if closed else None,
            closer if closed else None,
        )
    )
