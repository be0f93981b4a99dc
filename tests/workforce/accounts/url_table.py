"""Staying signed in: the timeout warning's button posts here. Signed-out visitors are sent to sign in."""

from tests.url_table import NOT_ALLOWED, REDIRECT, Route

NO_CONTENT = 204

ROUTES = {
    "workforce:session-keepalive": [
        Route(expect={"anonymous": REDIRECT}, default=NO_CONTENT, method="post", label="staying signed in"),
        Route(expect={"anonymous": REDIRECT}, default=NOT_ALLOWED, label="asked with GET"),
    ],
}
