from tests.url_table import NOT_ALLOWED, OK, REDIRECT, Route

SIGNED_IN_OK = Route(expect={"anonymous": REDIRECT}, default=OK)

ROUTES = {
    "my-home": SIGNED_IN_OK,
    # Django's account pages, included under /accounts/.
    "login": Route(expect={}, default=OK),
    "wagtailcore_login": Route(expect={}, default=OK),
    "logout": Route(expect={"anonymous": REDIRECT}, default=NOT_ALLOWED),
    "password_change": SIGNED_IN_OK,
    "password_change_done": SIGNED_IN_OK,
    "password_reset": Route(expect={}, default=OK),
    "password_reset_done": Route(expect={}, default=OK),
    "password_reset_confirm": Route(
        expect={}, default=OK, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Route(expect={}, default=OK),
}
