"""The role-by-URL table: what every kind of user gets from every route the project defines.

Each part of an app keeps its part of the table in ``tests/<app>/<part>/url_table*.py`` as ``ROUTES``, a dict
from URL name to a ``Route`` (or a list of them, for example one for your own record and one for another team's).
``tests/test_url_permissions.py`` fails when a route has no entry, or an entry misses a kind.

The Wagtail admin is in the table too, every URL Wagtail registers, for every kind and for superusers
(``ADMIN_TABLE_KINDS``). Unnamed admin URLs are keyed ``path:<the pattern>`` and give their ``path``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.world import ALL_KINDS, SUPERUSER, World

OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, ERROR = 200, 302, 400, 403, 404, 405, 500


@dataclass
class Route:
    """``expect`` maps a kind's slug (or ``anonymous``) to a status code; ``default`` covers the rest.

    ``kwargs`` builds the URL's arguments from the world; ``data`` is posted when ``method`` is post.
    """

    expect: dict[str, int]
    default: int | None = None
    kwargs: Callable[[World], dict] | None = None
    method: str = "get"
    data: Callable[[World], dict] | None = None
    label: str = ""
    extra: dict = field(default_factory=dict)
    path: str = ""

    def expected(self, kind: str) -> int | None:
        return self.expect.get(kind, self.default)

    def missing_kinds(self, kinds=ALL_KINDS) -> list[str]:
        return [kind for kind in kinds if self.expected(kind) is None]


def admin_route(
    allowed=(), *, status=OK, hidden=(), kwargs=None, method="get", data=None, label="", path="", superuser=None
):
    """An admin URL. ``allowed`` kinds and superusers get ``status``; ``hidden`` kinds get 404 (the object
    is another network's, or outside what they may see); everyone else is sent away to sign in or to the
    admin's home page (302), which is Wagtail's own answer to "you may not"."""
    expect = dict.fromkeys(allowed, status)
    expect[SUPERUSER] = status if superuser is None else superuser
    expect.update(dict.fromkeys(hidden, NOT_FOUND))
    return Route(expect=expect, default=REDIRECT, kwargs=kwargs, method=method, data=data, label=label, path=path)


def viewset_routes(namespace, *, allowed, obj, actions, hidden_obj=None, hidden=()):
    """Every URL of one Wagtail ModelViewSet. ``obj`` gives an object's kwargs; ``hidden_obj`` an object
    the ``hidden`` kinds may not see (another service's or network's), which they get as 404."""
    listing = {"index", "index_results", "add"}
    routes = {}
    for action in actions:
        if action in listing:
            routes[f"{namespace}:{action}"] = admin_route(allowed)
            continue
        cases = [admin_route(allowed, kwargs=obj, label="one they may see")]
        if hidden_obj is not None:
            cases.append(admin_route(allowed, hidden=hidden, kwargs=hidden_obj, label="another team's"))
        routes[f"{namespace}:{action}"] = cases
    return routes
