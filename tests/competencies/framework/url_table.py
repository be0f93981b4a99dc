"""The framework's pages: anyone signed in may read them; exchange pages are for administrators."""

from tests.url_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Route


def _shipped(world):
    from competencies.framework.services import framework_load_shipped

    return world.once("shipped-framework", lambda: framework_load_shipped()[0])


def _slug(world):
    return {"slug": _shipped(world).framework.slug}


SIGNED_IN = Route(expect={"anonymous": REDIRECT}, default=OK, kwargs=_slug)

ROUTES = {
    "competencies:framework": Route(
        expect={"anonymous": REDIRECT}, default=REDIRECT, kwargs=lambda world: _shipped(world) and {}
    ),
    "competencies:framework-ladder": [
        SIGNED_IN,
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            kwargs=lambda world: {"slug": "no-such-framework"},
            label="unknown framework",
        ),
    ],
    "competencies:framework-profile": [
        Route(
            expect={"anonymous": REDIRECT}, default=OK, kwargs=lambda world: {**_slug(world), "code": "practitioner"}
        ),
        Route(
            expect={"anonymous": REDIRECT},
            default=NOT_FOUND,
            kwargs=lambda world: {**_slug(world), "code": "no-such-profile"},
            label="unknown profile",
        ),
    ],
    "competencies:framework-compare": SIGNED_IN,
    "competencies:framework-search": SIGNED_IN,
}


def _revised(world):
    """A framework of its own with one version retired (returned) and the next published."""

    def make():
        from tests.factories.assessments import revise, small_framework

        first = small_framework()
        revise(first)
        first.version.refresh_from_db()
        return first.version

    return world.once("revised-framework", make)


def _retired(world, ahead=0, **more):
    version = _revised(world)
    return {"slug": version.framework.slug, "number": version.number + ahead, **more}


ROUTES.update(
    {
        "competencies:framework-versions": [
            Route(
                expect={"anonymous": REDIRECT},
                default=OK,
                kwargs=lambda world: {"slug": _revised(world).framework.slug},
            ),
            Route(
                expect={"anonymous": REDIRECT},
                default=NOT_FOUND,
                kwargs=lambda world: {"slug": "no-such-framework"},
                label="unknown framework",
            ),
        ],
        "competencies:framework-version": [
            Route(expect={"anonymous": REDIRECT}, default=OK, kwargs=_retired, label="retired"),
            Route(
                expect={"anonymous": REDIRECT},
                default=REDIRECT,
                kwargs=lambda world: _retired(world, ahead=1),
                label="the published one goes to the current page",
            ),
            Route(
                expect={"anonymous": REDIRECT},
                default=NOT_FOUND,
                kwargs=lambda world: _retired(world, ahead=50),
                label="no such version",
            ),
        ],
        "competencies:framework-version-profile": [
            Route(
                expect={"anonymous": REDIRECT},
                default=OK,
                kwargs=lambda world: _retired(world, code="practitioner"),
                label="retired",
            ),
            Route(
                expect={"anonymous": REDIRECT},
                default=NOT_FOUND,
                kwargs=lambda world: _retired(world, code="no-such-profile"),
                label="unknown profile",
            ),
        ],
    }
)


def _draft(world):
    from competencies.framework.services import framework_version_copy

    return world.once("draft-framework", lambda: framework_version_copy(version=_shipped(world)))


ROUTES.update(
    {
        "competencies:framework-exchange": Route(expect={"anonymous": REDIRECT}, default=OK),
        "competencies:framework-export": [
            Route(
                expect={"anonymous": REDIRECT},
                default=OK,
                kwargs=lambda world, fmt=fmt: {"pk": _shipped(world).pk, "fmt": fmt},
                label=fmt,
            )
            for fmt in ("xlsx", "csv", "moodle", "case", "native")
        ]
        + [
            Route(
                expect={"anonymous": REDIRECT, "administrator": OK},
                default=NOT_FOUND,
                kwargs=lambda world: {"pk": _draft(world).pk, "fmt": "case"},
                label="a draft",
            ),
            Route(
                expect={"anonymous": REDIRECT},
                default=NOT_FOUND,
                kwargs=lambda world: {"pk": _shipped(world).pk, "fmt": "pdf"},
                label="unknown format",
            ),
        ],
        "competencies:framework-template": Route(
            expect={"anonymous": REDIRECT}, default=OK, kwargs=lambda world: {"pk": _shipped(world).pk, "fmt": "xlsx"}
        ),
        # Posting nothing: administrators get the form back with its errors, everyone else is refused.
        "competencies:framework-import": Route(
            expect={"anonymous": REDIRECT, "administrator": 400}, default=FORBIDDEN, method="post"
        ),
        "competencies:framework-import-confirm": Route(
            expect={"anonymous": REDIRECT, "administrator": REDIRECT}, default=FORBIDDEN, method="post"
        ),
        # With no file waiting for its columns, administrators are sent back to choose one.
        "competencies:framework-import-columns": Route(
            expect={"anonymous": REDIRECT, "administrator": REDIRECT}, default=FORBIDDEN, method="post"
        ),
    }
)
