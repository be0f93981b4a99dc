"""Who may see and do what in the site's pages, shared resources and the Wagtail admin. Used by views,
selectors, page types and the Wagtail hooks alike. Three layers, each written once:

1. Shared resources and hubs (``rules``): a resource is seen by whom its visibility allows, a hub by its
   network's members; administrators see every one.
2. Page rights: only rights given on a network's hub (or below it) reach the hub and its resources. The
   site's content editors hold rights on the home page, which Wagtail would pass down to every page beneath
   it; those are ignored inside a network, while a group given rights on the hub itself (the network's
   editors, administrators) keeps them. Wagtail asks two questions, so two objects apply the rule: the
   tester ("what may this user do on this page", each page type's ``permissions_for_user``) and the policy
   ("which pages may this user act on": explorer, search, reports, the admin API, moderation emails),
   registered for every page type in ``cms/wagtail_hooks.py``.
3. The admin's areas and objects. Wagtail decides most of this from model, page and collection
   permissions; two things it cannot express are added here, for every admin URL. The area gate: each admin
   URL belongs to an area (``roles.ADMIN_AREAS``) and a user reaches only their kinds' areas; an admin URL in
   no area is refused to all but superusers, so a route a Wagtail upgrade adds stays closed until someone
   decides who it is for. Object URLs: a page, document or image the user may not see answers 404 before
   Wagtail's view runs, so its title and existence are not given away. The same querysets are what the
   explorer, choosers and the admin API list, so a list and its object URLs never disagree. The gate is
   applied by ``cms.middleware.AdminAreaMiddleware``.

Models are looked up by name (``apps.get_model``) because page types import this module for their tester.
"""

from fnmatch import fnmatch

import rules
from django.apps import apps
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils.functional import cached_property
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from cms.library.choices import Visibility
from peernet.permissions import coordinated_network_ids, member_network_ids
from workforce import roles
from workforce.permissions import is_administrator, is_commissioner, is_service_manager

# --- 1. Shared resources and hubs ----------------------------------------------------------------------------


@rules.predicate
def can_see_resource(user, resource):
    if resource.visibility == Visibility.PUBLIC:
        return True
    networks = member_network_ids(user)
    if resource.visibility == Visibility.NETWORKS:
        return bool(networks)
    return resource.network_id in networks


@rules.predicate
def is_hub_member(user, hub):
    return hub.network_id in member_network_ids(user)


@rules.predicate
def can_adopt(user, resource):
    return hasattr(user, "staff_profile") and bool(member_network_ids(user))


rules.add_perm("cms.view_resource", is_administrator | can_see_resource)
rules.add_perm("cms.view_network_hub", is_administrator | is_hub_member)
rules.add_perm("cms.adopt_resource", can_see_resource & can_adopt)


# Sharing from the app: a member who works in a service shares into their networks, and changes what their
# service holds; one of the network's coordinators approves each version before anyone else sees it.
@rules.predicate
def works_in_a_service_and_network(user):
    return getattr(user, "staff_profile", None) is not None and bool(member_network_ids(user))


@rules.predicate
def holds_resource(user, resource):
    profile = getattr(user, "staff_profile", None)
    return (
        profile is not None
        and resource.service_id == profile.service_id
        and resource.network_id in (member_network_ids(user))
    )


@rules.predicate
def coordinates_a_network(user):
    return bool(coordinated_network_ids(user))


@rules.predicate
def coordinates_reviewed_network(user, review):
    return review.resource.network_id in coordinated_network_ids(user)


@rules.predicate
def passed_the_second_step(user):
    return user.is_authenticated and getattr(user, "is_verified", lambda: False)()


# The load harness's floor page (cms/floor.py), which also answers 404 unless the harness is switched on.
rules.add_perm("cms.view_floor", passed_the_second_step)

rules.add_perm("cms.share_resource", works_in_a_service_and_network)
rules.add_perm("cms.change_resource", holds_resource)
rules.add_perm("cms.review_shared_resources", coordinates_a_network)
rules.add_perm("cms.review_shared_resource", coordinates_reviewed_network)


# --- 2. Page rights ------------------------------------------------------------------------------------------


def network_hub_paths() -> list[str]:
    return list(apps.get_model("cms", "NetworkHubPage").objects.values_list("path", flat=True))


