"""The role-by-URL table: what every kind of user gets from every route the project defines.

Each app keeps its part of the table in ``tests/<app>/url_table*.py`` as ``ROUTES``, a dict from URL name
to a ``Route`` (or a list of them, for example one for your own record and one for another team's).
``tests/test_url_permissions.py`` fails when a route has no entry, or an entry misses a kind.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.world import ALL_KINDS, World

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


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

    def expected(self, kind: str) -> int | None:
        return self.expect.get(kind, self.default)

    def missing_kinds(self) -> list[str]:
        return [kind for kind in ALL_KINDS if self.expected(kind) is None]
