"""CASE 1.1 packages from other systems, written from the specification: flat and deep trees, every
association type, several parents; identifiers kept and matched on, so a second import updates in place."""

import copy
import json

import pytest
from django.urls import reverse

from competencies.framework import services
from competencies.framework.exchange import case
from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import FileProblems
from competencies.framework.selectors import framework_data, import_preview
from competencies.models import Competence, CompetenceDomain, Framework, FrameworkVersion

pytestmark = pytest.mark.django_db

DOC = "c0ffee00-0000-4000-8000-000000000001"
TYPES = [
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
]


def _ref(identifier, title=""):
    return {"identifier": identifier, "uri": f"https://case.example.org/uri/{identifier}", "title": title}


def _item(n, code, statement, kind="Competency", **more):
    return {
        "identifier": f"item-{n}",
        "uri": f"https://case.example.org/uri/item-{n}",
        "CFDocumentURI": _ref(DOC, "Digital skills"),
        "fullStatement": statement,
        "humanCodingScheme": code,
        "CFItemType": kind,
        "CFItemTypeURI": _ref(f"type-{kind}", kind),
        "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
        **more,
    }


def _link(n, kind, origin, destination, sequence=None):
    association = {
        "identifier": f"assoc-{n}",
        "uri": f"https://case.example.org/uri/assoc-{n}",
        "associationType": kind,
        "CFDocumentURI": _ref(DOC),
        "originNodeURI": _ref(origin),
        "destinationNodeURI": _ref(destination),
        "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
    }
    if sequence is not None:
        association["sequenceNumber"] = sequence
    return association


def _document():
    return {
        "identifier": DOC,
        "uri": f"https://case.example.org/uri/{DOC}",
        "creator": "Example Education Agency",
        "title": "Digital skills",
        "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
        "adoptionStatus": "Adopted",
        "language": "en",
        "caseVersion": "1.1",
        "CFPackageURI": _ref(DOC),
    }


def deep_package() -> dict:
    items = [
        _item(1, "DS", "Digital skills for work", "Domain", notes="The whole area."),
        _item(2, "DS.1", "Use devices safely", abbreviatedStatement="Devices", educationLevel=["09", "10"]),
        _item(3, "DS.1.a", "Keep software up to date", "Domain", language="en-GB"),
        _item(4, "DS.1.a.i", "Turn on automatic updates"),
        _item(5, "DS.2", "Communicate online"),
        _item(6, "DS.3", "Communicate online (old wording)"),
    ]
    associations = [
        _link(1, "isChildOf", "item-1", DOC, 1),
        _link(2, "isChildOf", "item-2", "item-1", 1),
        _link(3, "isChildOf", "item-3", "item-2", 1),
        _link(4, "isChildOf", "item-4", "item-3", 1),
        _link(5, "isChildOf", "item-5", "item-1", 2),
        _link(6, "isChildOf", "item-6", "item-1", 3),
        _link(7, "isChildOf", "item-4", "item-5", 2),  # a second parent
        *(_link(10 + n, kind, "item-5", "item-2") for n, kind in enumerate(TYPES[1:])),
        _link(30, "replacedBy", "item-6", "item-5"),
        _link(31, "exactMatchOf", "item-2", "https://other.example.org/item/77"),
    ]
    return {
        "CFDocument": _document(),
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {"identifier": "type-Domain", "uri": "https://case.example.org/uri/type-Domain", "title": "Domain"},
                {"identifier": "type-Competency", "uri": "https://case.example.org/uri/type-C", "title": "Competency"},
            ]
        },
    }


def flat_package() -> dict:
    items = [_item(n, f"F{n}", f"Flat statement {n}") for n in range(1, 4)]
    return {
        "CFDocument": _document(),
        "CFItems": items,
        "CFAssociations": [_link(n, "isChildOf", f"item-{n}", DOC, n) for n in range(1, 4)],
    }


def _parse(package):
    return parse_upload(raw=json.dumps(package).encode(), filename="p.json", fmt="case")


