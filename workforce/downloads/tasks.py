"""Background work for downloads, on the ``background`` task backend (a worker in production)."""

from django.tasks import task
from django.utils import timezone

from workforce.downloads.models import KEEP_FOR, Download
from workforce.downloads.services import (
    download_build,
    download_create,
    downloads_expired_delete,
    downloads_stalled_fail,
)


@task(backend="background")
def build_download(download_id: str) -> str:
    """Make the file a person asked for; returns the download's status when done."""
    status = download_build(download_id=download_id)
    downloads_expired_delete()
    return status


def download_request(*, user, kind: str, parameters: dict) -> Download:
    """Record that ``user`` asked for a file and queue its making. The caller has checked they may."""
    download = download_create(user=user, kind=kind, parameters=parameters)
    build_download.enqueue(str(download.pk))
    return download


@task
def clean_downloads() -> list[int]:
    """The daily clean: expired downloads and their files, then tasks that finished over a day ago."""
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - KEEP_FOR)
    return [downloads_stalled_fail(), downloads_expired_delete(), finished.delete()[0]]
