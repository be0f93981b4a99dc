"""The "Adopt for my service" button is shown exactly when adopting would work."""

import pytest
from django.urls import reverse

from cms.library.choices import Visibility
from tests.factories.networks import NetworkFactory, add_member, hub_for, publish_resource
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

ADOPT_BUTTON = "Adopt for my service"


@pytest.fixture
def shared():
    network = NetworkFactory(name="North peer network")
    hub_for(network)
    return network, publish_resource(network, service=ServiceFactory(name="Moorland L&D", slug="moorland"))


def _page_and_adopt(client, user, resource):
    client.force_login(user)
    page = client.get(resource.url).content.decode()
    adopt = client.get(reverse("library:resource-adopt", args=[resource.pk]))
    return page, adopt.status_code


def test_superuser_with_no_service_is_not_offered_an_adopt_link_that_answers_404(client, shared):
    _, resource = shared
    superuser = UserFactory(is_superuser=True, is_staff=True)
    page, status = _page_and_adopt(client, superuser, resource)
    assert status == 404
    assert resource.title in page and ADOPT_BUTTON not in page


def test_superuser_with_a_service_but_no_network_is_not_offered_the_link(client, shared):
    _, resource = shared
    superuser = StaffProfileFactory(user=UserFactory(is_superuser=True, is_staff=True)).user
    page, status = _page_and_adopt(client, superuser, resource)
    assert status == 404 and ADOPT_BUTTON not in page


def test_member_whose_networks_have_no_hub_is_not_offered_the_link(client, shared):
    network, _ = shared
    resource = publish_resource(network, title="Advert for every network", visibility=Visibility.NETWORKS)
    member = StaffProfileFactory().user
    add_member(NetworkFactory(name="Network with no hub yet"), member)
    page, status = _page_and_adopt(client, member, resource)
    assert resource.title in page
    assert status == 404 and ADOPT_BUTTON not in page


def test_resources_own_service_is_not_offered_the_link(client, shared):
    network, resource = shared
    colleague = StaffProfileFactory(service=resource.service).user
    add_member(network, colleague)
    page, status = _page_and_adopt(client, colleague, resource)
    assert status == 404 and ADOPT_BUTTON not in page


def test_member_of_another_service_is_offered_the_link_and_it_works(client, shared):
    network, resource = shared
    member = StaffProfileFactory(service=ServiceFactory(name="Riverside L&D", slug="riverside")).user
    add_member(network, member)
    page, status = _page_and_adopt(client, member, resource)
    assert ADOPT_BUTTON in page and status == 200
    assert reverse("library:resource-adopt", args=[resource.pk]) in page
