"""A network's pages, documents and images never reach the admin screens of people outside it.

The role-by-URL table checks who may open each admin URL; these tests read what the listings show:
explorer, search, choosers, the admin API, reports and the dashboard. Each private title is a sentinel
that must not appear anywhere a content editor or another network's coordinator looks.
"""

import json

import pytest
from django.urls import reverse

from tests import admin_world as objects
from tests.world import build_world

pytestmark = pytest.mark.django_db

# Titles only the world network's members (and administrators) may see, and those of another network.
OURS = ("Our volunteer advert", "our-advert.pdf")
THEIRS = ("Their private interview questions", "their-questions.pdf", "Other peer network", "Network photo")


@pytest.fixture
def world():
    made = build_world()
    objects.everything(made)
    return made


def _listings(world):
    home = objects.home(world).pk
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home]),
        reverse("wagtailadmin_explore_results", args=[home]),
        reverse("wagtailadmin_pages:search") + "?q=private",
        reverse("wagtailadmin_pages:search_results") + "?q=questions",
        reverse("wagtailadmin_pages:search_results") + "?q=advert",
        reverse("wagtailadmin_pages:type_use", args=["cms", "resourcepage"]),
        reverse("wagtailadmin_pages:type_use_results", args=["cms", "resourcepage"]),
        reverse("wagtailadmin_pages:choose_parent", args=["cms", "resourcepage"]),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[home]),
        reverse("wagtailadmin_choose_page_search") + "?q=questions",
        reverse("wagtailadmin_choose_page_search") + "?q=advert",
        reverse("wagtailadmin_choose_page_chosen_multiple")
        + f"?id={objects.other_resource(world).pk}&id={objects.resource(world).pk}",
        reverse("wagtaildocs_chooser:chosen_multiple")
        + f"?id={objects.other_document(world).pk}&id={objects.document(world).pk}",
        reverse("wagtailimages_chooser:chosen_multiple") + f"?id={objects.network_image(world).pk}",
        reverse("wagtailadmin_api:pages:listing") + "?fields=title",
        reverse("wagtailadmin_api:pages:listing") + f"?descendant_of={home}",
        reverse("wagtailadmin_api:pages:listing") + "?search=questions",
        reverse("wagtailadmin_api:documents:listing"),
        reverse("wagtailadmin_api:images:listing"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:index_results") + "?q=pdf",
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results") + "?q=questions",
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
        reverse("wagtailimages:index"),
    ]


def _leaks(client, urls, sentinels):
    found = []
    for url in urls:
        response = client.get(url, follow=True)
        text = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            text = json.dumps(response.json())
        found += [f"{sentinel!r} on {url}" for sentinel in sentinels if sentinel in text]
    return found


def test_content_editors_see_no_network_titles_anywhere_in_the_admin(world, client):
    client.force_login(world.user("content_editor"))
    assert _leaks(client, _listings(world), OURS + THEIRS + ("World peer network",)) == []


def test_coordinators_see_no_other_networks_titles_anywhere_in_the_admin(world, client):
    client.force_login(world.user("network_coordinator"))
    assert _leaks(client, _listings(world), THEIRS) == []


def test_coordinators_do_see_their_own_network_in_the_explorer_and_choosers(world, client):
    client.force_login(world.user("network_coordinator"))
    hub = objects.hub(world).pk
    for url in (
        reverse("wagtailadmin_explore", args=[hub]),
        reverse("wagtailadmin_choose_page_child", args=[hub]),
        reverse("wagtaildocs_chooser:choose"),
    ):
        assert any(title in client.get(url).content.decode() for title in OURS), url


def test_administrators_see_every_network_in_the_explorer(world, client):
    client.force_login(world.user("administrator"))
    hub = objects.other_hub(world).pk
    assert (
        "Their private interview questions" in client.get(reverse("wagtailadmin_explore", args=[hub])).content.decode()
    )


def test_administrators_reports_list_every_network_page(world, client):
    client.force_login(world.user("administrator"))
    response = client.get(reverse("wagtailadmin_reports:aging_pages_results"))
    assert "Their private interview questions" in response.content.decode()


@pytest.mark.parametrize("kind", ["content_editor", "network_coordinator", "administrator"])
def test_the_admin_menu_offers_only_what_the_kind_may_open(world, client, kind):
    """Every link in the admin's menus opens for the person it is shown to (nothing offered, then refused)."""
    import re

    client.force_login(world.user(kind))
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    links = set(re.findall(r'"url": "(/admin/[^"]*)"', text)) | set(re.findall(r'href="(/admin/[^"#?]*)"', text))
    assert links
    refused = []
    for link in sorted(links - {reverse("wagtailadmin_logout")}):
        response = client.get(link, follow=True)
        if response.status_code not in (200, 405) or "do not have permission" in response.content.decode():
            refused.append(link)
    assert refused == []
