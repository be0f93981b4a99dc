"""The framework in the Wagtail admin: administrators (and superusers) edit drafts; a published version is
read-only, so its edit and delete pages send even them away with a message."""

from tests.competencies.framework.url_table import _draft, _shipped
from tests.url_table import REDIRECT, admin_route

ADMINISTRATORS = ("administrator",)
# Each model a version holds, with the lookup from the row to its version.
HELD = {
    "servicearea": "version",
    "careerlevel": "version",
    "role": "version",
    "roleprofile": "version",
    "competencedomain": "version",
    "competence": "version",
    "scalevalue": "version",
    "expectation": "role_profile__version",
}
READ_ONLY_ACTIONS = ("history", "history_results", "usage", "inspect")


def _first_in(model_name, which):
    """The first row of a model in the draft or the published version, as the admin's URL argument."""

    def kwargs(world):
        from django.apps import apps

        version = _draft(world) if which == "draft" else (_draft(world) and _shipped(world))
        model = apps.get_model("competencies", model_name)
        return {"pk": model.objects.filter(**{HELD[model_name]: version}).first().pk}

    return kwargs


def _version(which):
    return lambda world: {"pk": (_draft(world) if which == "draft" else _shipped(world)).pk}


def _both(kwargs_for, *, published_status=None):
    """A route for a row of the draft, and one for a row of the published version."""
    published = admin_route(ADMINISTRATORS, kwargs=kwargs_for("published"), label="published")
    if published_status is not None:
        published = admin_route(
            ADMINISTRATORS, status=published_status, kwargs=kwargs_for("published"), label="published"
        )
    return [admin_route(ADMINISTRATORS, kwargs=kwargs_for("draft"), label="draft"), published]


ROUTES = {}
for _name in HELD:
    for _action in ("index", "index_results", "add"):
        ROUTES[f"framework_{_name}:{_action}"] = admin_route(ADMINISTRATORS)
    for _action in ("edit", "delete"):
        ROUTES[f"framework_{_name}:{_action}"] = _both(
            lambda which, n=_name: _first_in(n, which), published_status=REDIRECT
        )
    for _action in READ_ONLY_ACTIONS:
        ROUTES[f"framework_{_name}:{_action}"] = _both(lambda which, n=_name: _first_in(n, which))

for _action in ("index", "index_results", "add"):
    ROUTES[f"framework_framework:{_action}"] = admin_route(ADMINISTRATORS)
for _action in ("index", "index_results"):
    ROUTES[f"framework_version:{_action}"] = admin_route(ADMINISTRATORS)
# A version is only ever made by copying one (so it holds everything), so "add" sends people to copy.
ROUTES["framework_version:add"] = admin_route(ADMINISTRATORS, status=REDIRECT)
for _action in ("edit", "delete"):
    ROUTES[f"framework_version:{_action}"] = _both(_version, published_status=REDIRECT)
for _action in READ_ONLY_ACTIONS:
    ROUTES[f"framework_version:{_action}"] = _both(_version)
ROUTES["framework_version:copy"] = admin_route(ADMINISTRATORS, kwargs=_version("published"))
ROUTES["framework_version:publish"] = admin_route(ADMINISTRATORS, kwargs=_version("draft"))

_framework = lambda world: {"pk": _shipped(world).framework.pk}  # noqa: E731
for _action in ("edit", "history", "history_results", "usage"):
    ROUTES[f"framework_framework:{_action}"] = admin_route(ADMINISTRATORS, kwargs=_framework)
# A framework with a published version cannot be deleted: the page says so, even to administrators.
ROUTES["framework_framework:delete"] = admin_route(ADMINISTRATORS, kwargs=_framework)
