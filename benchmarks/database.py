"""Where a benchmark keeps its data: a throwaway SQLite file, or, when ``DATABASE_URL`` names a PostgreSQL
database, that database, dropped and made again first so every run starts from the same data.

Call ``choose()`` before ``django.setup()``: it sets ``DATABASE_URL`` and the test settings for the process.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def fresh_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def choose(name: str) -> Path:
    """Set the process up for a benchmark called ``name``; returns the SQLite file (absent on PostgreSQL)."""
    db_file = Path(tempfile.mkdtemp()) / f"{name}.sqlite3"
    url = os.environ.get("DATABASE_URL", "")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    if url.startswith("postgres"):
        fresh_postgres_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
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
