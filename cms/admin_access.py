"""Who reaches what in the Wagtail admin: the areas of ``workforce/roles.py``, and only the objects a user may
see inside them.

Wagtail decides most of this itself from model, page and collection permissions. Two things it cannot
express are added here, once, for every admin URL:

- the area gate: each admin URL belongs to an area (``roles.ADMIN_AREAS``), and a user reaches only the
  areas of their kinds. An admin URL in no area is refused to all but superusers, so a route that a Wagtail
  upgrade adds stays closed until someone decides who it is for;
- object URLs: a page, document or image another network (or the public pages' editors) may not see answers
  404, before Wagtail's view runs, so its title and existence are not given away by a permission message.

The querysets below are also what the explorer, choosers, search and the admin API list
(``cms/wagtail_hooks.py``), so a list and its object URLs never disagree.
"""

from fnmatch import fnmatch

from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import cached_property
from wagtail.admin.auth import permission_denied
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cms.library.network_hub import NetworkHubPage
from cms.library.permissions import member_network_ids
from workforce import roles
from workforce.permissions import is_administrator

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
    hubs = list(NetworkHubPage.objects.values_list("path", "network_id"))
    mine = member_network_ids(user)
    outside = Q()
    for path, _network in hubs:
        outside &= ~Q(path__startswith=path)
    rule = outside
    for path, network in hubs:
        if network in mine:
            rule |= Q(path__startswith=path)
    from cms.library.selectors import resources_visible_to

    return Page.objects.filter(rule | Q(pk__in=resources_visible_to(user).values("pk")))


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


class AdminAreaMiddleware:
    """Apply ``AdminScope`` to every admin URL. Signed-out visitors pass: Wagtail sends them to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.prefix) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match.url_name else ""
        scope = AdminScope(request.user)
        if not request.user.is_superuser and not scope.allows(view_name, view_kwargs):
            if area_of(view_name, view_kwargs) == "account":
                return None  # signing in and out, and resetting a password, are for everyone
            if not request.user.has_perm(roles.ADMIN_ACCESS):
                return None  # Wagtail itself tells them they cannot use the admin
            return permission_denied(request)
        if scope.hides_object(view_name, view_kwargs, request.GET):
            raise Http404
        return None
