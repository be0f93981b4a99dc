"""A journey follows its own rules: stages in order, dates that mean something, follow-ups when they are
due, and cases that can be put right and closed, with their history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peernet.journeys import services
from peernet.models import CaseAllocation, CaseEvent, Peer, Stage, StageChange
from tests.factories.peers import PeerFactory, active_peer
from workforce.common.dates import add_months

TODAY = datetime.date.today()
TOMORROW = TODAY + datetime.timedelta(days=1)


def _new_peer(world, *, enquiry_on=None):
    coordinator = world.profile("peer_coordinator")
    return services.peer_create(
        display_name="Jo N",
        paid=False,
        service=world.service,
        coordinator=coordinator,
        by=coordinator.user,
        enquiry_on=enquiry_on or TODAY - datetime.timedelta(days=30),
    )


def _field_error(error, field):
    return " ".join(error.value.error_dict[field][0].messages)


def test_a_journey_never_moves_back(world):
    peer = _new_peer(world)
    services.peer_move_stage(peer=peer, stage=Stage.APPLICATION, on=TODAY, by=None)
    services.peer_move_stage(peer=peer, stage=Stage.INTERVIEW, on=TODAY, by=None)
    with pytest.raises(ValidationError) as error:
        services.peer_move_stage(peer=peer, stage=Stage.APPLICATION, on=TODAY, by=None, reason="Try again")
    assert "only moves forward" in _field_error(error, "stage")


def test_nobody_reaches_move_on_planning_without_having_been_active(world):
    peer = _new_peer(world)
    for stage in (Stage.APPLICATION, Stage.INTERVIEW, Stage.CHECKS, Stage.INDUCTION):
        services.peer_move_stage(peer=peer, stage=stage, on=TODAY, by=None)
    with pytest.raises(ValidationError) as error:
        services.peer_move_stage(peer=peer, stage=Stage.MOVE_ON, on=TODAY, by=None, reason="Leaving soon")
    assert "has not been active yet" in _field_error(error, "stage")
    assert Peer.objects.get(pk=peer.pk).stage == Stage.INDUCTION


def test_the_stage_form_offers_only_stages_ahead(client, world):
    peer = PeerFactory(service=world.service, coordinator=world.profile("peer_coordinator"), stage=Stage.INTERVIEW)
    client.force_login(world.user("peer_coordinator"))
    page = client.get(reverse("peernet:peer_stage", args=[peer.pk])).content.decode()
    assert 'value="checks"' in page and 'value="active"' in page
    assert 'value="application"' not in page and 'value="enquiry"' not in page
    assert 'value="move_on"' not in page


@pytest.mark.parametrize("on", [datetime.date(1900, 1, 1), TOMORROW, datetime.date(2100, 1, 1)])
def test_a_stage_change_is_dated_between_the_current_stage_and_today(world, on):
    peer = _new_peer(world)
    with pytest.raises(ValidationError) as error:
        services.peer_move_stage(peer=peer, stage=Stage.APPLICATION, on=on, by=None)
    assert "The date of the move" in _field_error(error, "on")
    assert StageChange.objects.filter(peer=peer).count() == 1


def test_the_stage_form_puts_the_date_message_on_the_date(client, world):
    peer = _new_peer(world)
    client.force_login(world.user("peer_coordinator"))
    page = client.post(
        reverse("peernet:peer_stage", args=[peer.pk]),
        {"stage": "application", "on": "1900-01-01", "revision": peer.revision},
    ).content.decode()
    assert "The date of the move cannot be before" in page
    assert 'id="on-error"' in page or "nhsuk-error-message" in page


@pytest.mark.parametrize(
    ("enquiry_on", "message"),
    [(datetime.date(2100, 1, 1), "cannot be in the future"), (datetime.date(1900, 1, 1), "Check the year")],
)
def test_an_enquiry_date_must_be_real(world, enquiry_on, message):
    with pytest.raises(ValidationError) as error:
        _new_peer(world, enquiry_on=enquiry_on)
    assert message in _field_error(error, "enquiry_on")
    assert not Peer.objects.exists()


def test_the_last_day_is_bounded_too(world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), months_ago=6)
    for ended_on in (TOMORROW, datetime.date(1900, 1, 1)):
        with pytest.raises(ValidationError) as error:
            services.peer_end(peer=peer, ended_on=ended_on, outcome="education", by=None)
        assert "ended_on" in error.value.error_dict


def test_follow_ups_are_refused_before_they_are_due(world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), months_ago=12)
    ended_on = add_months(TODAY, -4)
    services.peer_end(peer=peer, ended_on=ended_on, outcome="education", by=None)
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(peer=peer, months_after=3, outcome="education", recorded_on=ended_on, by=None)
    assert f"due on {add_months(ended_on, 3):%-d %B %Y}" in _field_error(error, "recorded_on")
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(peer=peer, months_after=6, outcome="education", recorded_on=TODAY, by=None)
    assert "recorded_on" in error.value.error_dict
    services.follow_up_record(
        peer=peer, months_after=3, outcome="education", recorded_on=add_months(ended_on, 3), by=None
    )
    assert peer.follow_ups.get().months_after == 3


@pytest.mark.parametrize("allocated_on", [datetime.date(2100, 1, 1), datetime.date(1900, 1, 1)])
def test_an_allocation_is_dated_so_it_can_always_be_closed(world, allocated_on):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))
    with pytest.raises(ValidationError) as error:
        services.case_allocate(
            peer=peer, case_reference="CUS-9", setting="court", risk="low", allocated_on=allocated_on, by=None
        )
    assert "The date allocated" in _field_error(error, "allocated_on")
    assert not CaseAllocation.objects.exists()


def test_a_case_is_changed_and_closed_with_its_history(client, world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), display_name="Ca Se")
    by = world.user("peer_coordinator")
    case = services.case_allocate(
        peer=peer, case_reference="CUS-1", setting="court", risk="low", allocated_on=TODAY, by=by
    )
    client.force_login(by)
    url = reverse("peernet:peer_allocation_edit", args=[peer.pk, case.pk])
    assert 'value="CUS-1"' in client.get(url).content.decode()
    response = client.post(
        url, {"case_reference": "CUS-1", "setting": "court", "risk": "high", "allocated_on": TODAY.isoformat()}
    )
    assert "Volunteers only take low-risk cases" in response.content.decode()
    response = client.post(
        url,
        {
            "case_reference": "crt-2",
            "setting": "community",
            "risk": "low",
            "allocated_on": TODAY.isoformat(),
            "closed_on": TOMORROW.isoformat(),
        },
    )
    assert "The date closed cannot be in the future" in response.content.decode()
    response = client.post(
        url,
        {
            "case_reference": "crt-2",
            "setting": "community",
            "risk": "low",
            "allocated_on": TODAY.isoformat(),
            "closed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.case_reference, case.setting, case.closed_on) == ("CRT-2", "community", TODAY)
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [CaseEvent.Kind.ALLOCATED, CaseEvent.Kind.CHANGED]
    change = case.events.get(kind=CaseEvent.Kind.CHANGED)
    assert "Case reference: CUS-1 to CRT-2" in change.detail and "Date closed: open to" in change.detail
    assert change.by == by
    page = client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Case history" in page and "Setting: Court to Community" in page


def test_closing_a_case_records_who_closed_it(client, world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))
    by = world.user("peer_coordinator")
    case = services.case_allocate(
        peer=peer, case_reference="CUS-7", setting="court", risk="low", allocated_on=TODAY, by=by
    )
    client.force_login(by)
    client.post(reverse("peernet:peer_allocation_close", args=[peer.pk, case.pk]))
    event = case.events.get(kind=CaseEvent.Kind.CLOSED)
    assert event.by == by
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.case_change(
            allocation=CaseAllocation.objects.get(pk=case.pk),
            case_reference="CUS-7",
            setting="court",
            risk="low",
            allocated_on=TODAY,
            closed_on=TODAY,
            by=by,
        )
