"""The commissioner dashboard at national size: every region, five years of peers, a year of signed-off
assessments and of youth-led training.

Builds the data on a throwaway SQLite file (or, with ``DATABASE_URL=postgres://...``, in that PostgreSQL
database, dropped and made again first), then times the dashboard as the server sees it (Django's test
client, no network) for one region and for England, over the last 12 months and over five years, and counts
queries. Targets: 250 ms at the 95th percentile for a region, 500 ms for England, and the same number of
queries for a region, for England and for the small world the tests use.

Run: .venv/bin/python benchmarks/commissioner_figures.py
On PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ld_figures_bench, then the same command.
"""

import datetime
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import inprocess  # noqa: E402

DB_FILE = inprocess.start("commissioner_figures")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from competencies.models import Assessment, Rating  # noqa: E402
from peernet.models import Peer, Stage  # noqa: E402
from tests.factories.assessments import small_framework  # noqa: E402
from tests.factories.training import YoungExpertFactory  # noqa: E402
from tests.factories.workforce import ServiceFactory, UserFactory  # noqa: E402
from tests.two_step import force_login_with_second_step  # noqa: E402
from workforce import roles  # noqa: E402
from workforce.models import (  # noqa: E402
    AttendeeFeedback,
    ConfidenceRating,
    FollowUp,
    Involvement,
    Region,
    StaffProfile,
    TrainingAttendance,
    TrainingSession,
)

REGION_TARGET_MS, ENGLAND_TARGET_MS = 250, 500
SERVICES_PER_REGION = 6
PEERS_PER_SERVICE = 80
STAFF_PER_SERVICE = 40
SESSIONS_PER_REGION = 40
ATTENDEES_PER_SESSION = 15
RUNS = 60


def build():
    random.seed(2026)
    today = datetime.date.today()
    now = timezone.now()
    framework = small_framework(domains=6, per_domain=6)
    regions = list(Region.objects.all())
    user_model = UserFactory._meta.model
    users = user_model.objects.bulk_create(
        user_model(username=f"bench{n}@example.org", email=f"bench{n}@example.org")
        for n in range(len(regions) * SERVICES_PER_REGION * (STAFF_PER_SERVICE + 1))
    )
    users = iter(users)
    services, staff = [], []
    for region in regions:
        for n in range(SERVICES_PER_REGION):
            service = ServiceFactory(name=f"{region.name} L&D {n}", slug=f"{region.code}-ld-{n}".lower(), region=region)
            services.append(service)
            staff += [
                StaffProfile(user=next(users), service=service, job_title="Practitioner")
                for _ in range(STAFF_PER_SERVICE + 1)
            ]
    staff = StaffProfile.objects.bulk_create(staff)
    by_service = {}
    for profile in staff:
        by_service.setdefault(profile.service_id, []).append(profile)
    peers = []
    for service in services:
        coordinator = by_service[service.pk][0]
        for n in range(PEERS_PER_SERVICE):
            start = today - datetime.timedelta(days=random.randint(0, 5 * 365))
            ended = start + datetime.timedelta(days=random.randint(120, 600))
            done = ended < today
            peers.append(
                Peer(
                    display_name=f"Peer {service.pk}-{n}",
                    paid=n % 5 == 0,
                    service=service,
                    coordinator=coordinator,
                    stage=Stage.ENDED if done else Stage.ACTIVE,
                    start_date=start,
                    ended_on=ended if done else None,
                    outcome=random.choice(Peer.Outcome.values) if done else "",
                )
            )
    Peer.objects.bulk_create(peers, batch_size=2000)
    assessments = Assessment.objects.bulk_create(
        Assessment(
            staff=profile,
            version=framework.version,
            role_profile=framework.profile,
            status=Assessment.Status.SIGNED_OFF,
            signed_off_at=now - datetime.timedelta(days=random.randint(1, 360)),
        )
        for profile in staff
    )
    Rating.objects.bulk_create(
        (
            Rating(
                assessment=assessment,
                competence=competence,
                self_value=framework.scale[3],
                manager_value=framework.scale[random.choice((2, 3, 3, 4))],
            )
            for assessment in assessments
            for competence in framework.competences
        ),
        batch_size=5000,
    )
    experts = [YoungExpertFactory() for _ in range(30)]
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            title=f"Session {region.code} {n}",
            starts_at=now - datetime.timedelta(days=random.randint(1, 360)),
            region=region,
            service=random.choice([s for s in services if s.region_id == region.pk]),
            location="Training room",
            youth_led=True,
        )
        for region in regions
        for n in range(SESSIONS_PER_REGION)
    )
    Involvement.objects.bulk_create(
        Involvement(
            young_expert=random.choice(experts), kind="session", date=session.starts_at.date(), hours=2, session=session
        )
        for session in sessions
        for _ in range(2)
    )
    attendances = TrainingAttendance.objects.bulk_create(
        TrainingAttendance(
            session=session,
            attendee=attendee,
            status=TrainingAttendance.Status.ATTENDED,
            follow_up_sent_at=session.starts_at + datetime.timedelta(days=90),
        )
        for session in sessions
        for attendee in random.sample(by_service[session.service_id], ATTENDEES_PER_SESSION)
    )
    feedback = AttendeeFeedback.objects.bulk_create(
        AttendeeFeedback(attendance=attendance, learned="Listen first", will_do_differently="Ask")
        for attendance in attendances
    )
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(feedback=item, competence=competence, before=random.randint(1, 3), after=random.randint(3, 5))
        for item in feedback
        for competence in framework.competences[:3]
    )
    FollowUp.objects.bulk_create(
        FollowUp(attendance=attendance, what_changed="I explain custody plainly.") for attendance in attendances[::2]
    )
    print(
        f"Built {len(regions)} regions, {len(services)} services, {len(peers)} peers, {len(assessments)} signed-off "
        f"assessments ({len(assessments) * len(framework.competences)} ratings), {len(sessions)} sessions, "
        f"{len(attendances)} attendances."
    )
    return regions[0]


