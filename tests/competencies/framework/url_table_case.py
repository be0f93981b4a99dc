"""The CASE provider: published frameworks for anyone, signed in or not; drafts for nobody (404)."""

import json

from tests.url_table import NOT_FOUND, OK, Route


def _published_package(world):
    from competencies.framework.exchange import case
    from competencies.framework.selectors import framework_data
    from competencies.framework.services import framework_load_shipped

    def build():
        return json.loads(case.export(framework_data(framework_load_shipped()[0])))

    return world.once("shipped-case-package", build)


def _draft_package(world):
    from competencies.framework.exchange import case
    from competencies.framework.selectors import framework_data
    from competencies.framework.services import framework_load_shipped, framework_version_copy

    def build():
        draft = world.once("draft-framework", lambda: framework_version_copy(version=framework_load_shipped()[0]))
        return json.loads(case.export(framework_data(draft)))

    return world.once("draft-case-package", build)


def _first(package, kind):
    return {
        "document": lambda p: p["CFDocument"]["identifier"],
        "package": lambda p: p["CFDocument"]["identifier"],
        "item": lambda p: p["CFItems"][0]["identifier"],
        "item-associations": lambda p: p["CFItems"][-1]["identifier"],
        "association": lambda p: p["CFAssociations"][0]["identifier"],
        "item-type": lambda p: p["CFDefinitions"]["CFItemTypes"][0]["identifier"],
        "rubric": lambda p: p["CFRubrics"][0]["identifier"],
        "rubric-criterion": lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0]["identifier"],
        "rubric-criterion-level": lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0][
            "identifier"
        ],
    }[kind](package)


def _routes(kind):
    # Items, associations and types keep their identifiers from version to version (CASE asks that), so
    # only what is one version's alone (its document, package and rubric) can be asked for as a draft.
    draft = (
        []
        if kind not in ("document", "package", "rubric", "rubric-criterion")
        else [
            Route(
                expect={},
                default=NOT_FOUND,
                kwargs=lambda world, kind=kind: {"identifier": _first(_draft_package(world), kind)},
                label="a draft",
            )
        ]
    )
    return [
        Route(
            expect={"anonymous": OK},
            default=OK,
            kwargs=lambda world, kind=kind: {"identifier": _first(_published_package(world), kind)},
            label="published",
        ),
        *draft,
    ]


ROUTES = {
    "case:documents": Route(
        expect={"anonymous": OK}, default=OK, kwargs=lambda world: _published_package(world) and {}
    ),
    **{
        f"case:{kind}": _routes(kind)
        for kind in (
            "document",
            "package",
            "item",
            "item-associations",
            "association",
            "item-type",
            "rubric",
            "rubric-criterion",
            "rubric-criterion-level",
        )
    },
}
