import base64
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from workforce.people import selectors
from workforce.people.forms import StaffFileForm
from workforce.people.staff_import import COLUMN_HELP, read_staff_file, staff_import, template_dataset

SESSION_KEY = "staff-import"


def _import_context(request, **extra):
    return {
        "column_help": COLUMN_HELP,
        "services": selectors.services_for_import(user=request.user),
        "crumbs": [("My home", "/my/"), ("Import staff", request.path)],
        **extra,
    }


def staff_import_view(request):
    """Upload, check, preview, then confirm: nothing is saved until the person has seen every row."""
    if not request.user.has_perm("workforce.import_staff"):
        raise PermissionDenied
    services_allowed = selectors.services_for_import(user=request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, services_allowed)
    form = StaffFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            dataset = read_staff_file(name=upload.name, content=content)
        except ValidationError as error:
            form.add_error("file", error)
            return render(request, "workforce/staff_import.html", _import_context(request, form=form))
        report = staff_import(user=request.user, services_allowed=services_allowed, dataset=dataset, dry_run=True)
        token = ""
        if not report.errors:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "content": base64.b64encode(content).decode(),
            }
        return render(
            request,
            "workforce/staff_import_preview.html",
            _import_context(request, report=report, token=token, file_name=upload.name),
        )
    return render(request, "workforce/staff_import.html", _import_context(request, form=form))


def _confirm(request, services_allowed):
    stored = request.session.get(SESSION_KEY)
    if not stored or stored["token"] != request.POST.get("token"):
        messages.error(request, "That preview has expired. Upload the file again.")
        return redirect("workforce:staff-import")
    dataset = read_staff_file(name=stored["name"], content=base64.b64decode(stored["content"]))
    report = staff_import(user=request.user, services_allowed=services_allowed, dataset=dataset, dry_run=False)
    del request.session[SESSION_KEY]
    if report.errors:
        # Something changed between the preview and now (another import, say): nothing was saved.
        return render(
            request,
            "workforce/staff_import_preview.html",
            _import_context(request, report=report, token="", file_name=stored["name"]),
        )
    messages.success(request, f"Imported {stored['name']}: {report.created} new, {report.updated} updated.")
    return redirect("workforce:staff-import")


@require_GET
def staff_import_template(request, file_format):
    """A spreadsheet with the right columns and one example row to copy."""
    if not request.user.has_perm("workforce.import_staff"):
        raise PermissionDenied
    service = selectors.services_for_import(user=request.user).first()
    dataset = template_dataset(service_name=service.name if service else "")
    if file_format == "xlsx":
        body = dataset.export("xlsx")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = "\ufeff" + dataset.export("csv")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="staff-import-template.{file_format}"'
    return response
