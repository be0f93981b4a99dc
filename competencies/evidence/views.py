"""A rating's files and links: the person adds and removes them while the assessment is open; the person
and their managers open them. Files are sent only from here (``download``), never from a public URL."""

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from competencies.assessments.selectors import assessment_for
from competencies.evidence import selectors, services
from competencies.evidence.forms import EvidenceForm
from workforce.common.forms import service_saved
from workforce.common.views import crumbs, may, require


def _assessment(request, pk):
    assessment = assessment_for(user=request.user, pk=pk)
    require(request.user, "competencies.open_assessment", assessment)
    return assessment


def _page_url(item_or_rating) -> str:
    rating = getattr(item_or_rating, "rating", item_or_rating)
    return reverse("competencies:evidence", args=[rating.assessment_id, rating.pk])


def evidence(request, pk, rating_pk):
    assessment = _assessment(request, pk)
    rating = selectors.rating_for(assessment=assessment, pk=rating_pk)
    can_change = may(request.user, "competencies.edit_assessment", assessment)
    form = EvidenceForm(request.POST or None, request.FILES or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid() and service_saved(
            form,
            lambda: services.evidence_add(
                rating=rating,
                by=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
            ),
        ):
            messages.success(request, f"“{form.cleaned_data['title']}” is added to {rating.competence.code}.")
            return redirect(_page_url(rating))
    back = reverse("competencies:assessment-detail", args=[assessment.pk])
    return render(
        request,
        "competencies/evidence/evidence.html",
        {
            "assessment": assessment,
            "rating": rating,
            "items": list(rating.evidence_items.all()),
            "form": form,
            "can_change": can_change,
            "back": back,
            "crumbs": crumbs(
                ("My assessments", reverse("competencies:assessment-list")),
                (f"{assessment.role_profile.title}, {assessment.created_at:%d %b %Y}", back),
                (f"Evidence for {rating.competence.code}", ""),
            ),
        },
    )


@require_POST
def evidence_remove(request, pk, item_pk):
    assessment = _assessment(request, pk)
    item = selectors.evidence_for(assessment=assessment, pk=item_pk)
    require(request.user, "competencies.edit_assessment", assessment)
    title = item.title
    services.evidence_remove(item=item, by=request.user)
    messages.success(request, f"“{title}” is removed.")
    return redirect(_page_url(item))


def evidence_download(request, pk, item_pk):
    assessment = _assessment(request, pk)
    item = selectors.evidence_for(assessment=assessment, pk=item_pk)
    if not item.is_file:
        raise Http404
    extension = item.extension.lower()
    name = f"{slugify(item.title) or 'evidence'}.{extension}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
