"""The framework for everyone signed in: the career ladder, role profiles, comparisons and search."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from competencies.framework import selectors, services
from competencies.framework.exchange import moodle, pending, spreadsheet
from competencies.framework.exchange.formats import FORMATS, parse_upload
from competencies.framework.exchange.structure import FileProblems
from competencies.framework.forms import CompareForm, CompetenceSearchForm, ImportForm, MoodleColumnsForm
from workforce.common.views import crumbs

browse_framework = permission_required("competencies.browse_framework", raise_exception=True)
import_framework = permission_required("competencies.import_framework", raise_exception=True)


def _version(slug, number=None):
    """The published version, or with ``number`` that version if it was ever published (read-only)."""
    if number is None:
        version = selectors.current_version(framework_slug=slug)
    else:
        version = selectors.browsable_version(framework_slug=slug, number=number)
    if version is None:
        raise Http404("This framework has no such published version.")
    return version


def _crumbs(version, *pages):
    ladder = reverse("competencies:framework-ladder", kwargs={"slug": version.framework.slug})
    return crumbs((version.framework.name, ladder), *pages, home="Home")


@browse_framework
def framework_home(request):
    version = selectors.current_version()
    if version is None:
        return render(
            request, "competencies/framework/none.html", {"crumbs": [("Home", reverse("my-home")), ("Framework", "")]}
        )
    return redirect("competencies:framework-ladder", slug=version.framework.slug)


@browse_framework
def ladder(request, slug, number=None):
    version = _version(slug, number)
    if number is not None and version.status == version.Status.PUBLISHED:
        return redirect("competencies:framework-ladder", slug=slug)
    crumbs_ = _crumbs(version)[:-1] + [(version.framework.name, "")]
    if number is not None:
        crumbs_ = _crumbs(version, ("Versions", _versions_url(version)), (f"Version {version.number}", ""))
    return render(
        request,
        "competencies/framework/ladder.html",
        {
            "version": version,
            "framework": version.framework,
            "rungs": selectors.ladder(version),
            "roles": selectors.roles(version),
            "scale": selectors.scale(version),
            "others": selectors.published_versions().exclude(pk=version.pk) if number is None else [],
            "crumbs": crumbs_,
        },
    )


def _versions_url(version):
    return reverse("competencies:framework-versions", kwargs={"slug": version.framework.slug})


@browse_framework
def versions(request, slug):
    rows = selectors.browsable_versions(framework_slug=slug)
    if not rows:
        raise Http404("This framework has no published version.")
    framework = rows[0].version.framework
    return render(
        request,
        "competencies/framework/versions.html",
        {"framework": framework, "rows": rows, "crumbs": _crumbs(rows[0].version, ("Versions", ""))},
    )


@browse_framework
def profile(request, slug, code, number=None):
    version = _version(slug, number)
    if number is not None and version.status == version.Status.PUBLISHED:
        return redirect("competencies:framework-profile", slug=slug, code=code)
    profiles = list(selectors.role_profiles(version))
    role_profile = next((p for p in profiles if p.code == code), None)
    if role_profile is None:
        raise Http404("No role profile has that code.")
    if number is None:
        crumbs_ = _crumbs(version, (role_profile.title, ""))
    else:
        version_url = reverse("competencies:framework-version", kwargs={"slug": slug, "number": number})
        crumbs_ = _crumbs(
            version, ("Versions", _versions_url(version)), (f"Version {number}", version_url), (role_profile.title, "")
        )
    form = CompareForm(initial={"first": role_profile.code}, profiles=profiles)
    return render(
        request,
        "competencies/framework/profile.html",
        {
            "version": version,
            "framework": version.framework,
            "profile": role_profile,
            "groups": selectors.profile_expectations(role_profile),
            "next_profiles": selectors.next_profiles(role_profile, profiles),
            "form": form,
            "crumbs": crumbs_,
        },
    )


@browse_framework
def compare(request, slug):
    version = _version(slug)
    profiles = list(selectors.role_profiles(version))
    form = CompareForm(request.GET or None, profiles=profiles)
    first = second = groups = summary = None
    if form.is_valid():
        by_code = {p.code: p for p in profiles}
        first, second = by_code[form.cleaned_data["first"]], by_code[form.cleaned_data["second"]]
        groups = selectors.compare_profiles(first, second)
        summary = selectors.comparison_summary(groups)
        if form.cleaned_data["changes_only"]:
            groups = selectors.only_changes(groups)
    return render(
        request,
        "competencies/framework/compare.html",
        {
            "version": version,
            "framework": version.framework,
            "form": form,
            "first": first,
            "second": second,
            "groups": groups,
            "summary": summary,
            "changes_only": form.is_valid() and form.cleaned_data["changes_only"],
            "crumbs": _crumbs(version, ("Compare role profiles", "")),
        },
    )


@browse_framework
def search(request, slug):
    version = _version(slug)
    domains = list(selectors.domains(version))
    form = CompetenceSearchForm(request.GET or None, domains=domains)
    results = None
    if form.is_valid():
        results = list(
            selectors.search_competences(version, query=form.cleaned_data["q"], domain=form.cleaned_data["domain"])
        )
    elif not request.GET:
        results = list(selectors.search_competences(version))
    return render(
        request,
        "competencies/framework/search.html",
        {
            "version": version,
            "framework": version.framework,
            "form": form,
            "results": results,
            "crumbs": _crumbs(version, ("Competences", "")),
        },
    )


# Import and export ------------------------------------------------------------------------------------------

SESSION_KEY = "framework_import"


def _exchange_page(request, *, form=None, preview=None, problems=None, status=200):
    can_import = request.user.has_perm("competencies.import_framework")
    if can_import and form is None:
        form = ImportForm(formats=FORMATS.values(), drafts=selectors.draft_versions())
    return render(
        request,
        "competencies/framework/exchange.html",
        {
            "versions": selectors.exportable_versions(user=request.user),
            "formats": FORMATS.values(),
            "form": form if can_import else None,
            "preview": preview,
            "problems": problems,
            "crumbs": [
                ("Home", reverse("my-home")),
                ("Career framework", reverse("competencies:framework")),
                ("Import and export", ""),
            ],
        },
        status=status,
    )


@browse_framework
def exchange(request):
    return _exchange_page(request)


@browse_framework
def export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404("No such format.")
    version = get_object_or_404(selectors.exportable_versions(user=request.user), pk=pk)
    spec = FORMATS[fmt]
    name = f"{version.framework.slug}-v{version.number}"
    if fmt == "moodle":
        name += "-moodle"
    elif fmt == "case":
        name += "-case"
    response = HttpResponse(spec.export(selectors.framework_data(version)), content_type=spec.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{spec.extension}"'
    return response


@browse_framework
def template(request, pk, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404("Templates are spreadsheets.")
    version = get_object_or_404(selectors.exportable_versions(user=request.user), pk=pk)
    codes = list(selectors.role_profiles(version).order_by("order", "pk").values_list("code", flat=True))
    response = HttpResponse(spreadsheet.template(codes, fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{version.framework.slug}-template.{fmt}"'
    return response


@require_POST
@import_framework
def import_preview(request):
    form = ImportForm(request.POST, request.FILES, formats=FORMATS.values(), drafts=selectors.draft_versions())
    if not form.is_valid():
        return _exchange_page(request, form=form, status=400)
    upload, fmt, into = form.cleaned_data["file"], form.cleaned_data["format"], form.cleaned_data["into"]
    _forget(request)
    try:
        token, sha256, raw = pending.keep(upload)
    except FileProblems as error:
        return _exchange_page(request, form=form, problems=error.problems, status=400)
    waiting = {
        "token": token,
        "sha256": sha256,
        "filename": upload.name,
        "format": fmt,
        "into": into.pk if into else None,
    }
    try:
        data = parse_upload(raw=raw, filename=upload.name, fmt=fmt)
    except moodle.ColumnsNeeded as needed:
        # The file waits while the person says which column is which.
        request.session[SESSION_KEY] = {**waiting, "columns": True}
        columns_form = MoodleColumnsForm(columns=needed.columns, suggested=needed.suggested)
        return _columns_page(request, columns_form, filename=upload.name)
    except FileProblems as error:
        pending.discard(token)
        return _exchange_page(request, form=form, problems=error.problems, status=400)
    preview = selectors.import_preview(data=data, into=into, whole=FORMATS[fmt].whole)
    if not preview.ok:
        pending.discard(token)
        return _exchange_page(request, form=form, problems=preview.problems, status=400)
    request.session[SESSION_KEY] = {**waiting, **_fingerprints(preview)}
    return _exchange_page(request, form=form, preview=preview)


def _fingerprints(preview):
    return {"fingerprints": [preview.fingerprint(drop=False), preview.fingerprint(drop=True)]}


def _columns_page(request, form, *, filename, problems=None, status=200):
    return render(
        request,
        "competencies/framework/columns.html",
        {
            "form": form,
            "filename": filename,
            "problems": problems,
            "fields": moodle.HEADERS,
            "crumbs": [
                ("Home", reverse("my-home")),
                ("Career framework", reverse("competencies:framework")),
                ("Import and export", reverse("competencies:framework-exchange")),
                ("Choose what each column holds", ""),
            ],
        },
        status=status,
    )


@require_POST
@import_framework
def import_columns(request):
    """The mapping step for a Moodle file whose columns cannot be read by position: the file waits in its
    temporary file, is read with the chosen columns, and goes on to the same preview as any other file."""
    waiting = request.session.get(SESSION_KEY) or {}
    raw = pending.read(waiting.get("token", ""), waiting.get("sha256", "")) if waiting.get("columns") else None
    if raw is None:
        messages.error(request, "There is no file waiting to have its columns chosen. Choose the file again.")
        return redirect("competencies:framework-exchange")
    into = None
    if waiting["into"]:
        into = get_object_or_404(selectors.draft_versions(), pk=waiting["into"])
    try:
        columns, suggested = moodle.file_columns(raw)
    except FileProblems as error:
        _forget(request)
        return _exchange_page(request, problems=error.problems, status=400)
    form = MoodleColumnsForm(request.POST, columns=columns, suggested=suggested)
    if not form.is_valid():
        return _columns_page(request, form, filename=waiting["filename"], status=400)
    mapping = form.cleaned_data["mapping"]
    try:
        data = parse_upload(raw=raw, filename=waiting["filename"], fmt=waiting["format"], mapping=mapping)
    except FileProblems as error:
        return _columns_page(request, form, filename=waiting["filename"], problems=error.problems, status=400)
    preview = selectors.import_preview(data=data, into=into, whole=FORMATS[waiting["format"]].whole)
    if not preview.ok:
        return _columns_page(request, form, filename=waiting["filename"], problems=preview.problems, status=400)
    waiting = {k: v for k, v in waiting.items() if k != "columns"}
    request.session[SESSION_KEY] = {**waiting, "mapping": mapping, **_fingerprints(preview)}
    return _exchange_page(request, preview=preview)


def _forget(request):
    """A new upload replaces the one waiting, whose file goes at once."""
    earlier = request.session.pop(SESSION_KEY, None) or {}
    pending.discard(earlier.get("token", ""))


@require_POST
@import_framework
def import_confirm(request):
    waiting = request.session.pop(SESSION_KEY, None)
    ready = waiting and "fingerprints" in waiting  # a file still waiting for its columns has had no preview
    raw = pending.read(waiting.get("token", ""), waiting.get("sha256", "")) if ready else None
    if raw is None:
        pending.discard((waiting or {}).get("token", ""))
        messages.error(request, "There is no file waiting to be imported. Choose the file again.")
        return redirect("competencies:framework-exchange")
    pending.discard(waiting["token"])
    into = None
    if waiting["into"]:
        into = get_object_or_404(selectors.draft_versions(), pk=waiting["into"])
    drop = request.POST.get("drop") == "yes"
    try:
        data = parse_upload(
            raw=raw, filename=waiting["filename"], fmt=waiting["format"], mapping=waiting.get("mapping")
        )
        version = services.framework_file_import(
            data=data,
            into=into,
            whole=FORMATS[waiting["format"]].whole,
            drop=drop,
            fingerprint=waiting["fingerprints"][int(drop)],
        )
    except FileProblems as error:
        return _exchange_page(request, problems=error.problems, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("competencies:framework-exchange")
    messages.success(request, f"Imported into {version}. It is a draft: check it in the admin, then publish it.")
    return redirect("competencies:framework-exchange")
