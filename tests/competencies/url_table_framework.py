"""The framework's pages: anyone signed in may read them; exchange pages are for administrators."""

from tests.url_table import NOT_FOUND, OK, REDIRECT, Route


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
