"""Background downloads on the database task backend (django-tasks-db) and its worker, ``manage.py db_worker``:
a download waits in the database until a worker makes it, a failure says so, and two workers at once make each
file once."""

import contextlib
import io
import threading
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.tasks import TaskResultStatus, task
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from workforce.downloads.models import Download
from workforce.downloads.tasks import build_download, download_request

DATABASE_BACKEND = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
RUNS = []
RUNS_LOCK = threading.Lock()


@task(backend="background")
def note_run(number: int) -> int:
    time.sleep(0.02)
    with RUNS_LOCK:
        RUNS.append(number)
    return number * 2


@task(backend="background")
def explode() -> None:
    raise ValueError("this task always fails")


def run_worker(worker_id: str = "worker-1") -> None:
    """One worker that runs what is waiting and stops, as ``db_worker --batch`` does (in this thread).

    Between tasks the worker drops connections that are broken or old, as a long-running process must; a
    test's own transaction looks like that to it (``connections_kept``)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="background",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    with connections_kept():
        worker.run()


def connections_kept():
    """Inside a test's transaction, the worker's check for broken or old connections is left out."""
    if not connection.in_atomic_block:
        return contextlib.nullcontext()
    return mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_BACKEND)
def test_a_download_waits_for_the_worker_which_makes_it(client, world):
    client.force_login(world.user("participation_lead"))

    asked = client.post(reverse("workforce:training-report-xlsx"))

    download = Download.objects.get()
    queued = DBTaskResult.objects.get()
    assert download.status == Download.Status.WAITING
    assert (queued.task_path, queued.status) == ("workforce.downloads.tasks.build_download", TaskResultStatus.READY)
    assert queued.args_kwargs == {"args": [str(download.pk)], "kwargs": {}}
    page = client.get(asked.url).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page and "Waiting to start" in page

    with connections_kept():
        call_command("db_worker", "--batch", "--backend", "background", "--no-startup-delay", stdout=io.StringIO())

    download.refresh_from_db()
    assert download.status == Download.Status.READY
    result = build_download.get_result(str(queued.pk))
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "ready")
    page = client.get(asked.url).content.decode()
    assert "Your file is ready." in page and 'http-equiv="refresh"' not in page
    assert client.get(reverse("workforce:download-file", args=[download.pk])).status_code == 200


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_BACKEND)
def test_a_task_that_raises_is_marked_failed_and_the_worker_goes_on():
    failing, passing = explode.enqueue(), note_run.enqueue(21)

    run_worker()

    failing.refresh()
    passing.refresh()
    assert failing.status == TaskResultStatus.FAILED
    assert failing.errors[0].exception_class is ValueError
    assert "this task always fails" in failing.errors[0].traceback
    assert (passing.status, passing.return_value) == (TaskResultStatus.SUCCESSFUL, 42)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite has no SELECT ... FOR UPDATE SKIP LOCKED, and the test database is in memory, "
    "where two connections do not see one database.",
)
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_BACKEND)
def test_two_workers_at_once_run_each_task_once(world):
    RUNS.clear()
    [note_run.enqueue(number) for number in range(30)]
    downloads = [
        download_request(user=world.user("participation_lead"), kind="training_report_xlsx", parameters={})
        for _ in range(4)
    ]
    start = threading.Barrier(2)

    def worker(worker_id):
        try:
            start.wait()
            run_worker(worker_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(RUNS) == list(range(30))
    rows = DBTaskResult.objects.all()
    assert rows.count() == 34
    assert all(row.status == TaskResultStatus.SUCCESSFUL and len(row.worker_ids) == 1 for row in rows)
    assert {row.worker_ids[0] for row in rows} == {"worker-1", "worker-2"}
    assert {download.status for download in Download.objects.filter(pk__in=[d.pk for d in downloads])} == {"ready"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's; SQLite takes the database's write lock."
)
@pytest.mark.django_db
@override_settings(TASKS=DATABASE_BACKEND)
def test_on_postgresql_a_worker_skips_rows_another_has_locked():
    note_run.enqueue(1)
    with CaptureQueriesContext(connection) as queries:
        run_worker()
    assert any("FOR UPDATE SKIP LOCKED" in query["sql"] for query in queries.captured_queries)
