"""The commissioner dashboard and its downloads: commissioners and administrators for every area, a service
manager for their own service; everyone else is refused. Areas a user may not see are tested in
test_figures.py (they answer 404)."""

from tests.url_table import FORBIDDEN, OK, REDIRECT, Route

FIGURES = {"anonymous": REDIRECT, "commissioner": OK, "administrator": OK, "service_manager": OK}

ROUTES = {
    "figures:dashboard": Route(expect=FIGURES, default=FORBIDDEN),
    "figures:download-csv": Route(expect=FIGURES, default=FORBIDDEN),
    "figures:download-xlsx": Route(expect=FIGURES, default=FORBIDDEN),
}
