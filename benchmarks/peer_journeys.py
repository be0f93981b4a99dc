"""Peer journeys at the size of a busy region: 400 peers over five years.

Builds the region on a throwaway SQLite file (or, with ``DATABASE_URL=postgres://...``, in that PostgreSQL
database, dropped and made again first), then times the coordinator's dashboard (60 peers) and the
region's outcome page as the server sees them (Django's test client, no network), and counts queries.
Target: each under 250 ms at the 95th percentile, with query counts that do not grow with the data.

Run: .venv/bin/python benchmarks/peer_journeys.py
On PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ld_peer_bench, then the same command.
"""

import datetime
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import inprocess  # noqa: E402

DB_FILE = inprocess.start("peer_journeys")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from peernet.models import (  # noqa: E402
    ActivityLog,
    Check,
    MilestoneRecord,
    Peer,
    Stage,
    StageChange,
    Supervision,
    TrainingRecord,
)
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory  # noqa: E402
from tests.two_step import force_login_with_second_step  # noqa: E402
from workforce import roles  # noqa: E402
from workforce.common.dates import add_months
from workforce.models import Region  # noqa: E402

TARGET_MS = 250
PEERS = 400
DASHBOARD_PEERS = 60
RUNS = 60


def build() -> tuple:
    random.seed(2026)
    today = datetime.date.today()
    region = Region.objects.first()
    services = [ServiceFactory(name=f"Bench L&D {n}", slug=f"bench-ld-{n}", region=region) for n in range(5)]
    coordinators = [
        StaffProfileFactory(
            user=UserFactory(username=f"coord{n}@example.org", kinds=[roles.PEER_COORDINATOR]),
            service=services[n % 5],
            job_title="Lead peer support worker",
        )
        for n in range(7)
    ]
    manager = StaffProfileFactory(
        user=UserFactory(username="manager@example.org", kinds=[roles.SERVICE_MANAGER]),
        service=services[0],
        job_title="Service manager",
    )
    commissioner = UserFactory(username="commissioner@example.org", kinds=[roles.COMMISSIONER])
    peers = []
    for n in range(PEERS):
        # The first coordinator has exactly 60 peers; the rest share the others.
        coordinator = coordinators[0] if n < DASHBOARD_PEERS else coordinators[1 + n % 6]
        paid = n % 5 == 0
        start = today - datetime.timedelta(days=random.randint(0, 5 * 365))
        ended = add_months(start, 18) if add_months(start, 18) < today and not paid else None
        if paid and random.random() < 0.3:
            ended = start + datetime.timedelta(days=random.randint(200, 900))
            ended = ended if ended < today else None
        peers.append(
            Peer(
                display_name=f"Peer {n}",
                paid=paid,
                service=coordinator.service,
                coordinator=coordinator,
                stage=Stage.ENDED if ended else random.choice([Stage.ACTIVE, Stage.ACTIVE, Stage.MOVE_ON]),
                start_date=start,
                planned_end_date=None if paid else add_months(start, 18),
                ended_on=ended,
                outcome=random.choice(Peer.Outcome.values) if ended else "",
            )
        )
    peers = Peer.objects.bulk_create(peers)
    changes, checks, milestones, supervisions, logs, training = [], [], [], [], [], []
    for peer in peers:
        day = peer.start_date - datetime.timedelta(days=70)
        for stage in (Stage.ENQUIRY, Stage.APPLICATION, Stage.INTERVIEW, Stage.CHECKS, Stage.INDUCTION):
            changes.append(
                StageChange(
                    peer=peer,
                    stage=stage,
                    entered_on=day,
                    left_on=day + datetime.timedelta(days=14),
                    expected_by=day + datetime.timedelta(days=14),
                )
            )
            day += datetime.timedelta(days=14)
        changes.append(
            StageChange(
                peer=peer,
                stage=Stage.ACTIVE,
                entered_on=peer.start_date,
                left_on=peer.ended_on if peer.stage == Stage.ENDED else None,
            )
        )
        if peer.stage == Stage.ENDED:
            changes.append(StageChange(peer=peer, stage=Stage.ENDED, entered_on=peer.ended_on))
        checked = peer.start_date - datetime.timedelta(days=20)
        checks += [
            Check(peer=peer, kind="dbs", completed_on=checked, expires_on=add_months(checked, 36)),
            Check(peer=peer, kind="reference", completed_on=checked),
            Check(peer=peer, kind="reference", completed_on=checked),
            Check(peer=peer, kind="right_to_work", completed_on=checked),
        ]
        end = peer.ended_on or today
        for code, months in (("review_3", 3), ("review_6", 6), ("review_12", 12)):
            if add_months(peer.start_date, months) < end and random.random() < 0.9:
                milestones.append(
                    MilestoneRecord(peer=peer, milestone=code, done_on=add_months(peer.start_date, months))
                )
        day = peer.start_date + datetime.timedelta(days=28)
        while day < end:
            supervisions.append(
                Supervision(
                    peer=peer,
                    held_on=day,
                    supervisor=peer.coordinator,
                    wellbeing="good",
                    actions="Keep going",
                    next_due_on=day + datetime.timedelta(days=28),
                )
            )
            logs.append(ActivityLog(peer=peer, worked_on=day, activity="court", hours=4, status="approved"))
            day += datetime.timedelta(days=28)
        training.append(TrainingRecord(peer=peer, course="induction", started_on=checked, completed_on=peer.start_date))
        if peer.paid:
            training.append(
                TrainingRecord(
                    peer=peer,
                    course="nvq3",
                    started_on=peer.start_date,
                    completed_on=add_months(peer.start_date, 12) if add_months(peer.start_date, 12) < end else None,
                )
            )
    for model, rows in (
        (StageChange, changes),
        (Check, checks),
        (MilestoneRecord, milestones),
        (Supervision, supervisions),
        (ActivityLog, logs),
        (TrainingRecord, training),
    ):
        model.objects.bulk_create(rows, batch_size=2000)
    print(
        f"Built {len(peers)} peers in {len(services)} services: {len(changes)} stage changes, "
        f"{len(checks)} checks, {len(supervisions)} supervisions, {len(logs)} hours logs."
    )
    return region, coordinators[0], manager, commissioner


def measure(label: str, client: Client, url: str) -> float:
    """The 95th percentile of RUNS requests, after one to warm templates and caches."""
    timing = inprocess.time_page(client, url, runs=RUNS)
    print(timing.line(label, TARGET_MS))
    return timing.p95


def main() -> int:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    region, coordinator, manager, commissioner = build()
    inprocess.settle(connection)
    inprocess.serve_as_a_worker()
    print(f"Database: {connection.vendor}")
    results = []
    client = Client()
    force_login_with_second_step(client, coordinator.user)
    results.append(measure(f"Coordinator dashboard ({DASHBOARD_PEERS} peers)", client, "/peers/"))
    force_login_with_second_step(client, manager.user)
    results.append(measure("Service manager dashboard (service)", client, "/peers/"))
    results.append(measure("Service outcomes", client, "/peers/outcomes/"))
    force_login_with_second_step(client, commissioner)
    results.append(measure("Region outcomes (commissioner)", client, f"/peers/outcomes/regions/{region.pk}/"))
    results.append(measure("National outcomes (commissioner)", client, "/peers/outcomes/"))
    DB_FILE.unlink(missing_ok=True)
    return 0 if all(result < TARGET_MS for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
