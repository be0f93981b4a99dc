"""Every route the project defines answers every kind of user as the table says.

A new route without an entry in ``tests/<app>/url_table.py`` fails ``test_every_route_is_in_the_table``.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import ALL_KINDS

OUR_MODULES = ("cms.", "workforce.", "competencies.", "peernet.", "django.contrib.auth.views")
# Every tests/<app>/url_table*.py is part of the table, so each part of an app can keep its own.
TABLE_MODULES = sorted(
    f"tests.{path.parent.name}.{path.stem}" for path in Path(__file__).parent.glob("*/url_table*.py")
)


def _table():
    routes = {}
    for name in TABLE_MODULES:
        module = import_module(name)
        for url_name, entry in module.ROUTES.items():
            assert url_name not in routes, f"{url_name} is in the table twice"
            routes[url_name] = entry if isinstance(entry, list) else [entry]
    return routes


def _project_url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.startswith(OUR_MODULES):
                names.add(f"{namespace}{pattern.name}")
    return names


TABLE = _table()


def test_every_route_is_in_the_table():
    missing = sorted(_project_url_names() - set(TABLE))
    assert not missing, f"These routes have no entry in a tests/<app>/url_table.py: {missing}"
    stale = sorted(set(TABLE) - _project_url_names())
    assert not stale, f"These table entries name routes that do not exist: {stale}"


def test_every_entry_answers_for_every_kind():
    gaps = {
        name: route.missing_kinds() for name, cases in TABLE.items() for route in cases if route.missing_kinds()
    }
    assert not gaps, f"These routes miss an expected answer for some kinds: {gaps}"


@pytest.mark.parametrize("url_name", sorted(TABLE))
def test_route_answers_each_kind_as_the_table_says(url_name, world, client):
    wrong = []
    for index, route in enumerate(TABLE[url_name]):
        kwargs = route.kwargs(world) if route.kwargs else {}
        url = reverse(url_name, kwargs=kwargs)
        for kind in ALL_KINDS:
            client.logout()
            if kind != "anonymous":
                client.force_login(world.user(kind))
            if route.method == "post":
                response = client.post(url, route.data(world) if route.data else {})
            else:
                response = client.get(url)
            if response.status_code != route.expected(kind):
                wrong.append(f"case {index} {route.label} {url} as {kind}: "
                             f"expected {route.expected(kind)}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)
