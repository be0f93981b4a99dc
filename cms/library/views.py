"""Finding, reading and adopting shared resources."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cms.library import selectors, services
from cms.library.forms import AdoptForm, ResourceFilterForm
from cms.library.resource import ResourcePage, may_adopt
from peernet.permissions import member_network_ids
from workforce.common.views import may

PAGE_SIZE = 20


@login_not_required
def resource_list(request):
    """Search and filter the resources you may see. Visitors who are not signed in see the public ones."""
    form = ResourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    resources = selectors.resource_search(
        user=request.user,
        query=filters.get("q", ""),
        resource_type=filters.get("resource_type", ""),
        role_profile=filters.get("role_profile"),
        region=filters.get("region"),
    )
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cms/library/resource_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_share": may(request.user, "cms.share_resource"),
            "crumbs": [("Home", "/"), ("Shared resources", "")],
        },
    )


def service_library(request):
    """Everything your service has shared or adopted, to adapt for your own team."""
    profile = getattr(request.user, "staff_profile", None)
    if profile is None:
        raise Http404
    resources = selectors.resource_search(user=request.user, service=profile.service)
    return render(
        request,
        "cms/library/service_library.html",
        {
            "service": profile.service,
            "resources": resources,
            "reviews": list(selectors.service_reviews(profile)),
            "can_share": may(request.user, "cms.share_resource"),
            "member_networks": member_network_ids(request.user),
            "can_review": may(request.user, "cms.review_shared_resources"),
            "crumbs": [
                ("My home", reverse("my-home")),
                ("Shared resources", reverse("library:resource-list")),
                (f"{profile.service.name} library", ""),
            ],
        },
    )


def resource_adopt(request, pk):
    resource = get_object_or_404(ResourcePage.objects.visible_to(request.user), pk=pk)
    # The same rule decides whether the resource's page shows the "Adopt" button.
    if not may_adopt(request.user, resource):
        raise Http404
    networks = selectors.networks_for_adoption(request.user)
    form = AdoptForm(request.POST or None, networks=networks, initial={"network": networks.first()})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.resource_adopt(resource=resource, user=request.user, network=form.cleaned_data["network"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{copy.title}” is now in your service's library. Adapt it for your team.")
            return redirect(copy.url)
    return render(
        request,
        "cms/library/adopt.html",
        {
            "resource": resource,
            "form": form,
            "crumbs": [
                ("Shared resources", reverse("library:resource-list")),
                (resource.title, resource.url),
                ("Adopt", ""),
            ],
        },
    )