def test_items_typed_domain_below_the_top_stay_in_the_tree():
    data = _parse(deep_package())
    assert [d.code for d in data.domains] == ["DS"]
    assert [(c.code, c.domain, c.parent) for c in data.competences] == [
        ("DS.1", "DS", ""),
        ("DS.1.a", "DS", "DS.1"),
        ("DS.1.a.i", "DS", "DS.1.a"),
        ("DS.2", "DS", ""),
        ("DS.3", "DS", ""),
    ]
    first = data.competences[0]
    assert (first.title, first.performance) == ("Devices", "Use devices safely")
    assert first.extra["case"]["item"]["educationLevel"] == ["09", "10"]
    assert data.competences[1].extra["case"]["item"]["CFItemType"] == "Domain"


def test_a_flat_framework_is_imported_under_one_domain_named_after_the_document():
    version = services.framework_file_import(data=_parse(flat_package()), into=None)
    assert list(CompetenceDomain.objects.filter(version=version).values_list("name", flat=True)) == ["Digital skills"]
    assert Competence.objects.filter(version=version).count() == 3
    again = json.loads(case.export(framework_data(version)))
    assert {i["identifier"] for i in again["CFItems"]} == {"item-1", "item-2", "item-3"}
    assert {a["destinationNodeURI"]["identifier"] for a in again["CFAssociations"]} == {DOC}


def test_case_to_here_to_case_keeps_identifiers_types_and_every_association():
    package = deep_package()
    version = services.framework_file_import(data=_parse(package), into=None)
    assert Framework.objects.get().identifier == DOC
    again = json.loads(case.export(framework_data(version)))
    assert again["CFDocument"]["identifier"] == DOC
    assert again["CFDocument"]["uri"] == package["CFDocument"]["uri"]
    assert again["CFDocument"]["caseVersion"] == "1.1"
    assert again["CFDocument"]["adoptionStatus"] == "Draft"  # it is a draft here, whatever it was there
    before_items = {i["identifier"]: i for i in package["CFItems"]}
    after_items = {i["identifier"]: i for i in again["CFItems"]}
    assert after_items.keys() == before_items.keys()
    for identifier, item in before_items.items():
        for key in ("uri", "fullStatement", "humanCodingScheme", "CFItemType", "lastChangeDateTime", "notes"):
            assert after_items[identifier].get(key) == item.get(key), (identifier, key)
    assert after_items["item-2"]["abbreviatedStatement"] == "Devices"
    assert after_items["item-3"]["language"] == "en-GB"
    assert sorted(map(_key, again["CFAssociations"])) == sorted(map(_key, package["CFAssociations"]))
    assert {t["title"] for t in again["CFDefinitions"]["CFItemTypes"]} >= {"Domain", "Competency"}


def _key(association):
    return (
        association["identifier"],
        association["associationType"],
        association["originNodeURI"]["identifier"],
        association["destinationNodeURI"]["identifier"],
    )


def test_a_second_import_into_the_draft_updates_in_place_matched_on_identifiers():
    version = services.framework_file_import(data=_parse(deep_package()), into=None)
    pk = Competence.objects.get(version=version, code="DS.2").pk
    changed = deep_package()
    changed["CFItems"][4]["humanCodingScheme"] = "DS.2-renamed"
    changed["CFItems"][4]["fullStatement"] = "Communicate online, safely"
    preview = import_preview(data=_parse(changed), into=version)
    competences = next(k for k in preview.kinds if k.kind == "Competences")
    assert (competences.created, competences.changed, competences.dropped) == ([], ["DS.2-renamed"], [])
    services.framework_file_import(data=_parse(changed), into=version)
    moved = Competence.objects.get(pk=pk)
    assert (moved.code, moved.performance) == ("DS.2-renamed", "Communicate online, safely")
    assert Competence.objects.filter(version=version).count() == 5


