"""Every route answers every kind of user as the table says: the project's own routes, and every URL of
the Wagtail admin.

A new route without an entry in a ``tests/<app>/<part>/url_table*.py`` fails ``test_every_route_is_in_the_table``:
for the project's routes, any route its modules define; for the admin, any URL under ``/admin/``, whoever
registered it (Wagtail, a Wagtail upgrade, or one of our viewsets), named or not.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import admin_world
from tests.world import ADMIN_TABLE_KINDS, ALL_KINDS

OUR_MODULES = ("cms.", "workforce.", "competencies.", "peernet.", "django.contrib.auth.views")
# Third-party URL sets mounted in cms/urls.py outside the admin, whatever module their views live in.
MOUNTED_NAMESPACES = ("otp_webauthn:",)
ADMIN_PREFIX = "admin/"
# Every url_table*.py below tests/ is part of the table, so each part of an app keeps its own.
TABLE_MODULES = sorted(
    ".".join(("tests", *path.relative_to(Path(__file__).parent).with_suffix("").parts))
    for path in Path(__file__).parent.glob("*/**/url_table*.py")
)


def _table():
    routes = {}
    for name in TABLE_MODULES:
        module = import_module(name)
        for url_name, entry in module.ROUTES.items():
            assert url_name not in routes, f"{url_name} is in the table twice"
            routes[url_name] = entry if isinstance(entry, list) else [entry]
    return routes


def _walk(resolver=None, namespace="", prefix=""):
    """(table key, route, view module) of every URL pattern. Unnamed patterns are keyed by their route."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            key = f"{namespace}{pattern.name}" if pattern.name else f"path:{route}"
            yield key, route, getattr(pattern.callback, "__module__", "") or ""


def _admin_keys():
    return {key for key, route, _module in _walk() if route.startswith(ADMIN_PREFIX)}


def _project_keys():
    return {
        key
        for key, route, module in _walk()
        if not route.startswith(ADMIN_PREFIX)
        and (module.startswith(OUR_MODULES) or key.startswith(MOUNTED_NAMESPACES))
        and not key.startswith("path:")
    }


TABLE = _table()
ADMIN_KEYS = _admin_keys()


def _kinds(key):
    return ADMIN_TABLE_KINDS if key in ADMIN_KEYS else ALL_KINDS


def test_every_route_is_in_the_table():
    missing = sorted((_project_keys() | ADMIN_KEYS) - set(TABLE))
    assert not missing, f"These routes have no entry in a tests/<app>/<part>/url_table*.py: {missing}"
    stale = sorted(set(TABLE) - _project_keys() - ADMIN_KEYS)
    assert not stale, f"These table entries name routes that do not exist: {stale}"


def test_the_admin_part_covers_hundreds_of_routes():
    # Wagtail registers some three hundred admin URLs; a walk that found few would be walking the wrong tree.
    assert len(ADMIN_KEYS) > 300


def test_every_entry_answers_for_every_kind():
    gaps = {
        name: route.missing_kinds(_kinds(name))
        for name, cases in TABLE.items()
        for route in cases
        if route.missing_kinds(_kinds(name))
    }
    assert not gaps, f"These routes miss an expected answer for some kinds: {gaps}"


@pytest.mark.parametrize("url_name", sorted(TABLE))
def test_route_answers_each_kind_as_the_table_says(url_name, world, client):
    client.raise_request_exception = False
    if url_name in ADMIN_KEYS:
        admin_world.everything(world)
    wrong = []
    for index, route in enumerate(TABLE[url_name]):
        kwargs = route.kwargs(world) if route.kwargs else {}
        url = route.path or reverse(url_name, kwargs=kwargs)
        for kind in _kinds(url_name):
            client.logout()
            if kind != "anonymous":
                client.force_login(world.user(kind))
            if route.method == "post":
                response = client.post(url, route.data(world) if route.data else {})
            else:
                response = client.get(url)
            if response.status_code != route.expected(kind):
                wrong.append(
                    f"case {index} {route.label} {url} as {kind}: "
                    f"expected {route.expected(kind)}, got {response.status_code}"
                )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("url_name", sorted(TABLE))
def test_password_alone_reaches_only_the_second_step(url_name, world, client):
    """Every route, the admin's included, sends a session that has not passed the second step to it (or to
    set it up), unless the route is one of the second step's own pages.

    The gate does not ask who is signed in, so each case is tried as two kinds, taken in turn across the
    table so that every kind is tried on hundreds of routes: one who has an app and one who has none yet.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_step import authenticator_for, password_only_login
    from workforce.accounts.middleware import SECOND_STEP_VIEWS

    client.raise_request_exception = False
    if url_name in ADMIN_KEYS:
        admin_world.everything(world)
    steps = (reverse("workforce:two-step-verify"), reverse("workforce:two-step-set-up"))
    kinds = [kind for kind in _kinds(url_name) if kind != "anonymous"]
    turn = sorted(TABLE).index(url_name)
    wrong = []
    for index, route in enumerate(TABLE[url_name]):
        kwargs = route.kwargs(world) if route.kwargs else {}
        url = route.path or reverse(url_name, kwargs=kwargs)
        with_app, without_app = kinds[(turn + index) % len(kinds)], kinds[(turn + index + 1) % len(kinds)]
        for kind, has_app in ((with_app, True), (without_app, False)):
            user = world.user(kind)
            if has_app:
                authenticator_for(user)
            else:
                TOTPDevice.objects.filter(user=user).delete()
            client.logout()
            password_only_login(client, user)
            send = client.post if route.method == "post" else client.get
            response = send(url, route.data(world) if route.data else {})
            if url_name in SECOND_STEP_VIEWS:
                continue
            if response.status_code != 302 or not response.url.startswith(steps):
                wrong.append(f"case {index} {url} as {kind}: {response.status_code} {response.get('Location', '')}")
    assert not wrong, "\n".join(wrong)
