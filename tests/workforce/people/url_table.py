from tests.url_table import FORBIDDEN, OK, REDIRECT, Route

IMPORTERS = {"anonymous": REDIRECT, "service_manager": OK, "administrator": OK}

ROUTES = {
    "workforce:staff-import": Route(expect=IMPORTERS, default=FORBIDDEN),
    "workforce:staff-import-template": [
        Route(expect=IMPORTERS, default=FORBIDDEN, kwargs=lambda world: {"file_format": "csv"}, label="csv"),
        Route(expect=IMPORTERS, default=FORBIDDEN, kwargs=lambda world: {"file_format": "xlsx"}, label="xlsx"),
    ],
}