def test_a_package_that_is_imported_again_goes_into_the_same_framework():
    services.framework_file_import(data=_parse(deep_package()), into=None)
    renamed = deep_package()
    renamed["CFDocument"]["title"] = "Digital skills (2025)"
    preview = import_preview(data=_parse(renamed), into=None)
    assert preview.target.endswith("the framework with the same ID number")
    version = services.framework_file_import(data=_parse(renamed), into=None)
    assert (Framework.objects.count(), version.number) == (1, 2)


def test_our_own_export_has_spec_field_names_and_the_versions_own_dates(client):
    version = services.framework_load_shipped()[0]
    package = json.loads(case.export(framework_data(version)))
    level = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]
    assert "rubricCriterionId" in level and "criterionId" not in level
    assert package["CFDocument"]["adoptionStatus"] == "Adopted"
    stamp = version.published_at.isoformat(timespec="seconds")
    assert {i["lastChangeDateTime"] for i in package["CFItems"]} == {stamp}
    assert package["CFDocument"]["uri"].endswith(f"/ims/case/v1p1/CFDocuments/{package['CFDocument']['identifier']}")
    draft = services.framework_version_copy(version=version)
    assert json.loads(case.export(framework_data(draft)))["CFDocument"]["adoptionStatus"] == "Draft"


def test_a_loop_of_parents_is_named_by_its_items():
    package = deep_package()
    package["CFAssociations"][1]["destinationNodeURI"] = _ref("item-4")  # DS.1 under its own grandchild
    with pytest.raises(FileProblems) as refused:
        _parse(package)
    message = str(refused.value.problems[0])
    assert "children of each other in a loop: DS.1 → DS.1.a.i → DS.1.a → DS.1" in message
    assert "Remove one of the isChildOf associations" in message


def test_a_title_too_long_for_a_domain_is_refused_before_saving():
    package = deep_package()
    package["CFItems"][0]["fullStatement"] = "D" * 235
    data = _parse(package)
    assert "the name is 235 characters long, and can be at most 200" in str(
        import_preview(data=data, into=None).problems
    )
    with pytest.raises(FileProblems):
        services.framework_file_import(data=data, into=None)
    assert not FrameworkVersion.objects.exists()


def test_an_unknown_association_type_is_named():
    package = deep_package()
    package["CFAssociations"][8]["associationType"] = "isCousinOf"
    with pytest.raises(FileProblems, match="'isCousinOf' is not a CASE association type"):
        _parse(package)


def test_the_competence_shows_its_links_and_safe_descriptions(client, world):
    package = deep_package()
    package["CFItems"][4]["fullStatement"] = "<script>alert(1)</script>Communicate online"
    version = services.framework_file_import(data=_parse(package), into=None)
    services.framework_version_publish(version=version)
    client.force_login(world.user("peer_worker"))
    page = client.get(
        reverse("competencies:framework-search", kwargs={"slug": version.framework.slug}), {"q": "DS.2"}
    ).content.decode()
    assert "Linked competences" in page
    for label in ("Exact match", "Related", "Comes before", "Peer of", "Part of", "Example", "Skill level"):
        assert f'<dt class="nhsuk-summary-list__key">{label}</dt>' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def _rubric() -> dict:
    criterion = "rubric-crit-1"
    return {
        "identifier": "rubric-1",
        "uri": "https://case.example.org/uri/rubric-1",
        "title": "Digital skills proficiency",
        "description": "How well a learner does a skill.",
        "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
        "CFRubricCriteria": [
            {
                "identifier": criterion,
                "uri": f"https://case.example.org/uri/{criterion}",
                "category": "Skill",
                "description": "Skill in a digital competence",
                "position": 1,
                "rubricId": "rubric-1",
                "CFItemURI": _ref("item-2", "Use devices safely"),
                "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
                "CFRubricCriterionLevels": [
                    {
                        "identifier": f"rubric-level-{n}",
                        "uri": f"https://case.example.org/uri/rubric-level-{n}",
                        "quality": quality,
                        "description": f"{quality} at this skill.",
                        "score": n,
                        "position": n + 1,
                        "feedback": f"Feedback for {quality}",
                        "rubricCriterionId": criterion,
                        "lastChangeDateTime": "2024-03-01T10:00:00+00:00",
                    }
                    for n, quality in enumerate(("Beginning", "Developing", "Secure"))
                ],
            }
        ],
    }


