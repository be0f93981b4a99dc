"""Sharing a resource from the app, changing one your service holds, and a coordinator's approval."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cms.library import selectors, services
from cms.library.forms import ChangeForm, ShareForm
from cms.library.resource import ResourcePage, ResourceType
from workforce.common.forms import add_service_errors
from workforce.common.views import may


def _library_crumbs(*items):
    return [("My home", reverse("my-home")), ("Shared resources", reverse("library:resource-list")), *items]


def _service_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "summary": data["summary"],
        # None when the form leaves the body out (one made in the editor), which keeps it as it is.
        "body_text": data.get("body_text"),
        "visibility": data["visibility"],
        "role_profile": data["role_profile"],
        "transcript": data.get("transcript", ""),
        "uploads": data["files"],
    }


def resource_share(request):
    """A member shares something their team made; a coordinator approves it before anyone else sees it."""
    if not may(request.user, "cms.share_resource"):
        raise Http404
    networks = selectors.shareable_networks(request.user)
    if not networks:
        raise Http404
    form = ShareForm(
        request.POST or None,
        request.FILES or None,
        networks=networks,
        initial={"network": networks.first(), "visibility": "network"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.resource_share(
                user=request.user,
                network=form.cleaned_data["network"],
                resource_type=form.cleaned_data["resource_type"],
                **_service_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{review.resource.title}” is waiting for a coordinator of the {review.resource.network.name} "
                "to approve it. We will email you when they decide.",
            )
            return redirect("library:service-library")
    return render(
        request,
        "cms/library/share.html",
        {"form": form, "crumbs": _library_crumbs(("Share a resource", ""))},
    )


def resource_edit(request, pk):
    """Change a resource your service holds (one it shared, or a copy it adopted to adapt for the team)."""
    resource = get_object_or_404(ResourcePage.objects.select_related("network", "service"), pk=pk)
    if not may(request.user, "cms.change_resource", resource):
        raise Http404
    draft = resource.get_latest_revision_as_object()
    attachments = list(draft.attachments.select_related("document"))
    body_text = services.body_as_text(draft.body)
    form = ChangeForm(
        request.POST or None,
        request.FILES or None,
        attachments=attachments,
        body_editable=body_text is not None,
        podcast=resource.resource_type == ResourceType.PODCAST,
        initial={
            "title": draft.title,
            "summary": draft.summary,
            "body_text": body_text,
            "visibility": draft.visibility,
            "role_profile": draft.role_profile_id,
            "transcript": draft.transcript,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_change(
                resource=resource,
                user=request.user,
                remove=[int(pk) for pk in form.cleaned_data.get("remove", [])],
                **_service_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Your changes to “{form.cleaned_data['title']}” are waiting for a coordinator to approve them. "
                + ("Until then people see the version shared before." if resource.live else ""),
            )
            return redirect("library:service-library")
    return render(
        request,
        "cms/library/resource_edit.html",
        {
            "form": form,
            "resource": resource,
            # The coordinator's note, while the version they sent back has not been replaced by a new one.
            "returned": None
            if resource.reviews.waiting().exists()
            else resource.reviews.filter(decision="returned").order_by("-decided_at").first(),
            "is_podcast": resource.resource_type == ResourceType.PODCAST,
            "body_kept": body_text is None,
            "draft": draft,
            "crumbs": _library_crumbs(
                (f"{request.user.staff_profile.service.name} library", reverse("library:service-library")),
                (f"Change {draft.title}", ""),
            ),
        },
    )


def review_list(request):
    """What members have shared, or changed, that waits for a coordinator of your networks."""
    if not may(request.user, "cms.review_shared_resources"):
        raise Http404
    return render(
        request,
        "cms/library/review_list.html",
        {"reviews": selectors.reviews_waiting_for(request.user), "crumbs": _library_crumbs(("Waiting for you", ""))},
    )


def review_detail(request, pk):
    """Read the version a member sent, then approve it or send it back with a note."""
    review = selectors.review_for(user=request.user, pk=pk)
    version = review.revision.as_object()
    if request.method == "POST":
        if not review.waiting:
            messages.info(request, "This has already been decided.")
            return redirect("library:resource-review", pk=review.pk)
        try:
            if request.POST.get("decision") == "approve":
                resource = services.resource_review_approve(review=review, user=request.user)
                messages.success(request, f"“{resource.title}” is shared. We have told {_name(review)}.")
            elif request.POST.get("decision") == "return":
                services.resource_review_return(review=review, user=request.user, note=request.POST.get("note", ""))
                messages.success(request, f"Sent back to {_name(review)} with your note.")
            else:
                raise ValidationError("Choose to approve it or to send it back.")
        except ValidationError as error:
            return _review_page(request, review, version, error=error, note=request.POST.get("note", ""))
        return redirect("library:resource-reviews")
    return _review_page(request, review, version)


def _name(review) -> str:
    submitter = review.submitted_by
    return (submitter.get_full_name() or submitter.email) if submitter else "the person who sent it"


def _review_page(request, review, version, *, error=None, note=""):
    errors = error.message_dict if error is not None and hasattr(error, "error_dict") else {}
    general = [] if error is None or errors else error.messages
    return render(
        request,
        "cms/library/review_detail.html",
        {
            "review": review,
            "version": version,
            "attachments": list(version.attachments.select_related("document")),
            "live": review.resource if review.resource.live and not review.is_new else None,
            "note": note,
            "note_error": " ".join(errors.get("note", [])),
            "general_errors": general,
            "submitter": _name(review),
            "crumbs": _library_crumbs(("Waiting for you", reverse("library:resource-reviews")), (version.title, "")),
        },
        status=400 if error is not None else 200,
    )
