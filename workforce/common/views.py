"""What every app's views do the same way: check a rule, build breadcrumbs, send a PDF."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse


def may(user, perm: str, obj=None) -> bool:
    """The app's rules alone (each app's ``permissions.py``), not ``user.has_perm``: a superuser passes every
    has_perm, but records about people are seen only by those the rules name."""
    return rules.has_perm(perm, user, obj)


def require(user, perm: str, obj=None) -> None:
    if not may(user, perm, obj):
        raise PermissionDenied


def crumbs(*items, home: str = "My home") -> list[tuple[str, str]]:
    """Breadcrumbs from the signed-in home page through ``items`` (label, url; the last has no url)."""
    return [(home, reverse("my-home")), *items]


def pdf_response(request, *, template: str, context: dict, filename: str) -> HttpResponse:
    """Render a template to a PDF download (WeasyPrint, loaded only when a PDF is asked for: it is slow).

    Every PDF is tagged as PDF/UA-1, so screen readers get its headings, tables, language and title: the
    template needs ``<html lang>``, a ``<title>``, headings in order and ``<th scope>`` in its tables."""
    pdf = pdf_bytes(template=template, context=context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_bytes(*, template: str, context: dict, request=None) -> bytes:
    """The PDF itself, tagged as PDF/UA-1, in a request or outside one (a background download). Without a
    request the template has no ``request`` and relative addresses resolve against nothing, so a template
    made in the background carries its styles inline."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
