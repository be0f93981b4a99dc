"""Who may do what in peer work and networks. Used by views, selectors and the Wagtail admin alike."""

import rules

from workforce.permissions import is_administrator

from .models import NetworkMembership


def _membership(user, network):
    """The user's approved membership of the network, cached on the user for the request."""
    if not user.is_authenticated or network is None:
        return None
    cache = user.__dict__.setdefault("_network_memberships", {})
    if network.pk not in cache:
        cache[network.pk] = NetworkMembership.objects.approved().filter(network=network, user=user).first()
    return cache[network.pk]


@rules.predicate
def is_member_of_network(user, network):
    return _membership(user, network) is not None


@rules.predicate
def coordinates_network(user, network):
    membership = _membership(user, network)
    return membership is not None and membership.role == NetworkMembership.Role.COORDINATOR


rules.add_perm("peernet.view_network", is_administrator | is_member_of_network)
rules.add_perm("peernet.manage_network", is_administrator | coordinates_network)


@rules.predicate
def is_in_any_network(user):
    return user.is_authenticated and NetworkMembership.objects.approved().filter(user=user).exists()


rules.add_perm("peernet.build_interview_pack", is_administrator | is_in_any_network)
