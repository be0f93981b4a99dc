from tests.url_table import OK, Route

ROUTES = {
    # Load balancers and uptime checks ask without signing in; it names no one.
    "health": Route(expect={}, default=OK),
}
