"""Podcast episodes: audio and a transcript go together, a player that needs no script, and a feed per
network that podcast apps can subscribe to, holding public episodes only."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from cms.library.resource import ResourcePage, ResourceType, Visibility
from peernet.models import Network
from tests.cms.library.test_resource_editing import _post
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    MP3,
    NetworkFactory,
    add_member,
    disk_media,
    hub_for,
    network_document,
    publish_resource,
)
from tests.factories.workforce import UserFactory

pytestmark = pytest.mark.django_db
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def _coordinator(client, network):
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    client.force_login(coordinator)
    return coordinator


def test_an_episode_without_a_transcript_is_refused_in_the_admin(client):
    network = NetworkFactory()
    hub = hub_for(network)
    _coordinator(client, network)
    audio = network_document(network, name="episode.mp3", content=MP3)
    response = _post(
        client, hub, transcript="  ", attachments=inline_formset([{"document": audio.pk, "description": ""}])
    )
    assert response.status_code == 200
    assert "Add the transcript: every word said in the episode" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_an_episode_without_audio_is_refused_in_the_admin(client):
    network = NetworkFactory()
    hub = hub_for(network)
    _coordinator(client, network)
    notes = network_document(network, name="notes.pdf")
    response = _post(client, hub, attachments=inline_formset([{"document": notes.pk, "description": ""}]))
    assert response.status_code == 200
    assert "Attach the episode&#x27;s audio file" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_the_service_refuses_an_episode_without_audio_or_transcript():
    network = NetworkFactory()
    with pytest.raises(ValidationError) as refused:
        publish_resource(network, resource_type=ResourceType.PODCAST, documents=[], transcript="")
    assert set(refused.value.message_dict) == {"resource_type", "transcript"}
    assert not ResourcePage.objects.exists()


def test_the_episode_page_plays_without_script_and_shows_the_transcript(client):
    network = NetworkFactory()
    episode = publish_resource(
        network,
        title="Peer Voices 2",
        resource_type=ResourceType.PODCAST,
        visibility=Visibility.PUBLIC,
        transcript="Sam: Welcome back.\n\nAli: Good to be here.\nIt has been a busy month.",
    )
    audio = episode.attachments.get().document
    html = client.get(episode.url).content.decode()
    assert f'<source src="{audio.url}" type="audio/mpeg">' in html
    assert "<audio" in html and "controls" in html
    assert f'<a href="{audio.url}">Download the episode</a> (MP3' in html
    assert '<h2 id="transcript">Transcript</h2>' in html
    assert "<p>Ali: Good to be here.<br>It has been a busy month.</p>" in html
    feed = reverse("library:podcast-feed", kwargs={"network": network.slug})
    assert '<link rel="alternate" type="application/rss+xml"' in html and f'href="{feed}"' in html
    # The audio file is not also listed among the other files.
    assert "<h2>Files</h2>" not in html


def test_a_network_only_episode_offers_no_feed(client):
    network = NetworkFactory()
    episode = publish_resource(network, resource_type=ResourceType.PODCAST, visibility=Visibility.NETWORK)
    member = UserFactory()
    add_member(network, member)
    client.force_login(member)
    html = client.get(episode.url).content.decode()
    assert "<audio" in html
    assert "application/rss+xml" not in html and "in your podcast app" not in html


def _feed(client, network):
    response = client.get(reverse("library:podcast-feed", kwargs={"network": network.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def test_the_feed_has_public_episodes_with_their_audio(client):
    network = NetworkFactory(name="Coast peer network")
    public = publish_resource(
        network, title="Public episode", resource_type=ResourceType.PODCAST, visibility=Visibility.PUBLIC
    )
    publish_resource(network, title="Members' episode", resource_type=ResourceType.PODCAST)
    publish_resource(network, title="Public guide", resource_type=ResourceType.GUIDE, visibility=Visibility.PUBLIC)
    publish_resource(
        NetworkFactory(), title="Other network's episode", resource_type=ResourceType.PODCAST, visibility="public"
    )
    # A member asking sees the same feed as a podcast app: their private episodes never go into it.
    member = UserFactory()
    add_member(network, member)
    client.force_login(member)

    channel = _feed(client, network).find("channel")
    assert channel.findtext("title") == "Coast peer network podcast"
    assert channel.findtext(f"{ITUNES}author") == "Coast peer network"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Public episode"]
    item = items[0]
    audio = public.attachments.get().document
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == f"http://testserver{audio.url}"
    assert enclosure.get("type") == "audio/mpeg"
    assert enclosure.get("length") == str(len(MP3))
    assert item.findtext("link") == f"http://testserver{public.url}"
    assert item.find(f"{PODCAST}transcript").get("url") == f"http://testserver{public.url}#transcript"
    assert item.findtext("guid") == f"ld-pathways-episode-{public.pk}"


@pytest.mark.usefixtures("disk_media")
def test_a_podcast_app_can_download_a_public_episode_it_was_given(client):
    network = NetworkFactory()
    publish_resource(network, resource_type=ResourceType.PODCAST, visibility=Visibility.PUBLIC)
    url = _feed(client, network).find("channel/item/enclosure").get("url").removeprefix("http://testserver")
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"ID3")


def test_an_unpublished_episode_leaves_the_feed(client):
    network = NetworkFactory()
    episode = publish_resource(network, resource_type=ResourceType.PODCAST, visibility=Visibility.PUBLIC)
    episode.unpublish()
    assert _feed(client, network).find("channel").findall("item") == []


def test_an_unknown_or_closed_network_has_no_feed(client):
    assert client.get(reverse("library:podcast-feed", kwargs={"network": "nowhere"})).status_code == 404
    closed = NetworkFactory()
    publish_resource(closed, resource_type=ResourceType.PODCAST, visibility=Visibility.PUBLIC)
    Network.objects.filter(pk=closed.pk).update(active=False)
    assert client.get(reverse("library:podcast-feed", kwargs={"network": closed.slug})).status_code == 404


def test_the_feed_costs_the_same_for_many_episodes(client, django_assert_max_num_queries):
    network = NetworkFactory()
    for number in range(6):
        publish_resource(
            network, title=f"Episode {number}", resource_type=ResourceType.PODCAST, visibility=Visibility.PUBLIC
        )
    url = reverse("library:podcast-feed", kwargs={"network": network.slug})
    client.get(url)
    with django_assert_max_num_queries(8):
        assert len(ET.fromstring(client.get(url).content).findall("channel/item")) == 6
