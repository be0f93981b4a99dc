"""Pages go gzipped to clients that accept it, and streamed files still arrive whole."""

import gzip

import pytest
from django.urls import reverse

from cms.library.resource import Visibility
from competencies.framework.services import framework_load_shipped
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    NetworkFactory,
    disk_media,
    network_document,
    publish_resource,
)

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def profile_url(db):
    version = framework_load_shipped()[0]
    return reverse("competencies:framework-profile", kwargs={"slug": version.framework.slug, "code": "practitioner"})


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.user("staff_member"))
    return client


def test_a_large_page_goes_over_the_wire_gzipped_at_a_fraction_of_its_size(
    signed_in, profile_url, django_assert_max_num_queries
):
    plain = signed_in.get(profile_url)
    with django_assert_max_num_queries(20):
        zipped = signed_in.get(profile_url, **GZIP)

    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content)
    assert len(plain.content) > 30_000, "the role profile is a large page"
    assert len(zipped.content) < len(plain.content) / 5
    page = gzip.decompress(zipped.content).decode()
    assert "Identifying and screening in custody and court" in page
    # The page's own headers survive compression: its nonce, and no caching of a signed-in page.
    assert zipped["Content-Security-Policy"].count("'nonce-") == 1
    assert zipped["Cache-Control"] == "no-store, private"


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(signed_in, profile_url):
    response = signed_in.get(profile_url)

    assert not response.has_header("Content-Encoding")
    assert "Identifying and screening in custody and court" in response.content.decode()


@pytest.mark.usefixtures("disk_media")
def test_a_streamed_document_arrives_whole_when_gzipped(client):
    network = NetworkFactory(name="North peer network")
    content = b"%PDF-1.4 " + b"job description line\n" * 5000
    document = network_document(network, content=content)
    publish_resource(network, documents=[document], visibility=Visibility.PUBLIC)

    response = client.get(document.url, **GZIP)

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    received = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    assert received == content
    assert "job-description.pdf" in response["Content-Disposition"]
