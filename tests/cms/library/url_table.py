"""Shared resources: anyone finds the public ones; members adopt what their networks share."""

from tests.factories.networks import hub_for, publish_resource
from tests.factories.workforce import ServiceFactory
from tests.peernet.networks.url_table import network
from tests.url_table import NOT_FOUND, OK, REDIRECT, Route
from tests.world import SERVICE_KINDS


def resource(world):
    def make():
        made = network(world)
        hub_for(made)
        return publish_resource(made, service=ServiceFactory(name="Sharing L&D", slug="sharing-ld"))

    return world.once("resource", make)


ROUTES = {
    "library:resource-list": Route(expect={}, default=OK),
    "library:service-library": Route(
        expect={"anonymous": REDIRECT, **dict.fromkeys(SERVICE_KINDS, OK)}, default=NOT_FOUND
    ),
    "library:resource-adopt": Route(
        expect={"anonymous": REDIRECT, "network_member": OK, "network_coordinator": OK},
        default=NOT_FOUND,
        kwargs=lambda world: {"pk": resource(world).pk},
    ),
}
