"""Who may do what in peer work and networks. Used by views, selectors and the admin alike."""

import rules

from peernet.models import NetworkMembership
from workforce.permissions import is_administrator, is_commissioner, is_peer_coordinator, is_service_manager

# --- Peer journeys ---------------------------------------------------------------------------------------
# A peer's record is seen only by their coordinator and cover coordinator, their service's service manager
# and the peer themself. Supervision notes leave out the service manager.


def _profile_id(user):
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.pk if profile is not None else None


@rules.predicate
def coordinates_peer(user, peer):
    profile_id = _profile_id(user)
    return peer is not None and profile_id is not None and profile_id in peer.coordinator_ids()


@rules.predicate
def manages_peers_service(user, peer):
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return peer is not None and profile is not None and profile.service_id == peer.service_id


@rules.predicate
def is_the_peer(user, peer):
    return peer is not None and user.is_authenticated and peer.user_id == user.pk


is_peers_coordinator = is_peer_coordinator & coordinates_peer
is_peers_service_manager = is_service_manager & manages_peers_service

rules.add_perm("peernet.view_peer_record", is_peers_coordinator | is_peers_service_manager | is_the_peer)
rules.add_perm("peernet.manage_peer", is_peers_coordinator)
rules.add_perm("peernet.read_supervision_notes", is_peers_coordinator | is_the_peer)
rules.add_perm("peernet.log_own_hours", is_the_peer)
rules.add_perm("peernet.check_in", is_the_peer)
rules.add_perm("peernet.decide_extension", is_peers_service_manager)
rules.add_perm("peernet.view_peer_dashboard", is_peer_coordinator | is_service_manager)
rules.add_perm("peernet.record_new_peer", is_peer_coordinator)
rules.add_perm("peernet.view_service_outcomes", is_service_manager)
rules.add_perm("peernet.view_region_outcomes", is_service_manager | is_commissioner | is_administrator)
# A peer who needs extra support now is seen and looked after by their coordinators and their service's
# service manager; whichever of them acts records what was done.
rules.add_perm("peernet.see_support_alerts", is_peers_coordinator | is_peers_service_manager)
rules.add_perm("peernet.close_support_alert", is_peers_coordinator | is_peers_service_manager)

# --- Networks ----------------------------------------------------------------------------------------------


def _network_ids(user) -> tuple[set[int], set[int]]:
    """The active networks the user is an approved member of, and those of them they coordinate: one query,
    kept on the user for the request."""
    if not user.is_authenticated:
        return set(), set()
    if not hasattr(user, "_network_ids"):
        rows = NetworkMembership.objects.approved().filter(user=user, network__active=True)
        rows = list(rows.values_list("network_id", "role"))
        user._network_ids = (
            {network for network, _role in rows},
            {network for network, role in rows if role == NetworkMembership.Role.COORDINATOR},
        )
    return user._network_ids


def member_network_ids(user) -> set[int]:
    """Active networks the user belongs to, cached on the user for the request."""
    return _network_ids(user)[0]


def coordinated_network_ids(user) -> set[int]:
    """Active networks the user coordinates, cached on the user for the request."""
    return _network_ids(user)[1]


def _membership(user, network):
    """The user's approved membership of the network, cached on the user for the request."""
    if not user.is_authenticated or network is None:
        return None
    cache = user.__dict__.setdefault("_network_memberships", {})
    if network.pk not in cache:
        cache[network.pk] = NetworkMembership.objects.approved().filter(network=network, user=user).first()
    return cache[network.pk]


def approved_membership(user, network):
    """The user's approved membership of the network, or None; one query per network per request."""
    return _membership(user, network)


@rules.predicate
def is_member_of_network(user, network):
    return _membership(user, network) is not None


@rules.predicate
def coordinates_network(user, network):
    membership = _membership(user, network)
    return membership is not None and membership.role == NetworkMembership.Role.COORDINATOR


rules.add_perm("peernet.open_network", is_administrator | is_member_of_network)
rules.add_perm("peernet.manage_network", is_administrator | coordinates_network)


@rules.predicate
def is_in_any_network(user):
    return user.is_authenticated and NetworkMembership.objects.approved().filter(user=user).exists()


rules.add_perm("peernet.build_interview_pack", is_administrator | is_in_any_network)
# A network's panel packs are made and changed by its coordinators, and opened by its members.
rules.add_perm("peernet.edit_interview_packs", is_administrator | coordinates_network)
rules.add_perm("peernet.open_interview_packs", is_administrator | is_member_of_network)
# A calendar address belongs to a membership, so only members have one; administrators see the meetings.
rules.add_perm("peernet.subscribe_to_calendar", is_member_of_network)
