"""Writes for downloads: asking for a file, making it, and deleting files that have expired."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workforce.downloads.kinds import KINDS, BuiltFile
from workforce.downloads.models import KEEP_FOR, Download

logger = logging.getLogger(__name__)

NO_LONGER_ALLOWED = "You can no longer see this information, so the file was not made."
WENT_WRONG = (
    "Something went wrong while making this file. Ask for it again. If it goes wrong again, tell your administrator."
)


def download_create(*, user, kind: str, parameters: dict) -> Download:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of download: {kind}")
    now = timezone.now()
    return Download.objects.create(
        requested_by=user,
        kind=kind,
        parameters=parameters,
        created_at=now,
        expires_at=now + KEEP_FOR,
    )


def _progress(download_id):
    def report(text: str) -> None:
        Download.objects.filter(pk=download_id).update(progress=text)

    return report


def download_build(*, download_id: str) -> str:
    """Make the file, once: a download that is not waiting (already made, or being made) is left alone."""
    now = timezone.now()
    taken = Download.objects.filter(pk=download_id, status=Download.Status.WAITING).update(
        status=Download.Status.WORKING, started_at=now, progress="Gathering the information."
    )
    if not taken:
        return "skipped"
    download = Download.objects.select_related("requested_by").get(pk=download_id)
    try:
        builder = import_string(KINDS[download.kind].builder)
        built: BuiltFile = builder(
            user=download.requested_by, parameters=download.parameters, progress=_progress(download.pk)
        )
    except PermissionDenied:
        return _failed(download, NO_LONGER_ALLOWED)
    except Exception:
        logger.exception("Download %s (%s) could not be made", download.pk, download.kind)
        return _failed(download, WENT_WRONG)
    with transaction.atomic():
        download.file.save(built.filename, ContentFile(built.content), save=False)
        download.filename = built.filename
        download.content_type = built.content_type
        download.status = Download.Status.READY
        download.progress = ""
        download.finished_at = timezone.now()
        download.save(update_fields=["file", "filename", "content_type", "status", "progress", "finished_at"])
    return download.status


def _failed(download: Download, message: str) -> str:
    download.status = Download.Status.FAILED
    download.error = message
    download.progress = ""
    download.finished_at = timezone.now()
    download.save(update_fields=["status", "error", "progress", "finished_at"])
    return download.status


# A worker that dies hard (killed, or its machine lost) leaves its download "being made" for ever, and one
# that never starts leaves it waiting: after this long the file is not coming, and the person is told so.
STALLED_AFTER = datetime.timedelta(hours=1)
STALLED = (
    "This file was not made in time: the service that makes files may have stopped. Ask for it again. "
    "If it happens again, tell your administrator that files are not being made."
)


def downloads_stalled_fail(*, now=None, queryset=None) -> int:
    """Mark as failed every download (of ``queryset``, or all) still waiting or being made an hour after it
    was asked for. Returns how many. A worker that finishes one later still makes it ready."""
    now = now or timezone.now()
    stalled = (queryset if queryset is not None else Download.objects.all()).filter(
        status__in=[Download.Status.WAITING, Download.Status.WORKING], created_at__lte=now - STALLED_AFTER
    )
    return stalled.update(status=Download.Status.FAILED, error=STALLED, progress="", finished_at=now)


def downloads_expired_delete(*, now=None) -> int:
    """Delete every download past its expiry, and its file. Returns how many were deleted."""
    expired = list(Download.objects.filter(expires_at__lte=now or timezone.now()))
    for download in expired:
        download.delete()  # and its file (models.py)
    return len(expired)
