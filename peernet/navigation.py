import rules
from django.urls import reverse

from workforce import permissions
from workforce.navigation import Link
from workforce.permissions import is_peer_worker


def _networks_link(user):
    """Anyone who works in or with a service may find a regional network and ask to join it."""
    if permissions.has_staff_profile(user) or permissions.is_network_member(user) or permissions.is_administrator(user):
        return [
            Link(
                "Peer networks",
                "/networks/",
                "Join a regional peer network, see its meetings and find shared recruitment resources.",
            )
        ]
    return []


def links(user):
    return [*journey_links(user), *_networks_link(user)]


def cards(user):
    return [*journey_cards(user), *_networks_link(user)]


# --- Peer journeys ---


def journey_links(user) -> list[Link]:
    items = []
    if rules.has_perm("peernet.view_peer_dashboard", user):
        items.append(Link("Peers", reverse("peernet:peer_dashboard")))
    if is_peer_worker(user) and hasattr(user, "peer"):
        items.append(Link("My journey", reverse("peernet:my_journey")))
    return items


def journey_cards(user) -> list[Link]:
    items = []
    if rules.has_perm("peernet.view_peer_dashboard", user):
        items.append(
            Link(
                "Peers",
                reverse("peernet:peer_dashboard"),
                "Track peer workers and volunteers: stages, checks, supervision, cases and hours.",
            )
        )
    if rules.has_perm("peernet.view_region_outcomes", user):
        items.append(
            Link(
                "Peer outcomes",
                reverse("peernet:peer_outcomes"),
                "How many peers started, are active and ended, and where they went next.",
            )
        )
    if user.is_authenticated and hasattr(user, "peer"):
        items.append(
            Link(
                "My journey",
                reverse("peernet:my_journey"),
                "Your stage, milestones, checks, training, supervision and hours. Log your hours.",
            )
        )
    return items