def hub_path_of(path: str, hub_paths: list[str]) -> str | None:
    return next((hub for hub in hub_paths if path.startswith(hub)), None)


def right_reaches(right_path: str, page_path: str, hub_paths: list[str]) -> bool:
    """A right given on ``right_path`` reaches ``page_path``: the page is at or below it, and if the page
    is in a network, the right was given on that network's hub or below it."""
    if not page_path.startswith(right_path):
        return False
    hub = hub_path_of(page_path, hub_paths)
    return hub is None or right_path.startswith(hub)


class NetworkPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page, hub_path: str):
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser:
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if self.page.path.startswith(perm.page.path) and perm.page.path.startswith(hub_path)
            }


class NetworkPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with network pages out of reach of rights inherited from above their hub."""

    def _hub_paths(self, user):
        if not hasattr(user, "_network_hub_paths"):
            user._network_hub_paths = network_hub_paths()
        return user._network_hub_paths

    def _outside_networks_unless_within(self, right_path, hub_paths):
        """Pages a right on ``right_path`` reaches: its subtree, less every network below it."""
        if hub_path_of(right_path, hub_paths):
            return Q()
        below = [hub for hub in hub_paths if hub.startswith(right_path)]
        rule = Q()
        for hub in below:
            rule &= ~Q(path__startswith=hub)
        return rule

    def user_has_any_permission_for_instance(self, user, actions, instance):
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        hub_paths = self._hub_paths(user)
        permissions = set()
        for perm in self.get_cached_permissions_for_user(user):
            if right_reaches(perm.page.path, instance.path, hub_paths):
                permissions.add(perm.permission.codename)
                if perm.permission.codename == self._get_permission_codename("add") and instance.owner_id == user.pk:
                    permissions.add(self._get_permission_codename("change"))
        return bool(self._get_permission_codenames(actions) & permissions)

    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        hub_paths = self._hub_paths(user)
        pages = self.model._default_manager.none()
        for perm in self.get_cached_permissions_for_user(user):
            reach = self.model._default_manager.descendant_of(perm.page, inclusive=True).filter(
                self._outside_networks_unless_within(perm.page.path, hub_paths)
            )
            if (
                perm.permission.codename == self._get_permission_codename("add")
                and "add" not in actions
                and "change" in actions
            ):
                pages |= reach.filter(owner=user)
            elif perm.permission.codename in self._get_permission_codenames(actions):
                pages |= reach
        return pages

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        """Who is told about a page (moderation emails, for example): never those whose rights stop at a
        network's hub."""
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        hub = hub_path_of(instance.path, network_hub_paths())
        if hub is None:
            return users
        reaching_groups = GroupPagePermission.objects.filter(
            page__path__startswith=hub,
            page__in=Page.objects.ancestor_of(instance, inclusive=True),
            permission__codename__in=self._get_permission_codenames(actions),
        ).values("group")
        rule = Q(groups__in=reaching_groups)
        if include_superusers:
            rule |= Q(is_superuser=True)
        return users.filter(rule).distinct()


# --- 3. The admin's areas and objects --------------------------------------------------------------------------

# The URL arguments that name an object, and which kind of object they name.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
DOCUMENT_ARGUMENTS = ("document_id", "doc_id")
IMAGE_ARGUMENTS = ("image_id",)


def area_of(view_name: str, kwargs: dict) -> str | None:
    """The admin area a URL belongs to, or None for a URL nobody has placed yet."""
    if view_name == "wagtail_bulk_action":
        view_name = f"bulk:{kwargs.get('app_label', '')}"
    for area, patterns in roles.ADMIN_AREAS.items():
        if any(fnmatch(view_name, pattern) for pattern in patterns):
            return area
    return None


def admin_pages_for(user):
    """Pages a user may open in the admin: those they hold a right on, and the way down to them."""
    return policy_registry.get_by_type(Page).explorable_instances(user)


def choosable_pages_for(user):
    """Pages a user may link to: the public site, their own networks' pages, and resources they may see."""
    if is_administrator(user):
        return Page.objects.all()
    hubs = list(apps.get_model("cms", "NetworkHubPage").objects.values_list("path", "network_id"))
    mine = member_network_ids(user)
    outside = Q()
    for path, _network in hubs:
        outside &= ~Q(path__startswith=path)
    rule = outside
    for path, network in hubs:
        if network in mine:
            rule |= Q(path__startswith=path)
    visible = apps.get_model("cms", "ResourcePage").objects.visible_to(user)
    return Page.objects.filter(rule | Q(pk__in=visible.values("pk")))


