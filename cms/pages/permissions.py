"""Wagtail page rights for a network's pages: only rights given on the hub itself (or below it) count.

The site's content editors hold rights on the home page, which Wagtail would pass down to every page
beneath it. A network's hub and resources belong to the network, so rights inherited from above the hub
are ignored there; a group given rights on the hub (the network's editors group, or any other an
administrator chooses) keeps them.

Two objects apply the rule, because Wagtail asks both questions: the tester answers "what may this user do
on this page" (each page type's ``permissions_for_user``), and the policy answers "which pages may this user
act on" (explorer, search, reports, the admin API, moderation emails). The policy is registered for every
page type in ``cms/wagtail_hooks.py``.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy


def network_hub_paths() -> list[str]:
    from cms.library.network_hub import NetworkHubPage

    return list(NetworkHubPage.objects.values_list("path", flat=True))


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
