"""What the benchmarks that time pages in their own process share.

Where a benchmark keeps its data: a throwaway SQLite file, or, when ``DATABASE_URL`` names a PostgreSQL
database, that database, dropped and made again first so every run starts from the same data. ``start()``
chooses it and sets Django up; then, once the data is built, ``settle()`` and ``serve_as_a_worker()`` put the
database and the process where a served site would be, and ``time_page()`` times a page as the server sees
it (Django's test client, no network).
"""

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def fresh_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def start(name: str) -> Path:
    """Set the process and Django up for a benchmark called ``name``; returns the SQLite file (absent on
    PostgreSQL)."""
    db_file = Path(tempfile.mkdtemp()) / f"{name}.sqlite3"
    url = os.environ.get("DATABASE_URL", "")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    if url.startswith("postgres"):
        fresh_postgres_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    import django

    django.setup()
    return db_file


def settle(connection) -> None:
    """On PostgreSQL, do what autovacuum would soon after a bulk load: the planner learns the tables' sizes and
    the visibility map is set, so no run is timed while autovacuum works through the new tables beside it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def serve_as_a_worker() -> None:
    """What ``cms/wsgi.py`` does in every server process before its first request (``cms.startup.settle``):
    without it, each full garbage collection of the process's long-lived objects lands in a timed request."""
    from cms.startup import settle

    settle()


@dataclass
class Timing:
    median: float
    p95: float
    queries: int
    response: object

    def line(self, label: str, target: float | None = None) -> str:
        verdict = "" if target is None else f"(target {target:g} ms) {'ok' if self.p95 <= target else 'TOO SLOW'}"
        return f"{label:<44} median {self.median:6.1f} ms  p95 {self.p95:6.1f} ms  {self.queries:3d} queries  {verdict}"


def time_page(client, url: str, *, runs: int = 60) -> Timing:
    """``runs`` requests after one that warms templates and caches, then one more that counts queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return Timing(statistics.median(timings), statistics.quantiles(timings, n=20)[-1], len(queries), response)
