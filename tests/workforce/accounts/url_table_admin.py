"""Sign-in lockouts and two-step sign-in resets in the Wagtail admin: administrators see and remove them;
nobody makes or edits one there, superusers included. Administrators never see a superuser's app."""

from axes.models import AccessAttempt

from tests.two_step import authenticator_for
from tests.url_table import REDIRECT, admin_route

ADMINISTRATORS = ("administrator",)
NOBODY = REDIRECT  # Wagtail's "you may not": back to the admin's home page


def lockout(world):
    return world.once(
        "lockout",
        lambda: AccessAttempt.objects.create(
            username="someone@example.org", ip_address="192.0.2.1", user_agent="test", failures_since_start=5
        ),
    )


def staff_app(world):
    return world.once("staff-app", lambda: authenticator_for(world.user("staff_member")))


def superuser_app(world):
    return world.once("superuser-app", lambda: authenticator_for(world.user("superuser")))


def _object_routes(namespace, obj, *, allowed=ADMINISTRATORS, hidden_obj=None, actions=()):
    routes = {}
    for action, status in actions:
        cases = [admin_route(allowed, kwargs=lambda world, obj=obj: {"pk": obj(world).pk}, label="one", status=status)]
        if hidden_obj is not None:
            cases.append(
                admin_route(
                    allowed,
                    hidden=ADMINISTRATORS,
                    kwargs=lambda world: {"pk": hidden_obj(world).pk},
                    label="a superuser's",
                    status=status,
                )
            )
        routes[f"{namespace}:{action}"] = cases
    return routes


def _never(namespace, actions, obj):
    """Add, edit and "where it is used": refused to everyone, superusers too (they need the change right)."""
    routes = {}
    for action in actions:
        kwargs = None if action == "add" else (lambda world, obj=obj: {"pk": obj(world).pk})
        routes[f"{namespace}:{action}"] = admin_route((), kwargs=kwargs, superuser=NOBODY)
    return routes


ROUTES = {
    "workforce_sign_in_lockouts:index": admin_route(ADMINISTRATORS),
    "workforce_sign_in_lockouts:index_results": admin_route(ADMINISTRATORS),
    **_never("workforce_sign_in_lockouts", ("add", "edit", "usage"), lockout),
    **_object_routes(
        "workforce_sign_in_lockouts",
        lockout,
        actions=(("delete", 200), ("inspect", 200), ("history", 200), ("history_results", 200)),
    ),
    "workforce_two_step:index": admin_route(ADMINISTRATORS),
    "workforce_two_step:index_results": admin_route(ADMINISTRATORS),
    **_never("workforce_two_step", ("add", "edit", "usage"), staff_app),
    **_object_routes(
        "workforce_two_step",
        staff_app,
        hidden_obj=superuser_app,
        actions=(("delete", 200), ("history", 200), ("history_results", 200)),
    ),
}