def test_case_to_here_to_case_keeps_every_rubric_identifier():
    package = deep_package()
    package["CFRubrics"] = [_rubric(), {**_rubric(), "identifier": "rubric-2", "uri": "https://case.example.org/r2"}]
    version = services.framework_file_import(data=_parse(package), into=None)
    again = json.loads(case.export(framework_data(version)))
    assert [r["identifier"] for r in again["CFRubrics"]] == ["rubric-1", "rubric-2"]
    rubric, before = again["CFRubrics"][0], package["CFRubrics"][0]
    for key in ("uri", "title", "description", "lastChangeDateTime"):
        assert rubric[key] == before[key], key
    criterion, criterion_before = rubric["CFRubricCriteria"][0], before["CFRubricCriteria"][0]
    for key in ("identifier", "uri", "category", "description", "rubricId", "CFItemURI"):
        assert criterion[key] == criterion_before[key], key
    levels = criterion["CFRubricCriterionLevels"]
    for level, level_before in zip(levels, criterion_before["CFRubricCriterionLevels"], strict=True):
        for key in ("identifier", "uri", "quality", "description", "score", "feedback", "rubricCriterionId"):
            assert level[key] == level_before[key], key
        assert "criterionId" not in level
    # A second trip changes nothing.
    version_again = services.framework_file_import(data=_parse(again), into=None)
    assert json.loads(case.export(framework_data(version_again)))["CFRubrics"] == again["CFRubrics"]


def test_a_scale_from_no_rubric_exports_one_with_identifiers_that_stay_the_same():
    shipped = services.framework_load_shipped()[0]
    first = json.loads(case.export(framework_data(shipped)))
    second = json.loads(case.export(framework_data(shipped)))
    rubric = first["CFRubrics"][0]
    assert rubric == second["CFRubrics"][0]
    slug, number = shipped.framework.slug, shipped.number
    assert rubric["identifier"] == case._id(slug, "rubric", number)
    assert rubric["uri"].endswith(f"/ims/case/v1p1/CFRubrics/{rubric['identifier']}")
    criterion = rubric["CFRubricCriteria"][0]
    assert criterion["identifier"] == case._id(slug, "criterion", number)
    assert criterion["rubricId"] == rubric["identifier"]
    assert [level["identifier"] for level in criterion["CFRubricCriterionLevels"]] == [
        case._id(slug, "level", s.value) for s in sorted(framework_data(shipped).scale, key=lambda s: s.value)
    ]
    assert {level["rubricCriterionId"] for level in criterion["CFRubricCriterionLevels"]} == {criterion["identifier"]}

    # A package without a rubric, imported into a draft that has a scale, gets the draft's own rubric.
    draft = services.framework_version_copy(version=shipped)
    package = flat_package()
    services.framework_file_import(data=_parse(package), into=draft)
    exported = json.loads(case.export(framework_data(draft)))
    assert exported["CFRubrics"][0]["identifier"] == case._id(slug, "rubric", draft.number)
    assert exported["CFRubrics"] == json.loads(case.export(framework_data(draft)))["CFRubrics"]


def test_a_large_package_holds_each_repeated_reference_once_and_reads_the_same():
    document = {"title": "Framework", "identifier": "doc-1", "uri": "https://example.org/doc-1"}
    package = {
        "CFDocument": dict(document),
        "CFItems": [
            {"identifier": f"item-{n}", "CFDocumentURI": dict(document), "fullStatement": "x" * 300, "notes": None}
            for n in range(3)
        ],
        "CFAssociations": [],
    }
    before = copy.deepcopy(package)
    shared = case._shared(package)
    assert shared == before
    first, second, third = shared["CFItems"]
    assert first["CFDocumentURI"] is second["CFDocumentURI"] is third["CFDocumentURI"]
    # Long text and objects holding more than strings are left as they are.
    assert first["fullStatement"] == "x" * 300
    assert first is not second
