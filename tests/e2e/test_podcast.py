"""Anyone finds a public podcast episode, plays it in the page and reads its transcript; a podcast app can
subscribe to the network's feed and fetch the audio it names. At a desktop's width and a phone's."""

import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from cms.library.demo import TRANSCRIPTS, _tone
from cms.library.resource import ResourceType, Visibility
from tests.e2e.conftest import assert_accessible, shot
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    NetworkFactory,
    disk_media,
    ensure_migrated_basics,
    network_document,
    publish_resource,
)
from tests.factories.workforce import ServiceFactory

TITLE = "Peer Voices episode 1: starting out"


@pytest.fixture
def episode(request):
    request.getfixturevalue("disk_media")
    ensure_migrated_basics()
    network = NetworkFactory(name="North peer network")
    audio = network_document(network, name="peer-voices-1.wav", content=_tone(seconds=2))
    return publish_resource(
        network,
        title=TITLE,
        resource_type=ResourceType.PODCAST,
        visibility=Visibility.PUBLIC,
        summary="Two volunteers talk about their first month at court and in custody.",
        service=ServiceFactory(name="Moorland L&D"),
        documents=[audio],
        transcript=TRANSCRIPTS[TITLE],
    )


def test_a_visitor_plays_an_episode_reads_the_transcript_and_subscribes(sized_page, episode, transactional_db):
    page = sized_page
    page.goto("/resources/?resource_type=podcast")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    player = page.locator("audio")
    expect(player).to_have_attribute("controls", "")
    # The browser reads the file the player points at: it is really audio, two seconds long.
    duration = player.evaluate(
        "audio => new Promise(done => audio.readyState >= 1 ? done(audio.duration)"
        " : audio.addEventListener('loadedmetadata', () => done(audio.duration)))"
    )
    assert 1.9 < duration < 2.1
    box = player.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]

    page.get_by_role("link", name="Read the transcript").click()
    expect(page.get_by_role("heading", name="Transcript")).to_be_in_viewport()
    expect(page.get_by_text("Ali: I was nervous on my first day at court.")).to_be_visible()
    assert_accessible(page)
    shot(page, f"podcast-episode-{page.width_name}")

    feed_link = page.get_by_role("link", name="/resources/podcasts/")
    feed = page.request.get(feed_link.get_attribute("href"))
    assert feed.status == 200 and feed.headers["content-type"].startswith("application/rss+xml")
    item = ET.fromstring(feed.body()).find("channel/item")
    assert item.findtext("title") == TITLE
    audio = page.request.get(item.find("enclosure").get("url"))
    assert audio.status == 200 and audio.body()[:4] == b"RIFF"
