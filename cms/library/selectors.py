"""Reads of shared resources and network hubs, always filtered by who is asking."""

from django.db.models import Case, OuterRef, Subquery, When
from django.shortcuts import get_object_or_404

from cms.library.choices import Visibility
from cms.library.resource import ResourcePage
from cms.library.sharing import ResourceReview
from cms.permissions import coordinated_network_ids
from peernet.models import Network
from peernet.permissions import member_network_ids
from workforce.permissions import is_administrator

# Search ranks every matching resource; only the best this many are listed, however many match.
SEARCH_LIMIT = 500


def resource_search(*, user, query: str = "", resource_type: str = "", role_profile=None, region=None, service=None):
    """Resources the user may see, filtered, ranked by Wagtail search when there is a query.

    Search gives the ranked ids (one query, on SQLite or PostgreSQL); the listing is then one ordinary
    query with its relations joined, so the number of queries does not grow with the results.
    """
    resources = ResourcePage.objects.visible_to(user)
    if resource_type:
        resources = resources.filter(resource_type=resource_type)
    if role_profile is not None:
        resources = resources.filter(role_profile=role_profile)
    if region is not None:
        resources = resources.filter(network__region=region)
    if service is not None:
        resources = resources.filter(service=service)
    if query:
        ranked = [page.pk for page in ResourcePage.objects.live().search(query)[:SEARCH_LIMIT]]
        order = Case(*[When(pk=pk, then=position) for position, pk in enumerate(ranked)], default=len(ranked))
        resources = resources.filter(pk__in=ranked).order_by(order)
    else:
        resources = resources.order_by("-first_published_at", "-pk")
    return resources.for_listing()


def document_visible_to(user, document) -> bool:
    """A network's document is for that network: its members, and anyone who may see a live resource *of
    that network* that attaches it. A resource of another network attaching it grants nothing, so nobody
    can publish a document that is not their network's to publish.

    Documents outside every network's collection follow Wagtail's own rules.
    """
    network = network_of_collection(document.collection)
    if network is None or is_administrator(user) or network.pk in member_network_ids(user):
        return True
    return ResourcePage.objects.visible_to(user).filter(network=network, attachments__document=document).exists()


def network_of_collection(collection):
    """The network whose private collection holds ``collection`` (itself or an ancestor), if any."""
    return (
        Network.objects.filter(collection__in=collection.get_ancestors(inclusive=True))
        .order_by("-collection__depth")
        .first()
    )


def networks_for_adoption(user):
    """Networks the user belongs to that have a hub to hold an adopted copy."""
    return Network.objects.active().with_member(user).filter(hub_page__isnull=False).order_by("name")


def resources_for_digest(*, network, since, for_member: bool):
    """Resources first published in the network since ``since``: the public ones, or all for a member."""
    resources = ResourcePage.objects.live().filter(network=network, first_published_at__gte=since)
    if not for_member:
        resources = resources.filter(visibility=Visibility.PUBLIC)
    return resources.select_related("service").order_by("first_published_at")


# Lists of reviews show each version's title, never the page it holds: a revision's content is the whole page
# as JSON, often the largest thing in the row.
LISTED_WITHOUT = ("revision__content",)


def reviews_waiting_for(user):
    """Versions of resources waiting for a decision in the networks the user coordinates, oldest first."""
    return (
        ResourceReview.objects.waiting()
        .for_coordinator(coordinated_network_ids(user))
        .select_related("resource__service", "resource__network", "revision", "submitted_by")
        .defer(*LISTED_WITHOUT)
        .order_by("submitted_at", "pk")
    )


def review_for(*, user, pk) -> ResourceReview:
    """One review the user may decide on (waiting or decided); any other answers 404."""
    return get_object_or_404(
        ResourceReview.objects.for_coordinator(coordinated_network_ids(user)).select_related(
            "resource__service", "resource__network", "revision", "submitted_by", "decided_by"
        ),
        pk=pk,
    )


def service_reviews(profile):
    """The latest review of each resource the service holds that is waiting or was sent back."""
    latest = ResourceReview.objects.filter(resource=OuterRef("resource")).order_by("-submitted_at", "-pk")
    return (
        ResourceReview.objects.filter(resource__service_id=profile.service_id)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .exclude(decision=ResourceReview.Decision.APPROVED)
        .select_related("resource__network", "revision", "submitted_by", "decided_by")
        .defer(*LISTED_WITHOUT)
        .order_by("-submitted_at", "-pk")
    )


def shareable_networks(user):
    """Networks the user may share into: theirs, with a hub to keep resources in."""
    return networks_for_adoption(user)
