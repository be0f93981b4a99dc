"""Networks and meetings in the Wagtail admin are for administrators; peers and their cases for superusers
alone (coordinators work with peers in the app, where its rules apply)."""

from tests.peernet.journeys.url_table import own_peer
from tests.peernet.networks.url_table import meeting, network
from tests.url_table import viewset_routes

ACTIONS = ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")

ROUTES = {
    **viewset_routes(
        "networks", allowed=("administrator",), actions=ACTIONS, obj=lambda world: {"pk": network(world).pk}
    ),
    **viewset_routes(
        "network_meetings", allowed=("administrator",), actions=ACTIONS, obj=lambda world: {"pk": meeting(world).pk}
    ),
    **viewset_routes("peers", allowed=(), actions=ACTIONS, obj=lambda world: {"pk": own_peer(world).pk}),
    **viewset_routes(
        "case-allocations",
        allowed=(),
        actions=ACTIONS,
        obj=lambda world: {"pk": own_peer(world).allocations.first().pk},
    ),
}
