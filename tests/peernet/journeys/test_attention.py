"""Home lists the peers needing attention from a narrower read than the dashboard's: ended journeys that
cannot need attention are left out in the database, and the rest are read only as far as the rule needs.
Whatever the data, the peers it finds, and what it says to do, are the dashboard's."""

import datetime

import pytest

from peernet.journeys.selectors import dashboard_peers, journey, peers_to_check_for_attention
from peernet.models import FollowUp, Peer, Stage, SupportAlert
from tests.factories.peers import active_peer
from workforce.common.dates import add_months

TODAY = datetime.date.today()


def _ended(world, name, *, months_ago, follow_ups=(), alert=False):
    peer = active_peer(
        service=world.service, coordinator=world.profile("peer_coordinator"), display_name=name, months_ago=30
    )
    ended_on = add_months(TODAY, -months_ago)
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, ended_on=ended_on, outcome="paid_ld")
    for months in follow_ups:
        FollowUp.objects.create(peer=peer, months_after=months, outcome="paid_ld", recorded_on=ended_on)
    if alert:
        SupportAlert.objects.create(peer=peer, reported_on=TODAY)
    return peer


@pytest.fixture
def peers(world):
    coordinator = world.profile("peer_coordinator")
    return {
        "current": active_peer(service=world.service, coordinator=coordinator, display_name="Current", months_ago=1),
        "overdue": active_peer(service=world.service, coordinator=coordinator, display_name="Overdue", months_ago=9),
        "long done": _ended(world, "Long done", months_ago=40, follow_ups=(3, 6)),
        "just ended": _ended(world, "Just ended", months_ago=1),
        "six due": _ended(world, "Six due", months_ago=8, follow_ups=(3,)),
        "none recorded": _ended(world, "None recorded", months_ago=24),
        "done but alert": _ended(world, "Done but alert", months_ago=40, follow_ups=(3, 6), alert=True),
    }


def _needing(peers):
    return [
        (item.peer.display_name, item.next_action)
        for item in (journey(p, TODAY) for p in peers)
        if item.needs_attention
    ]


def test_home_finds_exactly_the_peers_the_dashboard_says_need_attention(world, peers):
    user = world.user("peer_coordinator")
    sieved = list(peers_to_check_for_attention(user=user, on=TODAY))
    assert _needing(sieved) == _needing(dashboard_peers(user=user))
    names = {peer.display_name for peer in sieved}
    # Ended long ago with both follow-ups, or too recently for one to be due: left out in the database.
    assert names.isdisjoint({"Long done", "Just ended"})
    assert {"Six due", "None recorded", "Done but alert", "Current", "Overdue"} <= names
    assert {name for name, _ in _needing(sieved)} >= {"Six due", "None recorded", "Done but alert"}


def test_an_ended_journey_is_read_only_as_far_as_the_rule_needs(world, peers, django_assert_num_queries):
    sieved = {p.display_name: p for p in peers_to_check_for_attention(user=world.user("peer_coordinator"), on=TODAY)}
    with django_assert_num_queries(0):
        ended, current = sieved["None recorded"], sieved["Current"]
        assert list(ended.checks.all()) == [] and list(ended.stage_changes.all()) == []
        assert list(current.checks.all()) and list(current.stage_changes.all())
        journey(ended, TODAY), journey(current, TODAY)


@pytest.mark.parametrize(
    ("ended_on", "on"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 4, 30)),  # three months of 89 days
        (datetime.date(2025, 11, 30), datetime.date(2026, 2, 28)),  # to the end of February
        (datetime.date(2026, 2, 28), datetime.date(2026, 5, 28)),
    ],
)
def test_a_follow_up_due_on_a_short_month_end_is_still_found(world, ended_on, on):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), months_ago=30)
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, ended_on=ended_on, outcome="paid_ld")
    found = list(peers_to_check_for_attention(user=world.user("peer_coordinator"), on=on))
    assert [p.pk for p in found] == [peer.pk]
    assert journey(found[0], on).needs_attention
