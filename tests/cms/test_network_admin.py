import pytest
from django.urls import reverse

from peernet.models import Network
from tests.factories.workforce import RegionFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_sets_up_a_network_with_its_own_editors_group_and_collection(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    region, service = RegionFactory(), ServiceFactory()
    client.force_login(admin)
    response = client.post(reverse("networks:add"), {
        "name": "East peer network", "region": region.pk, "summary": "Peer workers in the east.",
        "services": [service.pk], "active": "on",
    })
    assert response.status_code == 302
    network = Network.objects.get(name="East peer network")
    assert network.editors_group.name == "Network editors: East peer network"
    assert network.collection.name == "East peer network"
    assert list(network.services.all()) == [service]
    assert network.editors_group.collection_permissions.filter(collection=network.collection).count() == 3
