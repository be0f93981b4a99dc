"""A network's podcast as an RSS feed that podcast apps can subscribe to.

Podcast apps do not sign in, so the feed holds only what anyone may hear: each network's podcast episodes
whose visibility is "Everyone", asked through the same rule as every resource list (``visible_to`` an
anonymous visitor), whoever fetches it. Each item carries its audio as an enclosure, the show notes, and a
link to the transcript on the episode's page.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from cms.library.choices import AUDIO_TYPES, ResourceType
from cms.library.resource import ResourcePage
from peernet.models import Network

EPISODES_IN_FEED = 100
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0"


class PodcastRss(Rss201rev2Feed):
    """RSS 2.0 with the few iTunes and Podcasting 2.0 elements podcast apps look for."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST_NAMESPACE}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["author_name"])
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:category", attrs={"text": "Health & Fitness"})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:summary", item["description"])
        handler.addQuickElement("podcast:transcript", attrs={"url": item["transcript_url"], "type": "text/html"})


def public_episodes(network):
    """The network's podcast episodes anyone may hear, newest first, each with its audio attachment."""
    episodes = (
        ResourcePage.objects.visible_to(AnonymousUser())
        .filter(network=network, resource_type=ResourceType.PODCAST)
        .select_related("service")
        .prefetch_related("attachments__document")
        .order_by("-first_published_at", "-pk")[:EPISODES_IN_FEED]
    )
    with_audio = []
    for episode in episodes:
        audio = episode.episode_attachment(list(episode.attachments.all()))
        if audio is not None:
            with_audio.append((episode, audio.document))
    return with_audio


class NetworkPodcastFeed(Feed):
    feed_type = PodcastRss

    def get_object(self, request, network):
        self.request = request
        return get_object_or_404(Network.objects.active(), slug=network)

    def title(self, network):
        return f"{network.name} podcast"

    def link(self, network):
        return f"/resources/?resource_type={ResourceType.PODCAST}"

    def description(self, network):
        return (
            f"Episodes shared by members of the {network.name}: people who work in and with Liaison and "
            "Diversion services talk about peer work."
        )

    def author_name(self, network):
        return network.name

    def items(self, network):
        return public_episodes(network)

    def item_title(self, item):
        return item[0].title

    def item_description(self, item):
        episode = item[0]
        return f"{episode.summary} Shared by {episode.service.name}."

    def item_link(self, item):
        return item[0].get_url(request=self.request)

    def item_guid(self, item):
        # Stays the same if the episode's page moves or is renamed, so apps do not offer it twice.
        return f"ld-pathways-episode-{item[0].pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[0].first_published_at

    def item_updateddate(self, item):
        return item[0].last_published_at

    def item_enclosures(self, item):
        document = item[1]
        return [
            Enclosure(
                url=self.request.build_absolute_uri(document.url),
                length=str(document.get_file_size() or 0),
                mime_type=AUDIO_TYPES[document.file_extension.lower()],
            )
        ]

    def item_extra_kwargs(self, item):
        page_url = item[0].get_url(request=self.request)
        return {"transcript_url": self.request.build_absolute_uri(f"{page_url}#transcript")}


@login_not_required
def podcast_feed(request, network):
    return NetworkPodcastFeed()(request, network=network)
