"""Every page a peer sees reads at grade 6 or below (Flesch–Kincaid), the NHS.UK target for these readers.

Each page is rendered as the peer sees it at different points of their journey, and its visible main text is
scored by ``tests/readability.py``. A failure names the hardest lines to rewrite."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from peernet.journeys import services
from peernet.models import Peer, Stage
from tests.factories.peers import PeerFactory, active_peer
from tests.readability import hardest_blocks, page_grade, prose_grade
from workforce.common.dates import add_months

TODAY = datetime.date.today()
TARGET = 6


def _active(world, **kwargs):
    peer = active_peer(
        service=world.service,
        coordinator=world.profile("peer_coordinator"),
        user=world.user("peer_worker"),
        display_name="Alex G",
        **kwargs,
    )
    services.milestone_record(peer=peer, milestone="review_3", done_on=add_months(peer.start_date, 3), by=None)
    services.supervision_record(
        peer=peer,
        held_on=TODAY - datetime.timedelta(days=3),
        supervisor=peer.coordinator,
        wellbeing="good",
        notes="Going well at court.",
        actions="Book the safeguarding refresher\nShadow a court session",
        next_due_on=TODAY + datetime.timedelta(days=25),
    )
    services.training_record(peer=peer, course="safeguarding", started_on=peer.start_date, completed_on=TODAY)
    log = services.hours_log(peer=peer, worked_on=TODAY, activity="court", hours=Decimal("2.5"))
    services.hours_decide(log=log, approve=True, by=None)
    services.hours_log(peer=peer, worked_on=TODAY, activity="custody", hours=Decimal("1"))
    return peer


def _waiting_for_checks(world):
    peer = PeerFactory(
        service=world.service,
        coordinator=world.profile("peer_coordinator"),
        user=world.user("peer_worker"),
        display_name="Jamie F",
        stage=Stage.CHECKS,
    )
    services.check_record(peer=peer, kind="dbs", completed_on=TODAY, by=None)
    return peer


def _ended(world):
    peer = _active(world, months_ago=14)
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, ended_on=TODAY, outcome="paid_ld")
    return peer


def _paid(world):
    return _active(world, months_ago=5, paid=True)


JOURNEYS = {"active volunteer": _active, "waiting for checks": _waiting_for_checks, "ended": _ended, "paid": _paid}


def _assert_plain(html: str, what: str):
    grade, prose = page_grade(html), prose_grade(html)
    worst = "\n".join(f"  {score:5.1f}  {text}" for score, text in hardest_blocks(html))
    assert grade <= TARGET, f"{what} reads at grade {grade:.1f}; the hardest lines:\n{worst}"
    worst = "\n".join(f"  {score:5.1f}  {text}" for score, text in hardest_blocks(html, sentences_only=True))
    assert prose <= TARGET, f"{what}'s sentences read at grade {prose:.1f}; the hardest:\n{worst}"


@pytest.mark.parametrize("journey", JOURNEYS)
def test_my_journey_reads_at_grade_six_or_below(client, world, journey):
    JOURNEYS[journey](world)
    client.force_login(world.user("peer_worker"))
    response = client.get(reverse("peernet:my_journey"))
    assert response.status_code == 200
    _assert_plain(response.content.decode(), f"My journey ({journey})")


@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_peers_own_record_reads_at_grade_six_or_below(client, world, journey):
    peer = JOURNEYS[journey](world)
    client.force_login(world.user("peer_worker"))
    response = client.get(reverse("peernet:peer_detail", args=[peer.pk]))
    assert response.status_code == 200
    _assert_plain(response.content.decode(), f"The peer's record ({journey})")


def test_checking_in_reads_at_grade_six_or_below(client, world):
    _active(world)
    client.force_login(world.user("peer_worker"))
    _assert_plain(client.get(reverse("peernet:my_check_in")).content.decode(), "How are you?")
    refused = client.post(reverse("peernet:my_check_in"), {}).content.decode()
    _assert_plain(refused, "How are you?, refused")


def test_logging_hours_reads_at_grade_six_or_below(client, world):
    _active(world)
    client.force_login(world.user("peer_worker"))
    page = client.get(reverse("peernet:my_hours_log")).content.decode()
    _assert_plain(page, "Log your hours")
    refused = client.post(
        reverse("peernet:my_hours_log"),
        {"worked_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "activity": "court", "hours": "2"},
    ).content.decode()
    _assert_plain(refused, "Log your hours, refused")
