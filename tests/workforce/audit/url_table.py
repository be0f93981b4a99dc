"""The audit trail: service managers (their own service's records) and Administrators; everyone else 403."""

from tests.url_table import FORBIDDEN, OK, REDIRECT, Route

SEARCHERS = {"anonymous": REDIRECT, "service_manager": OK, "administrator": OK}

ROUTES = {
    "workforce:audit-trail": Route(expect=SEARCHERS, default=FORBIDDEN),
    "workforce:audit-trail-export": [
        Route(expect=SEARCHERS, default=FORBIDDEN, kwargs=lambda world: {"file_format": "csv"}, label="csv"),
        Route(expect=SEARCHERS, default=FORBIDDEN, kwargs=lambda world: {"file_format": "xlsx"}, label="xlsx"),
    ],
}
