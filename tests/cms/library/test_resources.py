"""Finding and adopting shared resources."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.library import selectors, services
from cms.library.resource import ResourcePage, ResourceType, Visibility
from tests.factories.competencies import RoleProfileFactory
from tests.factories.networks import NetworkFactory, add_member, hub_for, network_document, publish_resource
from tests.factories.workforce import RegionFactory, ServiceFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    network = NetworkFactory(name="North peer network")
    hub_for(network)
    user = StaffProfileFactory(service=ServiceFactory(name="Riverside L&D", slug="riverside")).user
    add_member(network, user)
    return user


def test_search_finds_by_words_in_title_summary_and_tags(client, member):
    network = member.network_memberships.get().network
    publish_resource(
        network,
        title="Volunteer induction pack",
        resource_type=ResourceType.INDUCTION_PACK,
        summary="Our first week for new peer volunteers.",
        tags=["induction"],
    )
    publish_resource(
        network,
        title="Advert for a peer support worker",
        resource_type=ResourceType.ADVERT,
        summary="Where we advertised and what worked.",
        tags=["recruitment"],
    )
    client.force_login(member)
    text = client.get(reverse("library:resource-list"), {"q": "induction"}).content.decode()
    assert "Volunteer induction pack" in text and "Advert for a peer" not in text
    text = client.get(reverse("library:resource-list"), {"q": "advertised"}).content.decode()
    assert "Advert for a peer" in text and "Volunteer induction" not in text


def test_filters_by_type_role_profile_and_region(member):
    network = member.network_memberships.get().network
    profile = RoleProfileFactory(title="Peer support worker")
    other_region = NetworkFactory(region=RegionFactory(code="ZZ9", name="Far test region"))
    hub_for(other_region)
    add_member(other_region, member)
    publish_resource(network, title="A", role_profile=profile)
    publish_resource(network, title="B", resource_type=ResourceType.PODCAST, summary="Episode one of our podcast.")
    publish_resource(other_region, title="C")

    def titles(**filters):
        return sorted(r.title for r in selectors.resource_search(user=member, **filters))

    assert titles(role_profile=profile) == ["A"]
    assert titles(resource_type=ResourceType.PODCAST) == ["B"]
    assert titles(region=other_region.region) == ["C"]
    assert titles(region=network.region, query="description") == ["A"]


def test_people_outside_a_network_do_not_find_its_private_resources(client, member):
    network = member.network_memberships.get().network
    publish_resource(network, title="Private job description")
    publish_resource(network, title="Public podcast", visibility=Visibility.PUBLIC, resource_type=ResourceType.PODCAST)
    text = client.get(reverse("library:resource-list")).content.decode()
    assert "Public podcast" in text and "Private job description" not in text
    text = client.get(reverse("library:resource-list"), {"q": "job description"}).content.decode()
    assert "Private job description" not in text


@pytest.mark.parametrize("query", ["", "job"])
def test_resource_list_query_count_does_not_grow_with_resources(client, member, django_assert_max_num_queries, query):
    network = member.network_memberships.get().network
    client.force_login(member)
    publish_resource(network, tags=["jobs"])
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("library:resource-list"), {"q": query})
    for number in range(12):
        publish_resource(
            network, title=f"Job description {number}", tags=["jobs", f"tag{number}"], role_profile=RoleProfileFactory()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("library:resource-list"), {"q": query})
    assert response.content.decode().count('class="nhsuk-card__link"') == 13


def test_member_adopts_a_resource_into_their_services_library_with_a_link_back(client, member, settings):
    network = member.network_memberships.get().network
    original = publish_resource(
        network,
        title="Interview questions for volunteers",
        service=ServiceFactory(name="Moorland L&D", slug="moorland"),
        resource_type=ResourceType.INTERVIEW_QUESTIONS,
        documents=[network_document(network)],
    )
    client.force_login(member)
    response = client.post(reverse("library:resource-adopt", args=[original.pk]), {"network": network.pk}, follow=True)
    copy = ResourcePage.objects.get(adopted_from=original)
    assert copy.service.name == "Riverside L&D" and copy.live and copy.network == network
    assert copy.attachments.count() == 1
    text = response.content.decode()
    assert "Adopted from" in text and "Moorland L&amp;D" in text
    assert "Riverside L&amp;D" in client.get(original.url).content.decode()
    assert [r.adoption_count for r in selectors.resource_search(user=member) if r.pk == original.pk] == [1]
    library = client.get(reverse("library:service-library")).content.decode()
    assert "Interview questions for volunteers" in library


def test_a_service_adopts_a_resource_once(member):
    network = member.network_memberships.get().network
    original = publish_resource(network)
    services.resource_adopt(resource=original, user=member, network=network)
    with pytest.raises(ValidationError, match="already adopted"):
        services.resource_adopt(resource=original, user=member, network=network)


def test_cannot_adopt_what_you_cannot_see(client, member):
    hidden = publish_resource(NetworkFactory(name="Elsewhere"))
    client.force_login(member)
    assert client.post(reverse("library:resource-adopt", args=[hidden.pk])).status_code == 404


def test_hub_page_query_count_does_not_grow_with_resources(client, member, django_assert_max_num_queries):
    network = member.network_memberships.get().network
    hub = network.hub_page
    client.force_login(member)
    publish_resource(network, tags=["jobs"])
    client.get(hub.url)
    with django_assert_max_num_queries(18) as few:
        client.get(hub.url)
    for number in range(8):
        publish_resource(network, title=f"Guide {number}", tags=[f"tag{number}"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(hub.url)
    assert response.content.decode().count('class="nhsuk-card__link"') == 9
