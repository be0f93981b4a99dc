"""A small world to test permissions in: two services in two regions and one person of every kind.

Everyone of a kind that belongs to a service works in ``service``; ``other_service`` is another team in
another region, whose records nobody here may reach.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from tests.factories.workforce import RegionFactory, ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

# Kinds whose test person works in a service and so has a staff profile.
SERVICE_KINDS = {
    "staff_member",
    "line_manager",
    "service_manager",
    "peer_coordinator",
    "peer_worker",
    "participation_lead",
    "network_coordinator",
    "network_member",
}
ANONYMOUS = "anonymous"
ALL_KINDS = (ANONYMOUS, *(kind.slug for kind in roles.KINDS))
# Not a kind: the few people who run the installation. The admin's part of the table covers them too.
SUPERUSER = "superuser"
ADMIN_TABLE_KINDS = (*ALL_KINDS, SUPERUSER)


@dataclass
class World:
    region: object
    other_region: object
    service: object
    other_service: object
    users: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)

    def user(self, slug):
        return AnonymousUser() if slug == ANONYMOUS else self.users[slug]

    def profile(self, slug):
        return self.users[slug].staff_profile

    def once(self, key, make):
        """Build an object the first time a test asks for it, then hand back the same one."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def build_world() -> World:
    region = RegionFactory(code="W01", name="World region")
    other_region = RegionFactory(code="W02", name="Other region")
    world = World(
        region=region,
        other_region=other_region,
        service=ServiceFactory(name="World L&D", slug="world-ld", region=region),
        other_service=ServiceFactory(name="Other L&D", slug="other-ld", region=other_region),
    )
    for kind in roles.KINDS:
        user = UserFactory(username=f"{kind.slug}@example.org", kinds=[kind])
        if kind.slug in SERVICE_KINDS:
            StaffProfileFactory(user=user, service=world.service, job_title=kind.name)
        if kind is roles.YOUNG_EXPERT:
            from tests.factories.training import YoungExpertFactory

            YoungExpertFactory(user=user, display_name="World young expert")
        world.users[kind.slug] = user
    # The Administrator kind is a group, not a superuser: what the group allows is what the table tests.
    world.users[SUPERUSER] = UserFactory(username="superuser@example.org", is_superuser=True, is_staff=True)
    # The staff member reports to the line manager; the line manager to the service manager.
    staff, line_manager = world.profile("staff_member"), world.profile("line_manager")
    line_manager.line_manager = world.profile("service_manager")
    line_manager.save()
    staff.line_manager = line_manager
    staff.save()
    return world
