"""The CASE provider: a client that knows only a document's URI walks the whole package, signed out."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from competencies.framework import services
from competencies.framework.exchange import case
from competencies.framework.selectors import framework_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    return services.framework_load_shipped()[0]


def _get(client, uri):
    response = client.get(urlsplit(uri).path)
    assert response.status_code == 200, uri
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_a_signed_out_client_walks_a_package_from_its_document_uri(client, shipped):
    listing = _get(client, reverse("case:documents"))["CFDocuments"]
    assert [d["title"] for d in listing] == [shipped.framework.name]
    document = _get(client, listing[0]["uri"])
    package = _get(client, document["CFPackageURI"]["uri"])
    assert package["CFDocument"]["identifier"] == document["identifier"]
    assert len(package["CFItems"]) == 8 + 53
    for item in package["CFItems"]:
        assert _get(client, item["uri"])["identifier"] == item["identifier"]
        assert _get(client, item["CFItemTypeURI"]["uri"])["title"] == item["CFItemType"]
    for association in package["CFAssociations"]:
        assert _get(client, association["uri"])["associationType"] == association["associationType"]
        for end in ("originNodeURI", "destinationNodeURI"):
            assert _get(client, association[end]["uri"])["identifier"] == association[end]["identifier"]
    rubric = package["CFRubrics"][0]
    assert _get(client, rubric["uri"])["identifier"] == rubric["identifier"]
    for level in rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]:
        assert _get(client, level["uri"])["quality"] == level["quality"]
    item = package["CFItems"][-1]["identifier"]
    linked = _get(client, reverse("case:item-associations", kwargs={"identifier": item}))
    assert linked["CFItem"]["identifier"] == item and linked["CFAssociations"]


def test_a_draft_is_never_served(client, shipped):
    draft = services.framework_version_copy(version=shipped)
    services.framework_version_copy(version=shipped)
    package = json.loads(case.export(framework_data(draft)))
    identifier = package["CFDocument"]["identifier"]
    assert client.get(reverse("case:document", kwargs={"identifier": identifier})).status_code == 404
    response = client.get(reverse("case:package", kwargs={"identifier": identifier}))
    assert response.status_code == 404 and json.loads(response.content)["imsx_codeMajor"] == "failure"
    assert [d["title"] for d in json.loads(client.get(reverse("case:documents")).content)["CFDocuments"]] == [
        shipped.framework.name
    ]


def test_walking_a_package_costs_few_queries(client, shipped, django_assert_max_num_queries):
    identifier = json.loads(case.export(framework_data(shipped)))["CFItems"][5]["identifier"]
    url = reverse("case:item", kwargs={"identifier": identifier})
    client.get(url)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
