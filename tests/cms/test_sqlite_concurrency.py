"""The embedded SQLite default must take a burst of concurrent writes without "database is locked".

pytest-django's SQLite test database lives in memory, where locking never happens, so this test runs a
small script in a subprocess against a file database of its own, with the settings `make run` uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
WRITERS = 50
ROUNDS = 3

# Each writer does what a request that saves something does: read, then write, in one transaction.
# All writers of a round start together, on a connection of their own (Django's are per thread).
BURST = """
import json, sys, threading
from concurrent.futures import ThreadPoolExecutor

import django
django.setup()
from django.db import OperationalError, connection, transaction
from workforce.models import Region

writers, rounds = int(sys.argv[1]), int(sys.argv[2])
with connection.schema_editor() as editor:
    editor.create_model(Region)
with connection.cursor() as cursor:
    pragmas = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "synchronous", "busy_timeout")}
connection.close()

failures = []

def write(round_, n, start):
    start.wait()
    try:
        with transaction.atomic():
            Region.objects.filter(code__startswith=f"R{round_}-").count()
            Region.objects.create(code=f"R{round_}-{n}", name=f"Region {round_}-{n}")
    except OperationalError as error:
        failures.append(str(error))
    finally:
        connection.close()

for round_ in range(rounds):
    start = threading.Barrier(writers)
    with ThreadPoolExecutor(max_workers=writers) as pool:
        for n in range(writers):
            pool.submit(write, round_, n, start)

print(json.dumps({"pragmas": pragmas, "failures": failures, "rows": Region.objects.count()}))
"""


@pytest.fixture(scope="module")
def burst(tmp_path_factory):
    database = tmp_path_factory.mktemp("burst") / "burst.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-c", BURST, str(WRITERS), str(ROUNDS)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_burst_of_concurrent_writes_never_finds_the_database_locked(burst):
    assert burst["failures"] == []
    assert burst["rows"] == WRITERS * ROUNDS


def test_sqlite_connections_use_wal_a_busy_timeout_and_normal_sync(burst):
    # WAL lets pages be read while one request writes; the busy timeout makes a writer wait its turn.
    assert burst["pragmas"] == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20_000}
