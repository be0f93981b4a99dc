"""Members see their network's hub and documents; everyone else gets 404, document URLs included."""

import pytest
from django.test import Client
from wagtail.models import GroupPagePermission, Page

from cms.library.resource import Visibility
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    NetworkFactory,
    add_member,
    disk_media,
    hub_for,
    network_document,
    publish_resource,
)
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    network, other = NetworkFactory(name="North peer network"), NetworkFactory(name="South peer network")
    member, outsider = UserFactory(), UserFactory()
    add_member(network, member)
    add_member(other, outsider)
    return network, other, member, outsider


def _as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_hub_is_shown_to_members_and_missing_for_everyone_else(setting):
    network, _other, member, outsider = setting
    hub = hub_for(network)
    assert _as(member).get(hub.url).status_code == 200
    assert _as(outsider).get(hub.url).status_code == 404
    assert _as(None).get(hub.url).status_code == 404


@pytest.mark.parametrize(
    ("visibility", "member", "other_network", "public"),
    [
        (Visibility.NETWORK, 200, 404, 404),
        (Visibility.NETWORKS, 200, 200, 404),
        (Visibility.PUBLIC, 200, 200, 200),
    ],
)
def test_resource_is_seen_by_whom_its_visibility_says(setting, visibility, member, other_network, public):
    network, _other, member_user, outsider = setting
    resource = publish_resource(network, visibility=visibility)
    assert _as(member_user).get(resource.url).status_code == member
    assert _as(outsider).get(resource.url).status_code == other_network
    assert _as(None).get(resource.url).status_code == public


@pytest.mark.usefixtures("disk_media")
def test_private_document_is_missing_for_non_members(setting):
    network, _other, member, outsider = setting
    document = network_document(network)
    publish_resource(network, documents=[document])
    assert _as(member).get(document.url).status_code == 200
    assert _as(outsider).get(document.url).status_code == 404
    assert _as(None).get(document.url).status_code == 404


@pytest.mark.usefixtures("disk_media")
def test_document_of_a_public_resource_is_served_to_anyone(setting):
    network, *_ = setting
    document = network_document(network)
    publish_resource(network, documents=[document], visibility=Visibility.PUBLIC)
    response = _as(None).get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_only_the_networks_coordinators_edit_its_hub(setting):
    network, other, _member, _outsider = setting
    hub = hub_for(network)
    coordinator, other_coordinator = UserFactory(), UserFactory()
    add_member(network, coordinator, coordinator=True)
    add_member(other, other_coordinator, coordinator=True)
    # The site's content editors may edit every public page from the home page down, but not the hub.
    # (Their rights on the home page come from migration cms 0004.)
    editor = UserFactory(kinds=[roles.CONTENT_EDITOR])
    edit_url = f"/admin/pages/{hub.pk}/edit/"
    assert _as(coordinator).get(edit_url).status_code == 200
    # Those who may not edit the hub do not learn it is there.
    assert _as(editor).get(edit_url).status_code == 404
    assert _as(other_coordinator).get(edit_url).status_code == 404
    assert hub.permissions_for_user(coordinator).can_add_subpage()
    assert not hub.permissions_for_user(editor).can_add_subpage()
    assert Page.objects.get(depth=2).specific.permissions_for_user(editor).can_edit()


def test_administrator_gives_another_group_the_right_on_the_hub_itself(setting):
    network, *_ = setting
    hub = hub_for(network)
    editor = UserFactory(kinds=[roles.CONTENT_EDITOR])
    GroupPagePermission.objects.create(group=editor.groups.get(), page=hub, permission_type="change")
    assert hub.permissions_for_user(editor).can_edit()


def test_only_administrators_start_a_hub(setting):
    network, *_ = setting
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    home = Page.objects.get(depth=2)
    response = _as(coordinator).get(f"/admin/pages/add/cms/networkhubpage/{home.pk}/")
    assert response.status_code == 404  # the home page is outside what they may open
    admin = StaffProfileFactory(user=UserFactory(kinds=[roles.ADMINISTRATOR])).user
    admin.is_superuser = True
    admin.save()
    assert _as(admin).get(f"/admin/pages/add/cms/networkhubpage/{home.pk}/").status_code == 200


def test_network_home_links_members_to_the_hub(setting):
    network, _other, member, _outsider = setting
    hub = hub_for(network)
    text = _as(member).get(f"/networks/{network.slug}/").content.decode()
    assert f'href="{hub.url}"' in text
