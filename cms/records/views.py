"""Pages for the record's whole life: the review queue, keeping or erasing a record, and what we hold about
a person (for a subject access request, or for the person themself)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cms.records import export, selectors, services
from cms.records.forms import EraseForm, KeepForm
from workforce.audit.middleware import read_mark
from workforce.common.forms import add_service_errors
from workforce.common.views import crumbs, may


def _only_if(user, perm: str, obj=None) -> None:
    """Records about people are not even shown to exist to those who may not see them."""
    if not may(user, perm, obj):
        raise Http404


def _queue_crumbs(*items):
    return crumbs(("Records due for review", reverse("records:review-queue")), *items)


def review_queue(request):
    _only_if(request.user, "cms.review_records")
    return render(
        request,
        "cms/records/review_queue.html",
        {
            "reviews": list(selectors.due_reviews_for(user=request.user)),
            "decisions": list(selectors.recent_decisions_for(user=request.user)),
            "crumbs": crumbs(("Records due for review", "")),
        },
    )


def _review(request, pk):
    _only_if(request.user, "cms.review_records")
    review = selectors.review_for(user=request.user, pk=pk)
    _only_if(request.user, "cms.review_record", review)
    return review


def review_keep(request, pk):
    review = _review(request, pk)
    form = KeepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_keep(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            day = form.cleaned_data["keep_until"]
            messages.success(request, f"{review.label} is kept until {day.day} {day:%B %Y}.")
            return redirect("records:review-queue")
    return render(
        request,
        "cms/records/review_keep.html",
        {"review": review, "form": form, "crumbs": _queue_crumbs(("Keep for longer", ""))},
    )


def review_erase(request, pk):
    review = _review(request, pk)
    try:
        record = review.content_type.get_object_for_this_type(pk=review.object_id)
    except ObjectDoesNotExist as error:
        raise Http404("This record is no longer held.") from error
    form = EraseForm(request.POST or None)
    blocked, going = "", {}
    try:
        going = services.erasure_preview(instance=record)
    except ValidationError as error:
        blocked = " ".join(error.messages)
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.review_erase(review=review, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The record is erased. A note says it was erased, when and by you.")
            return redirect("records:review-queue")
    return render(
        request,
        "cms/records/review_erase.html",
        {
            "review": review,
            "form": form,
            "going": sorted(going.items()),
            "blocked": blocked,
            "crumbs": _queue_crumbs(("Erase", "")),
        },
    )


def people(request):
    _only_if(request.user, "cms.review_records")
    return render(
        request,
        "cms/records/people.html",
        {
            "people": {kind: list(queryset) for kind, queryset in selectors.people_for(user=request.user).items()},
            "crumbs": crumbs(("What we hold about a person", "")),
        },
    )


def _zip_response(request, subject) -> HttpResponse:
    read_mark(request, *subject.asked_for)
    response = HttpResponse(export.export_zip(subject=subject), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{subject.file_stem}.zip"'
    return response


def _person(request, kind, pk):
    _only_if(request.user, "cms.review_records")
    subject = selectors.person_for(user=request.user, kind=kind, pk=pk)
    _only_if(request.user, "cms.export_person", subject)
    return subject


def person(request, kind, pk):
    subject = _person(request, kind, pk)
    read_mark(request, *subject.asked_for)
    return render(
        request,
        "cms/records/held.html",
        {
            "subject": subject,
            "sections": export.held_about(subject),
            "download": reverse("records:person-download", args=[kind, pk]),
            "crumbs": crumbs(("What we hold about a person", reverse("records:people")), (subject.name, "")),
        },
    )


def person_download(request, kind, pk):
    return _zip_response(request, _person(request, kind, pk))


def _own(request):
    _only_if(request.user, "cms.view_own_record")
    subject = selectors.own_subject(user=request.user)
    if subject is None:
        raise Http404
    return subject


def mine(request):
    subject = _own(request)
    read_mark(request, *subject.asked_for)
    return render(
        request,
        "cms/records/mine.html",
        {
            "subject": subject,
            "sections": export.held_about(subject),
            "download": reverse("records:mine-download"),
            "crumbs": crumbs(("What we hold about you", "")),
        },
    )


def mine_download(request):
    return _zip_response(request, _own(request))
