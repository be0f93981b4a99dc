from workforce import permissions
from workforce.navigation import Link


def _networks_link(user):
    """Anyone who works in or with a service may find a regional network and ask to join it."""
    if permissions.has_staff_profile(user) or permissions.is_network_member(user) or permissions.is_administrator(user):
        return [Link("Peer networks", "/networks/",
                     "Join a regional peer network, see its meetings and find shared recruitment resources.")]
    return []


def links(user):
    return [*_networks_link(user)]


def cards(user):
    return [*_networks_link(user)]
