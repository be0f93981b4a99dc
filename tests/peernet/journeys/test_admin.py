import datetime

from django.urls import reverse

from peernet.models import CaseAllocation
from tests.factories.peers import active_peer


def _post(client, peer, risk):
    return client.post(
        reverse("case-allocations:add"),
        {
            "peer": peer.pk,
            "case_reference": "CUS-77",
            "setting": "custody",
            "risk": risk,
            "allocated_on": datetime.date.today().isoformat(),
        },
    )


def test_admin_refuses_a_high_risk_case_for_a_volunteer(client, world):
    client.force_login(world.user("superuser"))
    peer = active_peer(service=world.service)
    response = _post(client, peer, "high")
    assert response.status_code == 200
    assert "Volunteers only take low-risk cases" in response.content.decode()
    assert not CaseAllocation.objects.exists()


def test_admin_allows_a_high_risk_case_for_a_paid_peer(client, world):
    client.force_login(world.user("superuser"))
    peer = active_peer(service=world.service, paid=True)
    assert _post(client, peer, "high").status_code == 302
    assert CaseAllocation.objects.get().peer == peer
