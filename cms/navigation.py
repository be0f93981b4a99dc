"""What each user sees in the header menu and on "my home", gathered from every app.

Each app has a ``navigation.py`` with ``links(user)`` (header menu) and ``cards(user)`` (my home),
both returning ``Link`` items the user may actually use.
"""

from importlib import import_module

from workforce.navigation import Link

APPS = ("workforce", "competencies", "peernet", "cms.app_navigation")


def _modules():
    for name in APPS:
        yield import_module(name if "." in name else f"{name}.navigation")


def menu_links(user) -> list[Link]:
    return [link for module in _modules() for link in module.links(user)]


def home_cards(user) -> list[Link]:
    return [card for module in _modules() for card in module.cards(user)]
