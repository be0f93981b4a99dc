"""Writes for the site's pages: the rights editors hold on them.

What administrators may do with Wagtail pages, images and documents, across the whole site.

Wagtail keeps these as permissions on a page or collection, not as model permissions, so they are given
after every migrate, alongside the model permissions in workforce/roles.py. Content editors get narrower
rights (the public pages from the home page down, and the "Public pages" collection) from migration
cms 0004, so that network hubs and their private documents stay with each network.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.library.network_hub import NetworkHubPage
from cms.library.services import hub_permissions_grant
from workforce import roles

PAGE_PERMISSIONS = {
    roles.ADMINISTRATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
COLLECTION_PERMISSIONS = {
    roles.ADMINISTRATOR: {
        "wagtailimages": ["add_image", "change_image", "delete_image", "choose_image"],
        "wagtaildocs": ["add_document", "change_document", "delete_document", "choose_document"],
    },
}


def _grant_hub_rights():
    """Rights from the root do not reach a network's hub, so every hub gets its own (hubs made before
    administrators were given them included)."""
    for hub in NetworkHubPage.objects.filter(network__editors_group__isnull=False).select_related("network"):
        hub_permissions_grant(hub=hub)


def editor_rights_sync(sender, using="default", **kwargs):
    if sender.label not in ("wagtailcore", "wagtailimages", "wagtaildocs"):
        return
    create_permissions(sender, verbosity=0, using=using)
    if sender.label == "wagtailcore":
        root = Page.get_first_root_node()
        if root is None:  # an emptied test database: nothing to give permissions on
            return
        for kind, codenames in PAGE_PERMISSIONS.items():
            group, _ = Group.objects.using(using).get_or_create(name=kind.name)
            for permission in Permission.objects.using(using).filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.using(using).get_or_create(group=group, page=root, permission=permission)
        _grant_hub_rights()
        return
    collection = Collection.get_first_root_node()
    if collection is None:
        return
    for kind, by_app in COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=kind.name)
        for permission in Permission.objects.using(using).filter(
            content_type__app_label=sender.label, codename__in=by_app[sender.label]
        ):
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=collection, permission=permission
            )
