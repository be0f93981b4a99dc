"""A CASE 1.1 provider: the site's published frameworks at the CASE REST paths, so that every ``uri`` in a
package we export resolves, and another system can read a framework straight from here.

Published versions are public reference material, readable without signing in; drafts and retired
versions are never served (404). Each published version's package is built once and kept in memory until
the version changes, so a client walking a package item by item costs one lookup per request.
"""

import json
import threading

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from competencies.framework import selectors
from competencies.framework.exchange import case
from workforce.common.views import require

READ = "competencies.read_published_framework"
_cache: dict[int, tuple[str, dict, dict]] = {}
_lock = threading.Lock()


def _index(package: dict) -> dict[tuple[str, str], dict]:
    found = {("CFDocuments", package["CFDocument"]["identifier"]): package["CFDocument"]}
    # The package as CASE defines it: our own extensions stay in our export file.
    found[("CFPackages", package["CFDocument"]["identifier"])] = {k: v for k, v in package.items() if k != "extensions"}
    for item in package["CFItems"]:
        found[("CFItems", item["identifier"])] = item
    for association in package["CFAssociations"]:
        found[("CFAssociations", association["identifier"])] = association
    for item_type in package["CFDefinitions"].get("CFItemTypes", []):
        found[("CFItemTypes", item_type["identifier"])] = item_type
    for rubric in package.get("CFRubrics", []):
        found[("CFRubrics", rubric["identifier"])] = rubric
        for criterion in rubric.get("CFRubricCriteria", []):
            found[("CFRubricCriteria", criterion["identifier"])] = criterion
            for level in criterion.get("CFRubricCriterionLevels", []):
                found[("CFRubricCriterionLevels", level["identifier"])] = level
    return found


def published_packages() -> list[tuple[dict, dict]]:
    """(package, index) for every published version, rebuilt only for a version that changed."""
    versions = list(selectors.published_versions())
    result = []
    with _lock:
        for version in versions:
            stamp = f"{version.published_at}:{version.status}"
            cached = _cache.get(version.pk)
            if cached is None or cached[0] != stamp:
                package = json.loads(case.export(selectors.framework_data(version)))
                cached = (stamp, package, _index(package))
                _cache[version.pk] = cached
            result.append(cached[1:])
        for pk in set(_cache) - {v.pk for v in versions}:
            del _cache[pk]
    return result


def _answer(body, status=200):
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _not_found(identifier):
    # The IMS status information a CASE consumer expects with a 404.
    return _answer(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": f"Nothing published here has the identifier {identifier}.",
            "imsx_codeMinor": {
                "imsx_codeMinorField": [
                    {"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": "unknownobject"}
                ]
            },
        },
        status=404,
    )


@login_not_required
@require_GET
def documents(request):
    require(request.user, READ)
    return _answer({"CFDocuments": [package["CFDocument"] for package, _ in published_packages()]})


def _lookup(kind):
    @login_not_required
    @require_GET
    def view(request, identifier):
        require(request.user, READ)
        for _, index in published_packages():
            found = index.get((kind, identifier))
            if found is not None:
                return _answer(found)
        return _not_found(identifier)

    view.__name__ = f"case_{kind}"
    return view


@login_not_required
@require_GET
def item_associations(request, identifier):
    require(request.user, READ)
    for package, index in published_packages():
        item = index.get(("CFItems", identifier))
        if item is not None:
            associations = [
                a
                for a in package["CFAssociations"]
                if identifier in (a["originNodeURI"].get("identifier"), a["destinationNodeURI"].get("identifier"))
            ]
            return _answer({"CFItem": item, "CFAssociations": associations})
    return _not_found(identifier)


document = _lookup("CFDocuments")
package = _lookup("CFPackages")
item = _lookup("CFItems")
association = _lookup("CFAssociations")
item_type = _lookup("CFItemTypes")
rubric = _lookup("CFRubrics")
rubric_criterion = _lookup("CFRubricCriteria")
rubric_criterion_level = _lookup("CFRubricCriterionLevels")
