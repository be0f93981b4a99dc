"""Server time of the assessment pages at the size of a large service.

A service of 150 staff, each with three years of signed-off assessments (one a year) on a framework of
60 competences, and one assessment under way. Times the rating form, the review page, the results page
and the team heatmap through Django's test client (server time only, no browser), and counts queries.

Run: .venv/bin/python benchmarks/assessments.py   (builds a throwaway SQLite database in /tmp)
Targets: the assessment form under 200 ms, the team heatmap under 300 ms.
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB_PATH = Path("/tmp/ld_benchmark_assessments.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks import inprocess  # noqa: E402
from competencies import models as c  # noqa: E402
from competencies.assessments import services
from tests.two_step import force_login_with_second_step  # noqa: E402
from workforce import models as w  # noqa: E402
from workforce import roles  # noqa: E402

STAFF, COMPETENCES, DOMAINS, YEARS, RUNS = 150, 60, 6, 3, 60


def build():
    if DB_PATH.exists():
        DB_PATH.unlink()
    call_command("migrate", verbosity=0)
    User = get_user_model()
    region = w.Region.objects.first()
    service = w.Service.objects.create(name="Benchmark L&D", slug="benchmark-ld", provider="Trust", region=region)
    framework = c.Framework.objects.create(name="Benchmark framework", slug="benchmark")
    version = c.FrameworkVersion.objects.create(framework=framework, number=1, status="published")
    scale = [c.ScaleValue.objects.create(version=version, value=v, label=f"Level {v}") for v in range(1, 6)]
    area = c.ServiceArea.objects.create(version=version, code="ld", name="Liaison and Diversion")
    level = c.CareerLevel.objects.create(version=version, number=5, title="Practitioner")
    role = c.Role.objects.create(version=version, code="practitioner", name="Practitioner")
    profile = c.RoleProfile.objects.create(
        version=version, code="practitioner", title="Practitioner", role=role, level=level, service_area=area
    )
    domains = [
        c.CompetenceDomain.objects.create(version=version, code=f"D{d}", name=f"Domain {d}", order=d)
        for d in range(DOMAINS)
    ]
    competences = c.Competence.objects.bulk_create(
        [
            c.Competence(
                version=version, domain=domains[i % DOMAINS], code=f"C{i:02d}", title=f"Competence {i}", order=i
            )
            for i in range(COMPETENCES)
        ]
    )
    c.Expectation.objects.bulk_create(
        [c.Expectation(role_profile=profile, competence=comp, proficiency=scale[2]) for comp in competences]
    )

    def person(email, kinds, manager=None):
        user = User.objects.create_user(
            username=email, email=email, password="benchmark", first_name="B", last_name=email.split("@")[0]
        )
        user.groups.add(*Group.objects.filter(name__in=[k.name for k in kinds]))
        return w.StaffProfile.objects.create(user=user, service=service, job_title="Practitioner", line_manager=manager)

    manager = person("manager@example.org", [roles.SERVICE_MANAGER, roles.LINE_MANAGER, roles.STAFF_MEMBER])
    staff = [person(f"staff{n:03d}@example.org", [roles.STAFF_MEMBER], manager) for n in range(STAFF)]
    now = timezone.now()
    assessments = c.Assessment.objects.bulk_create(
        [
            c.Assessment(
                staff=s,
                version=version,
                role_profile=profile,
                status="signed_off",
                submitted_at=now,
                signed_off_at=now - datetime.timedelta(days=365 * (YEARS - y)),
            )
            for s in staff
            for y in range(YEARS)
        ]
    )
    c.Rating.objects.bulk_create(
        [
            c.Rating(assessment=a, competence=comp, self_value=scale[(i + a.pk) % 5], manager_value=scale[(i * 3) % 5])
            for a in assessments
            for i, comp in enumerate(competences)
        ],
        batch_size=5000,
    )
    c.Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(created_at=now)
    # One person with an assessment under way and one waiting for review.
    draft = services.assessment_start(staff=staff[0], role_profile=profile, by=staff[0].user)
    waiting = services.assessment_start(staff=staff[1], role_profile=profile, by=staff[1].user)
    services.ratings_save_self(
        assessment=waiting,
        by=staff[1].user,
        entries=[services.SelfRatingEntry(rating=r, value=scale[3]) for r in waiting.ratings.all()],
    )
    services.assessment_submit(assessment=waiting, by=staff[1].user)
    return staff[0].user, manager.user, draft, waiting, domains[0]


def measure(client, url):
    timing = inprocess.time_page(client, url, runs=RUNS)
    return timing.median, timing.p95, timing.queries


def main():
    started = time.perf_counter()
    staff_user, manager_user, draft, waiting, domain = build()
    inprocess.serve_as_a_worker()
    print(
        f"Built {STAFF} staff, {c.Assessment.objects.count()} assessments, {c.Rating.objects.count()} ratings "
        f"on {COMPETENCES} competences in {time.perf_counter() - started:.1f} s"
    )
    staff_client, manager_client = Client(), Client()
    force_login_with_second_step(staff_client, staff_user)
    force_login_with_second_step(manager_client, manager_user)
    pages = [
        (
            "Assessment form (one domain)",
            staff_client,
            reverse("competencies:assessment-rate", args=[draft.pk, domain.pk]),
            200,
        ),
        ("Assessment summary", staff_client, reverse("competencies:assessment-detail", args=[draft.pk]), None),
        ("Results with charts", staff_client, reverse("competencies:assessment-results", args=[draft.pk]), None),
        (
            "Manager review (60 competences)",
            manager_client,
            reverse("competencies:assessment-review", args=[waiting.pk]),
            None,
        ),
        ("Team heatmap (150 people)", manager_client, reverse("competencies:team"), 300),
    ]
    failed = False
    print(f"{'Page':36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    for label, client, url, target in pages:
        median, p95, queries = measure(client, url)
        verdict = "" if target is None else (f"< {target} ms " + ("met" if median < target else "MISSED"))
        failed |= target is not None and median >= target
        print(f"{label:36} {median:10.1f} {p95:8.1f} {queries:8d}  {verdict}")
    DB_PATH.unlink(missing_ok=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
