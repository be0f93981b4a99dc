"""How long the youth-led training report and the staff training page take with a year of busy data.

Run: .venv/bin/python benchmarks/training_report.py
Builds a throwaway SQLite file, fills it, and prints timings and query counts. Not a test: nothing fails.
"""

import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = Path(tempfile.mkdtemp()) / "training-bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SESSIONS, PEOPLE, EXPERTS, COMPETENCES = 200, 600, 30, 12


def build():
    from django.contrib.auth import get_user_model

    from competencies.models import Competence, CompetenceDomain, Framework, FrameworkVersion
    from workforce.models import (
        AttendeeFeedback,
        ConfidenceRating,
        FollowUp,
        Involvement,
        Region,
        Service,
        StaffProfile,
        TrainingAttendance,
        TrainingSession,
        YoungExpert,
        YouthOrganisation,
    )

    region = Region.objects.get(code="Y63")
    service = Service.objects.create(name="Bench L&D", slug="bench", provider="Bench", region=region)
    version = FrameworkVersion.objects.create(
        framework=Framework.objects.create(name="Bench", slug="bench"), number=1, status="published"
    )
    domain = CompetenceDomain.objects.create(version=version, code="D1", name="Domain")
    competences = [
        Competence.objects.create(version=version, domain=domain, code=f"C{n:02d}", title=f"Comp {n}")
        for n in range(COMPETENCES)
    ]
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"p{n}@example.org", email=f"p{n}@example.org") for n in range(PEOPLE)
    )
    people = StaffProfile.objects.bulk_create(
        StaffProfile(user=u, service=service, job_title="Practitioner") for u in users
    )
    organisation = YouthOrganisation.objects.create(name="Bench youth voice")
    experts = YoungExpert.objects.bulk_create(
        YoungExpert(
            display_name=f"Expert {n}",
            age_band="18-21",
            organisation=organisation,
            consent=True,
            safeguarding_contact="Dee",
        )
        for n in range(EXPERTS)
    )
    now = timezone.now()
    for n in range(SESSIONS):
        session = TrainingSession.objects.create(
            title=f"Session {n}",
            starts_at=now - datetime.timedelta(days=365 - n),
            region=region,
            service=service,
            location="Room",
            youth_led=True,
            capacity=30,
        )
        session.young_experts.set([experts[n % EXPERTS], experts[(n + 1) % EXPERTS]])
        session.competences.set(competences[n % COMPETENCES : n % COMPETENCES + 3])
        attendances = TrainingAttendance.objects.bulk_create(
            TrainingAttendance(
                session=session, attendee=people[(n * 7 + k) % PEOPLE], status="attended", follow_up_sent_at=now
            )
            for k in range(25)
        )
        feedback = AttendeeFeedback.objects.bulk_create(
            AttendeeFeedback(attendance=a, learned="x", will_do_differently="y") for a in attendances[:15]
        )
        ConfidenceRating.objects.bulk_create(
            ConfidenceRating(feedback=f, competence=c, before=2, after=4)
            for f in feedback
            for c in session.competences.all()
        )
        FollowUp.objects.bulk_create(FollowUp(attendance=a, what_changed="z") for a in attendances[:5])
        Involvement.objects.bulk_create(
            Involvement(
                young_expert=e, kind="session", date=session.starts_at.date(), hours=Decimal("2"), session=session
            )
            for e in session.young_experts.all()
        )
    return people[0]


def timed(label, work, repeat=5):
    with CaptureQueriesContext(connection) as queries:
        work()
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    took = (time.perf_counter() - start) / repeat * 1000
    print(f"{label:<48} {took:8.1f} ms  {len(queries):3d} queries")


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    person = build()
    print(
        f"Built {SESSIONS} sessions, {SESSIONS * 25} places, {PEOPLE} people in {time.perf_counter() - started:.1f} s"
    )
    from workforce.training import export as training_export
    from workforce.training import selectors as training_selectors

    timed("report_figures", training_selectors.report_figures)
    timed(
        "report_figures + chart + XLSX",
        lambda: (
            training_export.report_workbook(training_selectors.report_figures())
            and training_selectors.confidence_chart(rows=training_selectors.report_figures()["confidence"])
        ),
    )
    timed(
        "attended_sessions_for (12 codes)",
        lambda: training_selectors.attended_sessions_for(
            staff_profile=person, competence_codes=[f"C{n:02d}" for n in range(COMPETENCES)]
        ),
    )
    timed("sessions_for_lead (list page)", lambda: list(training_selectors.sessions_for_lead()))
    DB.unlink()


if __name__ == "__main__":
    main()
