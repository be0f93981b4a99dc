"""Who may see and adopt shared resources and their documents. Used by views, selectors and Wagtail hooks."""

import rules

from cms.library.resource import Visibility
from peernet.models import Network
from workforce.permissions import is_administrator


def member_network_ids(user) -> set[int]:
    """Networks the user belongs to, cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_member_network_ids"):
        user._member_network_ids = set(Network.objects.active().with_member(user).values_list("pk", flat=True))
    return user._member_network_ids


@rules.predicate
def can_see_resource(user, resource):
    if resource.visibility == Visibility.PUBLIC:
        return True
    networks = member_network_ids(user)
    if resource.visibility == Visibility.NETWORKS:
        return bool(networks)
    return resource.network_id in networks


@rules.predicate
def is_hub_member(user, hub):
    return hub.network_id in member_network_ids(user)


@rules.predicate
def can_adopt(user, resource):
    return hasattr(user, "staff_profile") and bool(member_network_ids(user))


rules.add_perm("cms.view_resource", is_administrator | can_see_resource)
rules.add_perm("cms.view_network_hub", is_administrator | is_hub_member)
rules.add_perm("cms.adopt_resource", can_see_resource & can_adopt)
