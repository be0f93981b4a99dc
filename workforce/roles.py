"""The kinds of user, written in one place.

Each kind is a Django group (created by migration ``0002_groups``). What a kind may do in the app is decided
by the ``rules`` predicates in each app's ``permissions.py``. What it may do in the Wagtail admin is decided
in two layers, both declared here:

- ``admin_areas``: which parts of the admin a kind reaches at all (see ``ADMIN_AREAS``). Every admin URL
  belongs to exactly one area; a URL in no area, or in an area the kind lacks, is refused
  (``cms/permissions.py``). Superusers reach every area; nobody else reaches users, groups, sites,
  collections, workflows, settings or peers.
- ``admin_permissions``: the Django model permissions the group holds, set exactly after every migrate
  (so new models are covered and a permission taken away here is taken away in every database). Page,
  image and document rights are per page and per collection (``cms/permissions.py``, migration cms 0004 and
  each network's editors group), and network pages ignore rights inherited from above their hub.

What each kind gets in the admin:

================  ===================================================================================
Content editor    the public pages (never a network's hub or resources), images and documents in the
                  "Public pages" collection, the page, image and document choosers limited to those,
                  the admin API limited likewise. No reports, snippets, users, groups or settings.
Network           their network's hub and resources (rights given on the hub to the network's editors
coordinator       group), documents in their network's collection, choosers and the admin API limited
                  to what they may see. No images, reports, users, groups or settings.
Administrator     every page, image and document, reports, redirects, and the workforce, framework and
                  network (not peer) records. Not users, groups, sites, collections, workflows,
                  settings or peers: those are for superusers, so no group can make a superuser.
Everyone else     no admin at all (Wagtail sends them to sign in).
================  ===================================================================================
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    slug: str
    name: str
    summary: str
    admin_permissions: tuple[str, ...] = field(default=())
    admin_areas: tuple[str, ...] = field(default=())


ADMIN_ACCESS = "wagtailadmin.access_admin"

# Every URL of the Wagtail admin, by area: URL names (``fnmatch`` patterns, namespace included). An admin
# URL that matches no area is refused to everyone but superusers, so a new admin route stays closed until
# it is placed here (and in the admin part of the role-by-URL table).
ADMIN_AREAS: dict[str, tuple[str, ...]] = {
    # "" is an admin URL with no name: Wagtail's "not found" pages.
    "home": (
        "wagtailadmin_home",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_dismissibles",
        "",
    ),
    "account": ("wagtailadmin_account", "wagtailadmin_logout", "wagtailadmin_login", "wagtailadmin_password_reset*"),
    "pages": (
        "wagtailadmin_explore*",
        "wagtailadmin_pages:*",
        "wagtailadmin_editing_sessions:*",
        "wagtailadmin_block_preview",
        "wagtailadmin_tag_autocomplete",
        "wagtailadmin_tag_model_autocomplete",
        "bulk:wagtailcore",
    ),
    "choosers": ("wagtailadmin_choose_page*", "wagtaildocs_chooser:*", "wagtailimages_chooser:*", "wagtailembeds:*"),
    "api": ("wagtailadmin_api:*",),
    "documents": ("wagtaildocs:*", "bulk:wagtaildocs"),
    "images": ("wagtailimages:*", "bulk:wagtailimages"),
    "reports": (
        "wagtailadmin_reports:locked_pages*",
        "wagtailadmin_reports:site_history*",
        "wagtailadmin_reports:aging_pages*",
        "wagtailadmin_reports:page_types_usage*",
    ),
    "redirects": ("wagtailredirects:*",),
    "workforce": ("workforce_*",),
    "framework": ("framework_*",),
    "networks": ("networks:*", "network_meetings:*"),
    # Superusers only, whoever is given the model permissions:
    "peers": ("peers:*", "case-allocations:*"),
    "users": ("wagtailusers_users:*", "bulk:auth"),
    "groups": ("wagtailusers_groups:*",),
    "sites": ("wagtailsites:*",),
    "collections": ("wagtailadmin_collections:*",),
    "workflows": ("wagtailadmin_workflows:*", "wagtailadmin_reports:workflow*"),
    "settings": ("wagtailsettings:*",),
    "snippets": ("wagtailsnippets:*",),
    "forms": ("wagtailforms:*",),
    "diagnostics": ("wagtailadmin_error_test",),
}
# Every kind with admin access reaches these.
EVERY_ADMIN_USER = ("home", "account")

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
    ("pages", "documents", "choosers", "api"),
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
    ("pages", "documents", "images", "choosers", "api"),
)
YOUNG_EXPERT = Kind(
    "young_expert",
    "Young expert",
    "A young person who co-delivers training: sees their own involvement, hours and certificates.",
)
ADMINISTRATOR = Kind(
    "administrator",
    "Administrator",
    "Manages regions, services, staff, frameworks, networks and the site's pages.",
    (
        ADMIN_ACCESS,
        "workforce.*",
        "competencies.*",
        "wagtailimages.*",
        "wagtaildocs.*",
        "wagtailredirects.*",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        *(
            f"peernet.{action}_{model}"
            for model in ("network", "networkmeeting")
            for action in ("add", "change", "delete", "view")
        ),
    ),
    ("pages", "documents", "images", "choosers", "api", "reports", "redirects", "workforce", "framework", "networks"),
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


def admin_areas_of(user) -> set[str]:
    """The admin areas a user reaches: every area for a superuser, else the union of their kinds'."""
    if user.is_superuser:
        return set(ADMIN_AREAS)
    areas = {area for kind in kinds_of(user) for area in kind.admin_areas}
    return areas | set(EVERY_ADMIN_USER) if areas else areas


def sync_group_permissions(sender, using="default", **kwargs):
    """Set each kind's group to exactly the admin permissions listed for the app just migrated.

    Runs after every migrate. Exactly, not at least: a permission taken off a kind here is taken off the
    group in every existing database too. Auth creates an app's permissions in its own post_migrate
    handler, which may run after this one, so they are created here first (it is idempotent).
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(sender, verbosity=0, using=using)
    in_app = Permission.objects.using(using).filter(content_type__app_label=sender.label)
    for kind in KINDS:
        codenames = [spec.split(".", 1)[1] for spec in kind.admin_permissions if spec.split(".", 1)[0] == sender.label]
        wanted = in_app if "*" in codenames else in_app.filter(codename__in=codenames)
        group, _ = Group.objects.using(using).get_or_create(name=kind.name)
        group.permissions.remove(*in_app.exclude(pk__in=wanted.values("pk")))
        group.permissions.add(*wanted)
