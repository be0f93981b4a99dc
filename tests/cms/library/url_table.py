"""Shared resources: anyone finds the public ones; members adopt what their networks share."""

from tests.factories.networks import hub_for, publish_resource
from tests.factories.workforce import ServiceFactory
from tests.peernet.networks.url_table import network, other_network
from tests.url_table import NOT_FOUND, OK, REDIRECT, Route
from tests.world import SERVICE_KINDS


def resource(world):
    def make():
        made = network(world)
        hub_for(made)
        return publish_resource(made, service=ServiceFactory(name="Sharing L&D", slug="sharing-ld"))

    return world.once("resource", make)


def _hubbed(world):
    """The world's network with a hub to share into."""
    world.once("hub", lambda: hub_for(network(world)))
    return {}


def held_resource(world):
    """A resource the world's service holds in the world's network: its members there may change it."""
    _hubbed(world)
    return world.once("held", lambda: publish_resource(network(world), title="Our advert", service=world.service))


def others_resource(world):
    """Another network's resource, held by another service: nobody here may change it."""

    def make():
        made = other_network(world)
        hub_for(made)
        return publish_resource(made, title="Their advert", service=world.other_service)

    return world.once("others_held", make)


def review(world, *, other=False):
    """A version waiting for a coordinator: in the world's network, or (``other``) another network's."""
    from cms.library.services import resource_share
    from tests.factories.networks import add_member
    from tests.factories.workforce import StaffProfileFactory, UserFactory

    def make():
        if not other:
            _hubbed(world)
            return resource_share(
                user=world.user("network_member"),
                network=network(world),
                resource_type="guide",
                title="Our guide",
                summary="How we run a volunteer induction day.",
            )
        made = other_network(world)
        hub_for(made)
        sharer = StaffProfileFactory(user=UserFactory(), service=world.other_service).user
        add_member(made, sharer)
        return resource_share(
            user=sharer, network=made, resource_type="guide", title="Their guide", summary="Another team's guide."
        )

    return world.once(f"review-{other}", make)


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
    # Podcast apps do not sign in: the feed is the same for everyone, and holds only public episodes.
    "library:podcast-feed": Route(expect={}, default=OK, kwargs=lambda world: {"network": network(world).slug}),
    # Sharing from the app: members of a network who work in a service share into it and change what their
    # service holds there; only its coordinators see what waits for approval. Anything else answers 404.
    "library:resource-share": Route(
        expect={"anonymous": REDIRECT, "network_member": OK, "network_coordinator": OK},
        default=NOT_FOUND,
        kwargs=_hubbed,
    ),
    "library:resource-edit": [
        Route(
            expect={"anonymous": REDIRECT, "network_member": OK, "network_coordinator": OK},
            default=NOT_FOUND,
            kwargs=lambda world: {"pk": held_resource(world).pk},
        ),
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            kwargs=lambda world: {"pk": others_resource(world).pk},
            label="another service's resource",
        ),
    ],
    "library:resource-reviews": Route(
        expect={"anonymous": REDIRECT, "network_coordinator": OK}, default=NOT_FOUND, kwargs=_hubbed
    ),
    "library:resource-review": [
        Route(
            expect={"anonymous": REDIRECT, "network_coordinator": OK},
            default=NOT_FOUND,
            kwargs=lambda world: {"pk": review(world).pk},
        ),
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            kwargs=lambda world: {"pk": review(world, other=True).pk},
            label="another network's resource",
        ),
    ],
}
