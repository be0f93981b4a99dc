"""The site's pages in Wagtail: who sees hubs, resources and documents, who edits them, and what the admin
shows each kind of user. The rules themselves are in ``cms/permissions.py``; these hooks apply them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourcePage
from cms.library.selectors import document_visible_to, resources_for_digest
from cms.library.services import hub_permissions_grant
from cms.permissions import (
    AdminScope,
    NetworkPagePermissionPolicy,
    admin_pages_for,
    choosable_documents_for,
    choosable_images_for,
    choosable_pages_for,
    menu_item_reachable,
)
from peernet.networks.digest import DIGEST_HOOK, DigestItem
from workforce.common.links import absolute_url
from workforce.permissions import is_administrator

# Registered before any view asks Wagtail for the page policy, so every listing of pages in the admin
# (explorer, search, reports, the admin API, moderation emails) keeps network pages to their network.
register_permission_policy(Page, NetworkPagePermissionPolicy())


@hooks.register("construct_main_menu")
@hooks.register("construct_reports_menu")
@hooks.register("construct_settings_menu")
def menus_show_only_reachable_areas(request, menu_items):
    """Wagtail shows a menu item to anyone with a permission it knows of; the area gate may still refuse
    the page, so the item is dropped rather than offered and refused."""
    if request.user.is_superuser:
        return
    scope = AdminScope(request.user)
    menu_items[:] = [item for item in menu_items if menu_item_reachable(scope, item)]


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_reachable_pages(parent_page, pages, request):
    if request.user.is_superuser:
        return pages
    return pages.filter(pk__in=admin_pages_for(request.user).values("pk"))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_offers_only_visible_pages(pages, request):
    if request.user.is_superuser:
        return pages
    return pages.filter(pk__in=choosable_pages_for(request.user).values("pk"))


class ChoosableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: only those the user could pick in the document chooser."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=choosable_documents_for(self.request.user).values("pk"))


class ChoosableImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(pk__in=choosable_images_for(self.request.user).values("pk"))


@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_choosable_media(router):
    # Runs after Wagtail's own hooks (order 0), replacing the endpoints they registered.
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)
    router.register_endpoint("images", ChoosableImagesAPIViewSet)


@hooks.register("before_serve_page")
def keep_network_pages_private(page, request, serve_args, serve_kwargs):
    """A hub is for its members; a resource for whoever its visibility allows. Others get 404, not 403,
    so a private page's existence is not given away."""
    if isinstance(page, NetworkHubPage) and not request.user.has_perm("cms.view_network_hub", page):
        raise Http404
    if isinstance(page, ResourcePage) and not request.user.has_perm("cms.view_resource", page):
        raise Http404


@hooks.register("before_serve_document")
def keep_network_documents_private(document, request):
    if not document_visible_to(request.user, document):
        raise Http404


@hooks.register("before_create_page")
def only_administrators_start_hubs(request, parent_page, page_class):
    if page_class is NetworkHubPage and not is_administrator(request.user):
        raise PermissionDenied


@hooks.register("after_create_page")
def give_coordinators_their_hub(request, page):
    if isinstance(page.specific, NetworkHubPage):
        hub_permissions_grant(hub=page.specific)


@hooks.register(DIGEST_HOOK)
def new_resources_for_digest(network, since, for_member):
    return [
        DigestItem(
            kind="resource",
            id=resource.pk,
            title=resource.title,
            detail=f"{resource.get_resource_type_display()} from {resource.service.name}",
            url=absolute_url(resource.url),
        )
        for resource in resources_for_digest(network=network, since=since, for_member=for_member)
    ]
