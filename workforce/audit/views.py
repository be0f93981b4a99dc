"""The audit trail page: search changes and reads by person and by record, and export what was found."""

from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from workforce.audit import selectors
from workforce.audit.forms import TrailSearchForm
from workforce.common.spreadsheets import XLSX_TYPE, table_download
from workforce.common.views import crumbs, require
from workforce.downloads.kinds import BuiltFile
from workforce.downloads.tasks import download_request

PER_PAGE = 50
EXPORT_LIMIT = 20000
CHANGE_HEADERS = ["When", "Who", "Action", "Kind of record", "Record number", "Record", "What changed", "IP", "Request"]
READ_HEADERS = ["When", "Who", "What happened", "Kind of record", "Record number", "Page", "IP", "Request"]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M:%S")


def _change_row(entry) -> list:
    changed = "; ".join(
        f"{c.field}: {c.before or '(empty)'} to {c.after or '(empty)'}" for c in selectors.changes_of(entry)
    )
    return [
        _when(entry.timestamp),
        entry.actor_email or (entry.actor.get_username() if entry.actor else "The system"),
        entry.get_action_display(),
        entry.content_type.name.capitalize(),
        entry.object_pk,
        entry.object_repr,
        changed,
        entry.remote_addr or "",
        entry.cid or "",
    ]


def _read_row(event) -> list:
    return [
        _when(event.at),
        event.actor_username or "Unknown",
        event.get_outcome_display(),
        event.content_type.name.capitalize() if event.content_type else "",
        event.object_pk,
        event.url_name,
        event.ip or "",
        event.request_id,
    ]


def _found_for(user, query):
    require(user, "workforce.view_audit_trail")
    form = TrailSearchForm(query or None)
    search = form.search()
    show = form.shown if form.is_bound else "changes"
    if show == "reads":
        return form, show, selectors.reads_for(user=user, search=search)
    return form, show, selectors.changes_for(user=user, search=search)


def _found(request):
    return _found_for(request.user, request.GET)


def trail(request):
    form, show, found = _found(request)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(_read_row if show == "reads" else _change_row)(item) for item in page]
    context = {
        "form": form,
        "show": show,
        "page": page,
        "rows": rows,
        "headers": READ_HEADERS if show == "reads" else CHANGE_HEADERS,
        "query": query.urlencode(),
        "crumbs": crumbs(("Audit trail", "")),
    }
    return render(request, "workforce/audit/trail.html", context)


def _export(user, query, file_format):
    form, show, found = _found_for(user, query)
    headers = READ_HEADERS if show == "reads" else CHANGE_HEADERS
    make_row = _read_row if show == "reads" else _change_row
    name = "audit-trail-reads" if show == "reads" else "audit-trail-changes"
    return table_download(
        headers=headers,
        rows=(make_row(item) for item in found[:EXPORT_LIMIT]),
        file_format=file_format,
        name=name,
        sheet_title="Audit trail",
    )


def trail_export(request, file_format):
    if file_format == "xlsx":
        # Up to EXPORT_LIMIT rows through openpyxl: asked for with a form and made in the background.
        require(request.user, "workforce.view_audit_trail")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        search = {name: request.POST.getlist(name) for name in TrailSearchForm.base_fields if name in request.POST}
        download = download_request(user=request.user, kind="audit_trail_xlsx", parameters=search)
        return redirect("workforce:download-detail", pk=download.pk)
    return _export(request.user, request.GET, file_format)


def trail_xlsx_file(*, user, parameters: dict, progress) -> BuiltFile:
    """The search in ``parameters`` (the form's fields, each a list) as a spreadsheet, for workforce/downloads."""
    query = QueryDict(mutable=True)
    for name, values in parameters.items():
        query.setlist(name, values)
    progress("Writing the spreadsheet.")
    response = _export(user, query, "xlsx")
    filename = response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')
    return BuiltFile(response.content, filename, XLSX_TYPE)
