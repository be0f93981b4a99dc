"""Each access hole found around the app, reproduced as a tester found it, and now closed.

1. another network's private document published through one's own public resource;
2. peers (and the commissioner's account) reached through the admin's peer screens;
3. (the staff import: tests/workforce/people/test_staff_import.py);
4. a non-superuser administrator making a superuser;
5. network titles in the admin (tests/cms/test_permissions_admin_privacy.py and the role-by-URL table);
6. shared-password privacy for pages and collections;
7. (leavers and revived sessions: tests/workforce/accounts/test_leavers.py).
"""

import pytest
import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.library.resource import ResourcePage, Visibility
from peernet.models import Peer
from tests import admin_world as objects
from tests.factories.networks import disk_media, network_document  # noqa: F401  (disk_media is a fixture)
from tests.peernet.networks.url_table import network, other_network
from workforce import roles
from workforce.roles import sync_group_permissions

pytestmark = pytest.mark.django_db
User = get_user_model()


def _resource_form(resource, **fields):
    data = {
        "title": resource.title,
        "slug": resource.slug,
        "resource_type": resource.resource_type,
        "summary": resource.summary,
        "service": resource.service_id,
        "visibility": Visibility.PUBLIC,
        "tags": "",
        "role_profile": "",
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


# --- 1. Documents -----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("disk_media")
def test_a_coordinator_cannot_attach_another_networks_document_by_skipping_the_chooser(world, client):
    """The tester's path: post another network's document id as an attachment of one's own public resource."""
    theirs = network_document(other_network(world), name="their-private-plan.pdf")
    ours = objects.resource(world)
    client.force_login(world.user("network_coordinator"))
    response = client.post(
        f"/admin/pages/{ours.pk}/edit/",
        _resource_form(ours, attachments=inline_formset([{"document": theirs.pk, "description": ""}])),
    )
    assert response.status_code == 200
    assert "A document chosen on this page is not one you can use" in response.content.decode()
    assert not ResourcePage.objects.get(pk=ours.pk).attachments.exists()
    client.logout()
    assert client.get(theirs.url).status_code == 404


@pytest.mark.usefixtures("disk_media")
def test_a_public_resource_of_another_network_never_opens_a_networks_document(world, client):
    """Even if such an attachment is saved some other way, the document is served only through a resource
    of its own network."""
    from cms.library.services import resource_publish

    theirs = network_document(other_network(world), name="their-private-plan.pdf")
    objects.hub(world)
    resource_publish(
        hub=network(world).hub_page,
        title="Our public guide",
        resource_type="guide",
        summary="A guide.",
        service=world.service,
        visibility=Visibility.PUBLIC,
        documents=[theirs],
    )
    assert client.get(theirs.url).status_code == 404


@pytest.mark.usefixtures("disk_media")
def test_the_documents_own_network_still_publishes_it(world, client):
    from cms.library.services import resource_publish

    ours = network_document(network(world), name="our-public-guide.pdf")
    objects.hub(world)
    resource_publish(
        hub=network(world).hub_page,
        title="Our public guide",
        resource_type="guide",
        summary="A guide.",
        service=world.service,
        visibility=Visibility.PUBLIC,
        documents=[ours],
    )
    assert client.get(ours.url).status_code == 200


def test_rich_text_links_to_pages_and_documents_the_editor_cannot_choose_are_refused(world, client):
    theirs = objects.other_document(world)
    their_page = objects.other_resource(world)
    ours = objects.resource(world)
    client.force_login(world.user("network_coordinator"))
    for link, message in (
        (f'<p><a linktype="document" id="{theirs.pk}">plan</a></p>', "A document chosen"),
        (f'<p><a linktype="page" id="{their_page.pk}">questions</a></p>', "A page linked from this page"),
    ):
        body = streamfield([("rich_text", rich_text(link))])
        response = client.post(f"/admin/pages/{ours.pk}/edit/", _resource_form(ours, body=body))
        assert message in response.content.decode()
        assert not ResourcePage.objects.get(pk=ours.pk).body


def test_an_editor_may_keep_what_the_page_already_had(world, client):
    """A reference saved by someone who could choose it stays when another editor saves the page."""
    from cms.library.resource import ResourceAttachment

    ours = objects.resource(world)
    theirs = objects.other_document(world)
    ours.attachments = [ResourceAttachment(document=theirs)]
    ours.save_revision().publish()
    client.force_login(world.user("network_coordinator"))
    attachment = ResourcePage.objects.get(pk=ours.pk).attachments.get()
    response = client.post(
        f"/admin/pages/{ours.pk}/edit/",
        _resource_form(
            ours,
            attachments=inline_formset(
                [{"id": attachment.pk, "document": theirs.pk, "description": "kept"}], initial=1
            ),
        ),
    )
    assert response.status_code == 302


def test_every_page_type_checks_what_was_chosen():
    from wagtail.models import get_page_models

    from cms.pages.forms import ChosenObjectsPageForm

    ours = [model for model in get_page_models() if model._meta.app_label == "cms"]
    assert ours and all(issubclass(model.base_form_class, ChosenObjectsPageForm) for model in ours)


# --- 2. Peers in the admin ------------------------------------------------------------------------------------


def test_a_peer_coordinator_cannot_list_or_create_peers_in_the_admin(world, client):
    coordinator = world.user("peer_coordinator")
    coordinator.groups.add(Group.objects.get(name=roles.NETWORK_COORDINATOR.name))  # so they reach the admin
    client.force_login(coordinator)
    assert client.get("/admin/peers/").status_code == 302
    response = client.post(
        "/admin/peers/new/",
        {
            "display_name": "Planted peer",
            "service": world.other_service.pk,
            "user": world.user("commissioner").pk,
            "coordinator": world.profile("peer_coordinator").pk,
            "paid": "",
        },
    )
    assert response.status_code == 302
    assert not Peer.objects.filter(display_name="Planted peer").exists()


def test_no_app_rule_shares_a_name_with_a_django_model_permission():
    model_permissions = set()
    for model in apps.get_models():
        opts = model._meta
        model_permissions |= {f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions}
        model_permissions |= {f"{opts.app_label}.{codename}" for codename, _name in opts.permissions}
    clashes = sorted(set(rules.permissions.permissions) & model_permissions)
    assert not clashes, f"These rules share a name with a model permission, so Wagtail would grant it: {clashes}"


def test_the_rules_test_would_catch_a_clash():
    rules.add_perm("peernet.add_peer", rules.always_true)
    try:
        with pytest.raises(AssertionError):
            test_no_app_rule_shares_a_name_with_a_django_model_permission()
    finally:
        rules.remove_perm("peernet.add_peer")


# --- 4. Users and groups are for superusers ---------------------------------------------------------------------


def test_an_administrator_who_is_not_a_superuser_cannot_make_a_superuser(world, client):
    client.force_login(world.user("administrator"))
    response = client.post(
        "/admin/users/new/",
        {
            "username": "planted@example.org",
            "email": "planted@example.org",
            "first_name": "P",
            "last_name": "Q",
            "password1": "a-long-enough-password-2026",
            "password2": "a-long-enough-password-2026",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(username="planted@example.org").exists()


def test_no_group_holds_user_or_group_rights(world):
    held = Permission.objects.filter(group__isnull=False, content_type__app_label__in=("auth", "wagtailusers"))
    assert list(held.values_list("group__name", "codename")) == []


def test_a_right_taken_off_a_kind_is_taken_off_its_group_at_the_next_migrate(world):
    administrators = Group.objects.get(name=roles.ADMINISTRATOR.name)
    administrators.permissions.add(Permission.objects.get(codename="add_user"))
    sync_group_permissions(apps.get_app_config("auth"))
    assert not administrators.permissions.filter(codename="add_user").exists()
    sync_group_permissions(apps.get_app_config("workforce"))
    assert administrators.permissions.filter(codename="change_staffprofile").exists()


# --- 6. Shared passwords ------------------------------------------------------------------------------------


def test_privacy_settings_offer_no_shared_password(world, client):
    client.force_login(world.user("superuser"))
    page = objects.public_page(world)
    for url in (
        f"/admin/pages/{page.pk}/privacy/",
        f"/admin/collections/{objects.public_collection(world).pk}/privacy/",
    ):
        text = client.get(url).json()["html"]
        assert 'value="login"' in text
        assert 'value="password"' not in text
