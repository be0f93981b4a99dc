"""Wagtail page rights for a network's pages: only rights given on the hub itself (or below it) count.

The site's content editors hold rights on the home page, which Wagtail would pass down to every page
beneath it. A network's hub and resources belong to the network, so rights inherited from above the hub
are ignored there; a group given rights on the hub (the network's editors group, or any other an
administrator chooses) keeps them.
"""

from wagtail.models import PagePermissionTester


class NetworkPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page, hub_path: str):
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser:
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if self.page.path.startswith(perm.page.path) and perm.page.path.startswith(hub_path)
            }