def choosable_documents_for(user):
    model = get_document_model()
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["choose"])


def choosable_images_for(user):
    model = get_image_model()
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["choose"])


CHOSEN_BY_ID = {
    "wagtailadmin_choose_page_chosen_multiple": choosable_pages_for,
    "wagtaildocs_chooser:chosen_multiple": choosable_documents_for,
    "wagtailimages_chooser:chosen_multiple": choosable_images_for,
}


class AdminScope:
    """What one request's user reaches in the admin, worked out once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def areas(self) -> set[str]:
        return roles.admin_areas_of(self.user)

    def allows(self, view_name: str, kwargs: dict) -> bool:
        return area_of(view_name, kwargs) in self.areas

    def hides_object(self, view_name: str, kwargs: dict, query=None) -> bool:
        if self.user.is_superuser:
            return False
        checks = []
        # Choosers hand back what was picked by id, in the query string.
        for name, queryset in CHOSEN_BY_ID.items():
            if view_name == name and query is not None:
                checks += [(queryset, pk) for pk in query.getlist("id")]
        pages = choosable_pages_for if view_name.startswith("wagtailadmin_choose_page") else admin_pages_for
        checks += [(pages, kwargs[name]) for name in PAGE_ARGUMENTS if name in kwargs]
        if view_name == "wagtailadmin_pages:revisions_compare":
            checks.append((admin_pages_for, kwargs["pk"]))
        checks += [(choosable_documents_for, kwargs[name]) for name in DOCUMENT_ARGUMENTS if name in kwargs]
        checks += [(choosable_images_for, kwargs[name]) for name in IMAGE_ARGUMENTS if name in kwargs]
        if view_name.startswith("wagtailadmin_api:pages:") and "pk" in kwargs:
            checks.append((admin_pages_for, kwargs["pk"]))
        if view_name == "wagtaildocs_chooser:chosen":
            checks.append((choosable_documents_for, kwargs["pk"]))
        if view_name.startswith("wagtailimages_chooser:") and "pk" in kwargs:
            checks.append((choosable_images_for, kwargs["pk"]))
        return any(not str(pk).isdigit() or not queryset(self.user).filter(pk=pk).exists() for queryset, pk in checks)


def menu_item_reachable(scope: AdminScope, item) -> bool:
    """A menu item is shown only if its link is in an area the user reaches (submenus are kept: their own
    items are filtered by their own hooks or by Wagtail's permission checks)."""
    url = getattr(item, "url", "")
    if not url or not url.startswith("/"):
        return True
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return True
    return scope.allows(match.view_name if match.url_name else "", match.kwargs)


# --- 4. Records: retention review and subject access (cms/records) --------------------------------------------
# A service manager reviews, erases and exports their own service's records; an administrator every record
# (young experts belong to a youth organisation, not a service, so only administrators). Everyone else gets
# 404. A person with a staff, peer or young expert record reads and downloads what is held about them.


@rules.predicate
def in_managers_service(user, record):
    """``record`` is a review or a person (a ``Subject``): either carries the service it belongs to."""
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return record is not None and profile is not None and getattr(record, "service_id", None) == profile.service_id


@rules.predicate
def holds_own_record(user):
    return user.is_authenticated and any(hasattr(user, name) for name in ("peer", "young_expert", "staff_profile"))


rules.add_perm("cms.review_records", is_administrator | is_service_manager)
rules.add_perm("cms.review_record", is_administrator | (is_service_manager & in_managers_service))
rules.add_perm("cms.export_person", is_administrator | (is_service_manager & in_managers_service))
rules.add_perm("cms.view_own_record", holds_own_record)


# --- 5. Figures for commissioners (cms/figures) ----------------------------------------------------------------
# Aggregates only, never a person: commissioners and administrators for every area, a service manager for
# their own service. Which areas each may choose is decided in ``cms.figures.selectors.areas_for``.

rules.add_perm("cms.view_figures", is_commissioner | is_administrator | is_service_manager)
