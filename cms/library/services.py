"""Writes for network hubs and shared resources."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, Page

from cms.library.network_hub import NetworkHubPage
from cms.library.resource import ResourceAttachment, ResourcePage, Visibility
from peernet.models import Network
from peernet.permissions import member_network_ids
from workforce import roles

# What a network's editors group (and the administrators) may do on its hub and the resources beneath it.
HUB_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def hub_permissions_grant(*, hub: NetworkHubPage) -> None:
    """Rights on the hub itself, for the network's editors and for administrators.

    Rights inherited from above a hub do not reach it (``cms/permissions.py``), so administrators,
    who may see and mend every network, are given them here, on each hub, like its editors.
    """
    group = hub.network.editors_group
    if group is None:
        raise ValidationError("This network has no editors group. Save the network again to make one.")
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATOR.name)
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=HUB_PERMISSIONS)
    for holder in (group, administrators):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=holder, page=hub, permission=permission)


@transaction.atomic
def network_hub_create(*, network: Network, parent: Page, introduction: str = "", body=None) -> NetworkHubPage:
    """The network's hub page under ``parent`` (the home page), with rights for its coordinators only."""
    hub = NetworkHubPage.objects.filter(network=network).first()
    if hub is None:
        hub = NetworkHubPage(
            title=network.name, slug=network.slug, network=network, introduction=introduction, show_in_menus=False
        )
        if body is not None:
            hub.body = body
        parent.add_child(instance=hub)
        hub.save_revision().publish()
    hub_permissions_grant(hub=hub)
    return hub


def _unique_slug(parent: Page, base: str) -> str:
    base = slugify(base)[:200] or "resource"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def resource_publish(
    *,
    hub: NetworkHubPage,
    title: str,
    resource_type: str,
    summary: str,
    service,
    visibility: str = Visibility.NETWORK,
    role_profile=None,
    tags=(),
    documents=(),
    body=None,
    user=None,
) -> ResourcePage:
    resource = ResourcePage(
        title=title,
        slug=_unique_slug(hub, title),
        resource_type=resource_type,
        summary=summary,
        service=service,
        visibility=visibility,
        role_profile=role_profile,
        network=hub.network,
        owner=user,
    )
    if body is not None:
        resource.body = body
    resource.tags.set(list(tags))
    resource.attachments = [ResourceAttachment(document=document) for document in documents]
    hub.add_child(instance=resource)
    resource.save_revision(user=user).publish(user=user)
    return resource


@transaction.atomic
def resource_adopt(*, resource: ResourcePage, user, network: Network) -> ResourcePage:
    """Copy a resource into the user's service's library, in one of their networks, linked to the original."""
    if not hasattr(user, "staff_profile") or not user.has_perm("cms.adopt_resource", resource):
        raise ValidationError("Only members of a network who work in a service can adopt resources.")
    service = user.staff_profile.service
    if network.pk not in member_network_ids(user):
        raise ValidationError("Choose a network you belong to.")
    if resource.service_id == service.pk:
        raise ValidationError("This resource is already your service's.")
    if resource.adoptions.filter(service=service).exists():
        raise ValidationError(f"{service.name} has already adopted this resource.")
    hub = NetworkHubPage.objects.filter(network=network).first()
    if hub is None:
        raise ValidationError(f"{network.name} has no hub page to keep the copy in yet. Ask its coordinator.")
    copy = resource.copy(
        to=hub,
        update_attrs={
            "slug": _unique_slug(hub, f"{resource.slug}-{service.slug}"),
            "service": service,
            "network": network,
            "adopted_from": resource,
            "visibility": Visibility.NETWORK,
            "owner": user,
        },
        keep_live=True,
        copy_revisions=False,
        user=user,
    )
    return copy.specific