def measure(label: str, client: Client, url: str, target: int) -> tuple[bool, int]:
    timing = inprocess.time_page(client, url, runs=RUNS)
    print(timing.line(label, target))
    return timing.p95 < target, timing.queries


def main() -> int:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    region = build()
    inprocess.settle(connection)
    inprocess.serve_as_a_worker()
    print(f"Database: {connection.vendor}")
    client = Client()
    # Past the two-step gate as a signed-in commissioner would be.
    force_login_with_second_step(client, UserFactory(username="commissioner@example.org", kinds=[roles.COMMISSIONER]))
    today = datetime.date.today()
    five_years = f"period=custom&start={today.replace(year=today.year - 5) + datetime.timedelta(days=1)}&end={today}"
    results = [
        measure("Region, last 12 months", client, f"/figures/?area=region-{region.pk}&period=12", REGION_TARGET_MS),
        measure("Region, five years", client, f"/figures/?area=region-{region.pk}&{five_years}", REGION_TARGET_MS),
        measure("England, last 12 months", client, "/figures/?area=england&period=12", ENGLAND_TARGET_MS),
        measure("England, CSV download", client, "/figures/figures.csv?area=england&period=12", ENGLAND_TARGET_MS),
        measure("England, XLSX download", client, "/figures/figures.xlsx?area=england&period=12", ENGLAND_TARGET_MS),
    ]
    # As served: once worked out, the figures are kept in the cache (FIGURES_CACHE_SECONDS, a quarter of an
    # hour by default), so every commissioner after the first one in that time gets them from there.
    from django.conf import settings
    from django.core.cache import cache

    settings.FIGURES_CACHE_SECONDS = 15 * 60
    cache.clear()
    print("From the cache, after the first request of each:")
    measure("  Region, last 12 months (kept)", client, f"/figures/?area=region-{region.pk}&period=12", REGION_TARGET_MS)
    measure("  England, last 12 months (kept)", client, "/figures/?area=england&period=12", ENGLAND_TARGET_MS)
    settings.FIGURES_CACHE_SECONDS = 0
    DB_FILE.unlink(missing_ok=True)
    same_queries = len({count for _ok, count in results[:3]}) == 1
    print("Query counts the same for every area and period:", "yes" if same_queries else "NO")
    return 0 if all(ok for ok, _count in results) and same_queries else 1


if __name__ == "__main__":
    sys.exit(main())
