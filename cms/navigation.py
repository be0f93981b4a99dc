"""What each user sees in the header menu and on "my home", gathered from every app.

Each app has a ``navigation.py`` with ``links(user)`` (header menu) and ``cards(user)`` (my home), both
returning ``Link`` items the user may actually use. This one has the site's own, and gathers them all.
"""

import sys
from importlib import import_module

import rules

from workforce import permissions
from workforce.navigation import Link

APPS = ("workforce", "competencies", "peernet")


def links(user):
    items = []
    if user.is_authenticated:
        items.append(Link("Shared resources", "/resources/"))
    return items


def cards(user):
    items = []
    if permissions.is_content_editor(user) or permissions.is_administrator(user):
        items.append(
            Link(
                "Edit the public pages",
                "/admin/pages/",
                "Change the home page, news and other public pages in the Wagtail admin.",
            )
        )
    if rules.has_perm("cms.review_records", user):
        items.append(
            Link(
                "Records due for review",
                "/records/review/",
                "Decide about records kept as long as the rules ask: keep them longer or erase them.",
            )
        )
    if rules.has_perm("cms.view_figures", user):
        items.append(
            Link(
                "Figures for commissioners",
                "/figures/",
                "Peer journeys, the workforce and youth-led training, by period and area, with downloads.",
            )
        )
    if rules.has_perm("cms.view_own_record", user) and not permissions.is_service_manager(user):
        items.append(Link("What we hold about you", "/records/mine/", "Read everything we keep about you."))
    if user.is_authenticated:
        items.append(
            Link(
                "Shared resources",
                "/resources/",
                "Find and adopt job descriptions, interview questions, adverts, guides and podcasts.",
            )
        )
    return items


def _modules():
    yield from (import_module(f"{name}.navigation") for name in APPS)
    yield sys.modules[__name__]


def menu_links(user) -> list[Link]:
    return [link for module in _modules() for link in module.links(user)]


def home_cards(user) -> list[Link]:
    return [card for module in _modules() for card in module.cards(user)]
