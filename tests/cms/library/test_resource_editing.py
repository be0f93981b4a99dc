"""Coordinators add resources to their hub in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.library.resource import ResourcePage
from tests.factories.networks import NetworkFactory, add_member, hub_for, network_document
from tests.factories.workforce import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post(client, hub, **fields):
    data = {
        "title": "Peer podcast episode",
        "slug": "peer-podcast-episode",
        "resource_type": "podcast",
        "summary": "Two volunteers talk about court.",
        "service": ServiceFactory().pk,
        "visibility": "network",
        "tags": "",
        "role_profile": "",
        "body": streamfield([]),
        "transcript": "Ali: I was nervous on my first day at court.",
        "attachments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return client.post(f"/admin/pages/add/cms/resourcepage/{hub.pk}/", nested_form_data(data))


def test_coordinator_adds_a_resource_that_belongs_to_their_network(client):
    network = NetworkFactory()
    hub = hub_for(network)
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    client.force_login(coordinator)
    document = network_document(network, name="episode.mp3", content=b"ID3\x04" + b"\x00" * 20)
    response = _post(client, hub, attachments=inline_formset([{"document": document.pk, "description": ""}]))
    assert response.status_code == 302
    resource = ResourcePage.objects.get()
    assert resource.network == network and resource.live
    assert resource.attachments.get().document == document


def test_audio_is_only_attached_to_a_podcast(client):
    network = NetworkFactory()
    hub = hub_for(network)
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    client.force_login(coordinator)
    document = network_document(network, name="episode.mp3", content=b"ID3\x04" + b"\x00" * 20)
    response = _post(
        client, hub, resource_type="guide", attachments=inline_formset([{"document": document.pk, "description": ""}])
    )
    assert response.status_code == 200
    assert "Audio files can only be attached to a podcast" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_coordinator_of_another_network_cannot_add_to_this_hub(client):
    network = NetworkFactory()
    hub = hub_for(network)
    other = UserFactory()
    add_member(NetworkFactory(), other, coordinator=True)
    client.force_login(other)
    assert _post(client, hub).status_code == 404
    assert not ResourcePage.objects.exists()
