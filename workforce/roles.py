"""The kinds of user, written in one place.

Each kind is a Django group (created by migration ``0002_groups``). What a kind may do in the app is decided
by the ``rules`` predicates in each app's ``permissions.py``; what it may do in the Wagtail admin is the
list of Django model permissions below, given to the group after every migrate so that new models are
covered too.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    slug: str
    name: str
    summary: str
    admin_permissions: tuple[str, ...] = field(default=())


ADMIN_ACCESS = "wagtailadmin.access_admin"

STAFF_MEMBER = Kind(
    "staff_member",
    "Staff member",
    "Assesses their own skills against their role profile, plans their development and signs up to training.",
)
LINE_MANAGER = Kind(
    "line_manager",
    "Line manager",
    "Reviews and signs off their direct reports' assessments and sees their team's gaps.",
)
SERVICE_MANAGER = Kind(
    "service_manager",
    "Service manager",
    "Sees every team in their service, imports staff, approves volunteer extensions and sees outcomes.",
)
PEER_COORDINATOR = Kind(
    "peer_coordinator",
    "Peer coordinator",
    "Tracks peer workers and volunteers from enquiry to their next step: checks, supervision, cases, hours.",
)
PEER_WORKER = Kind(
    "peer_worker",
    "Peer worker",
    "A paid peer support worker or a peer support volunteer: sees their own journey and logs their hours.",
)
PARTICIPATION_LEAD = Kind(
    "participation_lead",
    "Participation lead",
    "Plans youth-led training with young experts, takes attendance and collects feedback.",
)
NETWORK_COORDINATOR = Kind(
    "network_coordinator",
    "Network coordinator",
    "Runs a regional peer network: approves members, edits the hub page, records meetings.",
    (ADMIN_ACCESS,),
)
NETWORK_MEMBER = Kind(
    "network_member",
    "Network member",
    "Finds and adopts shared job profiles, interview questions and recruitment resources.",
)
COMMISSIONER = Kind(
    "commissioner",
    "Commissioner",
    "Sees figures by service and region, never records about a person. Small numbers are hidden.",
)
CONTENT_EDITOR = Kind(
    "content_editor",
    "Content editor",
    "Edits the public pages and news in the Wagtail admin.",
    # Page and collection rights come from migration cms 0004: the public pages and their collection only.
    (ADMIN_ACCESS,),
)
YOUNG_EXPERT = Kind(
    "young_expert",
    "Young expert",
    "A young person who co-delivers training: sees their own involvement, hours and certificates.",
)
ADMINISTRATOR = Kind(
    "administrator",
    "Administrator",
    "Manages regions, services, staff, frameworks and users.",
    (ADMIN_ACCESS, "workforce.*", "competencies.*", "peernet.*", "auth.*", "wagtailcore.*", "wagtailimages.*",
     "wagtaildocs.*"),
)

KINDS: tuple[Kind, ...] = (
    STAFF_MEMBER,
    LINE_MANAGER,
    SERVICE_MANAGER,
    PEER_COORDINATOR,
    PEER_WORKER,
    PARTICIPATION_LEAD,
    NETWORK_COORDINATOR,
    NETWORK_MEMBER,
    COMMISSIONER,
    CONTENT_EDITOR,
    YOUNG_EXPERT,
    ADMINISTRATOR,
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


def kinds_of(user) -> list[Kind]:
    """The kinds a user belongs to, in the order above. Cached on the user for the request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_ld_kinds"):
        names = set(user.groups.values_list("name", flat=True))
        user._ld_kinds = [kind for kind in KINDS if kind.name in names]
    return user._ld_kinds


def sync_group_permissions(sender, using="default", **kwargs):
    """Give each kind's group the admin permissions of the app just migrated; runs after every migrate.

    Auth creates an app's permissions in its own post_migrate handler, which may run after this one, so
    they are created here first (it is idempotent).
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(sender, verbosity=0, using=using)
    for kind in KINDS:
        codenames = [
            spec.split(".", 1)[1] for spec in kind.admin_permissions if spec.split(".", 1)[0] == sender.label
        ]
        if not codenames:
            continue
        perms = Permission.objects.using(using).filter(content_type__app_label=sender.label)
        if "*" not in codenames:
            perms = perms.filter(codename__in=codenames)
        group, _ = Group.objects.using(using).get_or_create(name=kind.name)
        group.permissions.add(*perms)
