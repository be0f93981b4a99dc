from tests.url_table import NOT_FOUND, REDIRECT, Route

ROUTES = {
    # The load harness's floor: 404 for everyone unless LOAD_HARNESS is on (it is off here).
    "floor": Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND),
}
