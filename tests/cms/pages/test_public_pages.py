"""Public pages: the home page, news and public resources, edited by content editors in Wagtail."""

import pytest
from django.test import Client
from wagtail.models import Page

from cms.library import demo as cms_demo
from cms.library.resource import ResourcePage
from cms.library.sharing import ResourceReview
from cms.models import HomePage, NewsPage
from peernet.networks import demo as demo_networks
from tests.factories.workforce import UserFactory
from workforce import roles
from workforce.people import demo as workforce_demo

pytestmark = pytest.mark.django_db


def test_content_editors_edit_the_public_pages(client):
    editor = UserFactory(kinds=[roles.CONTENT_EDITOR])
    client.force_login(editor)
    home = HomePage.objects.get()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/cms/newsindexpage/{home.pk}/").status_code == 200


def test_demo_fills_the_home_page_news_hubs_and_resources_and_runs_twice():
    for _ in range(2):
        workforce_demo.load()
        demo_networks.load()
        cms_demo.load()
    home = HomePage.objects.get()
    text = Client().get(home.url).content.decode()
    assert "career and competency framework" in text
    news = Client().get("/news/")
    assert news.status_code == 200 and "Peer Voices" in news.content.decode()
    assert NewsPage.objects.count() == 2
    # Every demo resource, and the guide a member shared that waits for the coordinator.
    assert ResourcePage.objects.filter(adopted_from__isnull=True).count() == len(cms_demo.RESOURCES) + 1
    assert ResourcePage.objects.filter(adopted_from__isnull=False).count() == 1
    public = Client().get("/resources/").content.decode()
    assert "First week induction pack" in public and "Peer support worker job description" not in public
    assert Page.objects.type(ResourcePage).live().count() == len(cms_demo.RESOURCES) + 1
    waiting = ResourceReview.objects.get()
    assert waiting.waiting and waiting.resource.title == cms_demo.WAITING_GUIDE[0] and not waiting.resource.live
    episode = ResourcePage.objects.get(resource_type="podcast", adopted_from__isnull=True)
    assert episode.transcript and episode.episode_attachment().document.file_extension == "wav"
    episode_page = Client().get(episode.url).content.decode()
    assert "<audio" in episode_page and "Ali: I was nervous on my first day at court." in episode_page


def test_content_editors_upload_into_the_public_collection_but_not_a_networks(client):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from tests.factories.networks import NetworkFactory, network_document

    editor = UserFactory(kinds=[roles.CONTENT_EDITOR])
    public = Collection.objects.get(name="Public pages")
    assert public.get_parent().is_root()
    private = network_document(NetworkFactory())
    client.force_login(editor)
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert client.get(f"/admin/documents/edit/{private.pk}/").status_code == 404
    assert Document.objects.count() == 1
