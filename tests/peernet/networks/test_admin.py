import pytest
from django.urls import reverse

from peernet.models import Network
from tests.factories.workforce import RegionFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_sets_up_a_network_with_its_own_editors_group_and_collection(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    region, service = RegionFactory(), ServiceFactory()
    client.force_login(admin)
    response = client.post(
        reverse("networks:add"),
        {
            "name": "East peer network",
            "region": region.pk,
            "summary": "Peer workers in the east.",
            "services": [service.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    network = Network.objects.get(name="East peer network")
    assert network.editors_group.name == "Network editors: East peer network"
    assert network.collection.name == "East peer network"
    assert list(network.services.all()) == [service]
    assert network.editors_group.collection_permissions.filter(collection=network.collection).count() == 3


def test_administrator_starts_a_hub_in_wagtail_and_its_coordinators_get_the_rights(client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from cms.models import HomePage, NetworkHubPage
    from tests.factories.networks import NetworkFactory, add_member

    network = NetworkFactory(name="East peer network")
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    home = HomePage.objects.get()
    response = client.post(
        f"/admin/pages/add/cms/networkhubpage/{home.pk}/",
        nested_form_data(
            {
                "title": "East peer network",
                "slug": "east-peer-network",
                "network": network.pk,
                "introduction": "Welcome",
                "body": streamfield([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    hub = NetworkHubPage.objects.get()
    assert hub.permissions_for_user(coordinator).can_edit()
    assert hub.permissions_for_user(coordinator).can_add_subpage()


def test_coordinator_cannot_move_their_hub_to_another_network(client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from cms.models import NetworkHubPage
    from tests.factories.networks import NetworkFactory, add_member, hub_for

    network, other = NetworkFactory(), NetworkFactory()
    hub = hub_for(network)
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/pages/{hub.pk}/edit/",
        nested_form_data(
            {
                "title": "Renamed hub",
                "slug": hub.slug,
                "network": other.pk,
                "introduction": "Hello",
                "body": streamfield([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    hub = NetworkHubPage.objects.get(pk=hub.pk)
    assert hub.title == "Renamed hub" and hub.network == network
