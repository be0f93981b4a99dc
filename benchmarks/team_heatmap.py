"""The team heatmap of a line manager with 60 people or more, on national-scale data.

Fills a database with ``generate_synthetic --scale national`` (a throwaway SQLite file, or, with
``DATABASE_URL=postgres://...``, that PostgreSQL database, dropped and made again first). The synthetic
teams are 12 people at most, so inside a transaction that is rolled back at the end, 60 more people of
the biggest service, each with a signed-off assessment, are given to one of its line managers. Then times
that manager's heatmap (the first page, 50 people, and the second) and, for comparison, the service
manager's whole-service heatmap, as the server sees them (Django's test client, no network), and counts
queries. Target: that team's heatmap at most 250 ms at the 95th percentile.

Run: .venv/bin/python benchmarks/team_heatmap.py
On PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ld_heatmap_bench, then the same command.
"""

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import inprocess  # noqa: E402

DB_FILE = inprocess.start("team_heatmap")

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.two_step import force_login_with_second_step  # noqa: E402
from workforce import roles  # noqa: E402
from workforce.models import Service, StaffProfile  # noqa: E402

TEAM, RUNS, TARGET_MS = 60, 60, 250


def measure(label: str, client: Client, url: str, *, target: int | None = None) -> bool:
    timing = inprocess.time_page(client, url, runs=RUNS)
    rows = timing.response.content.count(b'<th scope="row"')
    print(f"{timing.line(label, target)} {rows:3d} rows")
    return target is None or timing.p95 <= target


def main() -> int:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_synthetic", scale="national", verbosity=0, stdout=io.StringIO())
    print(f"Generated national data in {time.perf_counter() - started:.0f} s")
    inprocess.settle(connection)
    inprocess.serve_as_a_worker()
    print(f"Database: {connection.vendor}")
    service = Service.objects.annotate(staff_count=Count("staff")).order_by("-staff_count").first()
    line_managers = Group.objects.get(name=roles.LINE_MANAGER.name)
    with transaction.atomic():
        manager = StaffProfile.objects.filter(service=service, user__groups=line_managers).first()
        team = list(
            StaffProfile.objects.filter(service=service, user__is_active=True)
            .exclude(pk=manager.pk)
            .filter(assessments__status="signed_off")
            .distinct()
            .values_list("pk", flat=True)[:TEAM]
        )
        StaffProfile.objects.filter(pk__in=team).update(line_manager=manager)
        size = StaffProfile.objects.filter(line_manager=manager).count()
        service_manager = StaffProfile.objects.filter(
            service=service, user__groups__name=roles.SERVICE_MANAGER.name
        ).first()
        client = Client()
        force_login_with_second_step(client, manager.user)
        url = reverse("competencies:team")
        print(f"{service.name}: {service.staff_count} staff; a line manager of {size} (60 moved there)")
        results = [
            measure(f"Team heatmap, {size} people, first page", client, url, target=TARGET_MS),
            measure(f"Team heatmap, {size} people, second page", client, f"{url}?page=2", target=TARGET_MS),
        ]
        force_login_with_second_step(client, service_manager.user)
        measure(f"Whole service ({service.staff_count} staff), first page", client, url)
        transaction.set_rollback(True)
    DB_FILE.unlink(missing_ok=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
