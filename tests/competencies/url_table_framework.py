"""The framework's pages: anyone signed in may read them; exchange pages are for administrators."""

from tests.url_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Route


def _shipped(world):
    from competencies.services.framework import framework_load_shipped

    return world.once("shipped-framework", lambda: framework_load_shipped()[0])


def _slug(world):
    return {"slug": _shipped(world).framework.slug}


SIGNED_IN = Route(expect={"anonymous": REDIRECT}, default=OK, kwargs=_slug)

ROUTES = {
    "competencies:framework": Route(expect={"anonymous": REDIRECT}, default=REDIRECT,
                                    kwargs=lambda world: _shipped(world) and {}),
    "competencies:framework-ladder": [
        SIGNED_IN,
        Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND, kwargs=lambda world: {"slug": "no-such-framework"},
              label="unknown framework"),
    ],
    "competencies:framework-profile": [
        Route(expect={"anonymous": REDIRECT}, default=OK,
              kwargs=lambda world: {**_slug(world), "code": "practitioner"}),
        Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND,
              kwargs=lambda world: {**_slug(world), "code": "no-such-profile"}, label="unknown profile"),
    ],
    "competencies:framework-compare": SIGNED_IN,
    "competencies:framework-search": SIGNED_IN,
}


def _draft(world):
    from competencies.services.framework import framework_version_copy

    return world.once("draft-framework", lambda: framework_version_copy(version=_shipped(world)))


ADMIN_ONLY = {"administrator": OK}
# Wagtail's admin sends anyone without access, or without the model permission, away with a redirect.
ADMIN_MODELS = ["servicearea", "careerlevel", "role", "roleprofile", "competencedomain", "competence",
                "scalevalue", "expectation"]


def _first_in(model_name, which):
    """The first row of a model in the draft or the published version, as the admin's URL argument."""

    def kwargs(world):
        from django.apps import apps

        version = _draft(world) if which == "draft" else (_draft(world) and _shipped(world))
        model = apps.get_model("competencies", model_name)
        field = "role_profile__version" if model_name == "expectation" else "version"
        return {"pk": model.objects.filter(**{field: version}).first().pk}

    return kwargs


for _name in ADMIN_MODELS:
    ROUTES[f"framework_{_name}:index"] = Route(expect=ADMIN_ONLY, default=REDIRECT)
    ROUTES[f"framework_{_name}:index_results"] = Route(expect=ADMIN_ONLY, default=REDIRECT)
    for _action in ("edit", "delete"):
        ROUTES[f"framework_{_name}:{_action}"] = [
            Route(expect=ADMIN_ONLY, default=REDIRECT, kwargs=_first_in(_name, "draft"), label="in a draft"),
            Route(expect={}, default=REDIRECT, kwargs=_first_in(_name, "published"), label="in a published version"),
        ]

ROUTES.update({
    "framework_version:index": Route(expect=ADMIN_ONLY, default=REDIRECT),
    "framework_version:index_results": Route(expect=ADMIN_ONLY, default=REDIRECT),
    "framework_version:edit": [
        Route(expect=ADMIN_ONLY, default=REDIRECT, kwargs=lambda world: {"pk": _draft(world).pk}, label="draft"),
        Route(expect={}, default=REDIRECT, kwargs=lambda world: {"pk": _shipped(world).pk}, label="published"),
    ],
    "framework_version:delete": [
        Route(expect=ADMIN_ONLY, default=REDIRECT, kwargs=lambda world: {"pk": _draft(world).pk}, label="draft"),
        Route(expect={}, default=REDIRECT, kwargs=lambda world: {"pk": _shipped(world).pk}, label="published"),
    ],
    "framework_version:copy": Route(expect=ADMIN_ONLY, default=REDIRECT,
                                    kwargs=lambda world: {"pk": _shipped(world).pk}),
    "framework_version:publish": Route(expect=ADMIN_ONLY, default=REDIRECT,
                                       kwargs=lambda world: {"pk": _draft(world).pk}),
})

ROUTES.update({
    "competencies:framework-exchange": Route(expect={"anonymous": REDIRECT}, default=OK),
    "competencies:framework-export": [
        Route(expect={"anonymous": REDIRECT}, default=OK,
              kwargs=lambda world, fmt=fmt: {"pk": _shipped(world).pk, "fmt": fmt}, label=fmt)
        for fmt in ("xlsx", "csv", "moodle", "case", "native")
    ] + [
        Route(expect={"anonymous": REDIRECT, "administrator": OK}, default=NOT_FOUND,
              kwargs=lambda world: {"pk": _draft(world).pk, "fmt": "case"}, label="a draft"),
        Route(expect={"anonymous": REDIRECT}, default=NOT_FOUND,
              kwargs=lambda world: {"pk": _shipped(world).pk, "fmt": "pdf"}, label="unknown format"),
    ],
    "competencies:framework-template": Route(expect={"anonymous": REDIRECT}, default=OK,
                                             kwargs=lambda world: {"pk": _shipped(world).pk, "fmt": "xlsx"}),
    # Posting nothing: administrators get the form back with its errors, everyone else is refused.
    "competencies:framework-import": Route(expect={"anonymous": REDIRECT, "administrator": 400}, default=FORBIDDEN,
                                           method="post"),
    "competencies:framework-import-confirm": Route(expect={"anonymous": REDIRECT, "administrator": REDIRECT},
                                                   default=FORBIDDEN, method="post"),
})

# A framework with a published version is refused (redirect with a message) even for administrators.
ROUTES["framework_framework:delete"] = Route(expect=ADMIN_ONLY, default=REDIRECT,
                                             kwargs=lambda world: {"pk": _shipped(world).framework.pk})
