"""The audit trail: service managers (their own service's records) and Administrators; everyone else 403."""

from tests.url_table import FORBIDDEN, NOT_ALLOWED, OK, REDIRECT, Route

SEARCHERS = {"anonymous": REDIRECT, "service_manager": OK, "administrator": OK}

ROUTES = {
    "workforce:audit-trail": Route(expect=SEARCHERS, default=FORBIDDEN),
    "workforce:audit-trail-export": [
        Route(expect=SEARCHERS, default=FORBIDDEN, kwargs=lambda world: {"file_format": "csv"}, label="csv"),
        # The spreadsheet is asked for with a form and made in the background: searchers go to its progress.
        Route(
            expect={"anonymous": REDIRECT, "service_manager": REDIRECT, "administrator": REDIRECT},
            default=FORBIDDEN,
            kwargs=lambda world: {"file_format": "xlsx"},
            method="post",
            label="xlsx asked for",
        ),
        Route(
            expect={"anonymous": REDIRECT, "service_manager": NOT_ALLOWED, "administrator": NOT_ALLOWED},
            default=FORBIDDEN,
            kwargs=lambda world: {"file_format": "xlsx"},
            label="xlsx opened as a link",
        ),
    ],
}
