"""Network pages: members see their network, coordinators run it, anyone may ask for updates."""

from peernet.models import NetworkMembership
from peernet.networks import services
from tests.factories.competencies import ExpectationFactory
from tests.factories.networks import MeetingFactory, NetworkFactory, SubscriptionFactory, add_member
from tests.factories.workforce import UserFactory
from tests.url_table import NOT_FOUND, OK, REDIRECT, Route


def network(world):
    def make():
        made = NetworkFactory(name="World peer network", region=world.region, services_=[world.service])
        add_member(made, world.user("network_coordinator"), coordinator=True)
        add_member(made, world.user("network_member"))
        return made

    return world.once("network", make)


def other_network(world):
    return world.once("other_network", lambda: NetworkFactory(name="Other peer network", region=world.other_region))


def slug(world):
    return {"slug": network(world).slug}


def meeting(world):
    return world.once("meeting", lambda: MeetingFactory(network=network(world)))


def pack(world):
    def make():
        expectation = world.once("expectation", ExpectationFactory)
        return services.interview_pack_create(
            network=network(world),
            created_by=world.user("network_coordinator"),
            title="Volunteer interviews",
            role_profile=expectation.role_profile,
            candidate_name="",
            interview_date=None,
            panel="",
            lowest_score=0,
            scale="No evidence\nSome evidence\nStrong evidence",
        )

    return world.once("pack", make)


def pack_kwargs(world):
    return {"slug": network(world).slug, "pk": pack(world).pk}


def calendar_token(world):
    def make():
        membership = NetworkMembership.objects.get(network=network(world), user=world.user("network_member"))
        return services.calendar_link_renew(membership=membership).calendar_token

    return world.once("calendar_token", make)


def pending_request(world):
    def make():
        return NetworkMembership.objects.create(network=network(world), user=UserFactory(), reason="Keen to share")

    return world.once("pending", make)


MEMBERS = {"anonymous": REDIRECT, "network_member": OK, "network_coordinator": OK, "administrator": OK}
COORDINATORS = {"anonymous": REDIRECT, "network_coordinator": OK, "administrator": OK}
EVERYONE = Route(expect={}, default=OK)

ROUTES = {
    "peernet:network-list": Route(expect={"anonymous": REDIRECT}, default=OK),
    "peernet:network-detail": [
        Route(expect=MEMBERS, default=NOT_FOUND, kwargs=slug, label="own network"),
        Route(
            expect={"anonymous": REDIRECT, "administrator": OK},
            default=NOT_FOUND,
            kwargs=lambda world: {"slug": other_network(world).slug},
            label="another network",
        ),
    ],
    # Those who already see the network (administrators see every one) are taken to it.
    "peernet:network-join": Route(
        expect={
            "anonymous": REDIRECT,
            "network_member": REDIRECT,
            "network_coordinator": REDIRECT,
            "administrator": REDIRECT,
        },
        default=OK,
        kwargs=slug,
    ),
    "peernet:network-updates": Route(expect={}, default=OK, kwargs=slug),
    "peernet:network-updates-confirm": Route(
        expect={},
        default=OK,
        kwargs=lambda world: {"token": world.once("sub", lambda: SubscriptionFactory(network=network(world))).token},
    ),
    "peernet:network-updates-stop": Route(
        expect={},
        default=OK,
        kwargs=lambda world: {"token": world.once("sub", lambda: SubscriptionFactory(network=network(world))).token},
    ),
    "peernet:network-requests": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=slug),
    # An empty decision changes nothing, so every kind meets the same pending request.
    "peernet:network-request-decide": Route(
        expect={"anonymous": REDIRECT, "network_coordinator": REDIRECT, "administrator": REDIRECT},
        default=NOT_FOUND,
        method="post",
        data=lambda world: {},
        kwargs=lambda world: {"slug": network(world).slug, "pk": pending_request(world).pk},
    ),
    "peernet:network-meeting-create": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=slug),
    "peernet:network-meeting": Route(
        expect=MEMBERS, default=NOT_FOUND, kwargs=lambda world: {"slug": network(world).slug, "pk": meeting(world).pk}
    ),
    "peernet:network-meeting-edit": Route(
        expect=COORDINATORS,
        default=NOT_FOUND,
        kwargs=lambda world: {"slug": network(world).slug, "pk": meeting(world).pk},
    ),
    "peernet:network-meeting-ics": Route(
        expect=MEMBERS, default=NOT_FOUND, kwargs=lambda world: {"slug": network(world).slug, "pk": meeting(world).pk}
    ),
    # An empty choice changes nothing; administrators see every network but have no membership to hold a link.
    "peernet:network-calendar-link": Route(
        expect={"anonymous": REDIRECT, "network_member": REDIRECT, "network_coordinator": REDIRECT},
        default=NOT_FOUND,
        method="post",
        data=lambda world: {},
        kwargs=slug,
    ),
    # Calendar apps cannot sign in: the secret in the address is the key, whoever asks.
    "peernet:network-calendar-feed": Route(
        expect={}, default=OK, kwargs=lambda world: {"slug": network(world).slug, "token": calendar_token(world)}
    ),
    "peernet:network-pack-create": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=slug),
    "peernet:network-pack": Route(expect=MEMBERS, default=NOT_FOUND, kwargs=pack_kwargs),
    "peernet:network-pack-edit": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=pack_kwargs),
    "peernet:network-pack-questions": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=pack_kwargs),
    "peernet:network-pack-pdf": Route(expect=MEMBERS, default=NOT_FOUND, kwargs=pack_kwargs),
    "peernet:network-visit-create": Route(expect=COORDINATORS, default=NOT_FOUND, kwargs=slug),
    "peernet:network-question-create": Route(expect=MEMBERS, default=NOT_FOUND, kwargs=slug),
    "peernet:interview-pack": Route(expect=MEMBERS, default=NOT_FOUND, kwargs=lambda world: network(world) and {}),
    "peernet:interview-pack-pdf": Route(
        expect=MEMBERS,
        default=NOT_FOUND,
        kwargs=lambda world: network(world) and {"pk": world.once("expectation", ExpectationFactory).role_profile.pk},
    ),
}
