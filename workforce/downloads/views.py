"""A download's progress page, the file once it is ready, and the list of a person's recent downloads."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from workforce.common.views import crumbs, require
from workforce.downloads import selectors
from workforce.downloads.kinds import KINDS
from workforce.downloads.models import Download
from workforce.downloads.services import downloads_stalled_fail

# How often the progress page asks again while the file is being made, in seconds. A page that reloads
# itself restarts a screen reader at the top, so the page offers to stop (WCAG 2.2.1, "turn off").
REFRESH_SECONDS = 5
# A file still not made after this long has most likely lost its worker; the page says what to do.
TOO_LONG = datetime.timedelta(minutes=10)


def _own(request, pk) -> Download:
    # Another person's download answers 404, as if it did not exist.
    download = get_object_or_404(selectors.downloads_of(user=request.user), pk=pk)
    require(request.user, "workforce.open_download", download)
    return download


def _title(download: Download) -> str:
    kind = KINDS.get(download.kind)
    return kind.title if kind else "Your file"


def _asked_from(download: Download) -> tuple[str, str]:
    """The page the person asked from, as a breadcrumb; else their downloads."""
    kind = KINDS.get(download.kind)
    if kind and kind.asked_from:
        label, name, keys = kind.asked_from
        try:
            return label, reverse(name, kwargs={key: download.parameters[key] for key in keys})
        except (KeyError, NoReverseMatch):
            pass
    return "Your downloads", reverse("workforce:download-list")


def download_detail(request, pk):
    download = _own(request, pk)
    if download.is_pending and downloads_stalled_fail(queryset=Download.objects.filter(pk=download.pk)):
        download.refresh_from_db()
    checking = request.GET.get("refresh") != "off"
    return render(
        request,
        "workforce/downloads/detail.html",
        {
            "download": download,
            "title": _title(download),
            "checking": checking,
            "taking_too_long": download.is_pending and timezone.now() - download.created_at > TOO_LONG,
            "refresh_seconds": REFRESH_SECONDS if download.is_pending and checking else None,
            "crumbs": crumbs(_asked_from(download), (_title(download), "")),
        },
    )


def download_file(request, pk):
    download = _own(request, pk)
    if download.status != Download.Status.READY or not download.file:
        raise Http404
    # The files are made in memory and are a few megabytes at most, so they are read whole.
    with download.file.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def download_list(request):
    require(request.user, "workforce.list_own_downloads")
    downloads = list(selectors.downloads_of(user=request.user)[:50])
    return render(
        request,
        "workforce/downloads/list.html",
        {
            "downloads": [(download, _title(download)) for download in downloads],
            "crumbs": crumbs(("Your downloads", "")),
        },
    )
