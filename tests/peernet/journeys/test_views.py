import datetime

import pytest
from django.urls import reverse

from peernet.journeys import services
from peernet.models import ActivityLog, CaseAllocation, Check, Stage, Supervision
from tests.factories.peers import PeerFactory, active_peer

TODAY = datetime.date.today()


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.user("peer_coordinator"))
    return client


def _peer(world, **kwargs):
    return active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), **kwargs)


def test_coordinator_moves_a_peer_on_and_is_refused_while_a_check_is_missing(coordinator_client, world):
    peer = PeerFactory(service=world.service, coordinator=world.profile("peer_coordinator"), stage=Stage.INDUCTION)
    response = coordinator_client.post(
        reverse("peernet:peer_stage", args=[peer.pk]),
        {"stage": "active", "on": TODAY.isoformat(), "revision": peer.revision},
    )
    assert response.status_code == 200
    assert "cannot become active yet" in response.content.decode()
    assert "a DBS check" in response.content.decode()
    peer.refresh_from_db()
    assert peer.stage == Stage.INDUCTION


def test_volunteer_high_risk_allocation_is_refused_with_the_reason(coordinator_client, world):
    peer = _peer(world)
    response = coordinator_client.post(
        reverse("peernet:peer_allocation_add", args=[peer.pk]),
        {"case_reference": "CUS-42", "setting": "custody", "risk": "high", "allocated_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "Volunteers only take low-risk cases" in response.content.decode()
    assert not CaseAllocation.objects.exists()


def test_coordinator_records_supervision_and_approves_hours(coordinator_client, world):
    peer = _peer(world)
    response = coordinator_client.post(
        reverse("peernet:peer_supervision_add", args=[peer.pk]),
        {
            "held_on": TODAY.isoformat(),
            "wellbeing": "good",
            "notes": "Settling in well",
            "actions": "Shadow court on Tuesday",
            "next_due_on": (TODAY + datetime.timedelta(days=28)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Supervision.objects.get(peer=peer).supervisor == world.profile("peer_coordinator")
    log = ActivityLog.objects.create(peer=peer, worked_on=TODAY, activity="court", hours=3)
    coordinator_client.post(reverse("peernet:peer_hours_decide", args=[peer.pk, log.pk]), {"decision": "approve"})
    log.refresh_from_db()
    assert log.status == ActivityLog.Status.APPROVED


def test_supervision_notes_are_hidden_from_the_service_manager(client, world):
    peer = _peer(world, user=world.user("peer_worker"))
    services.supervision_record(
        peer=peer,
        held_on=TODAY,
        supervisor=peer.coordinator,
        wellbeing="ok",
        notes="Private note about wellbeing",
        actions="Call on Friday",
        next_due_on=TODAY + datetime.timedelta(days=14),
    )
    url = reverse("peernet:peer_detail", args=[peer.pk])
    client.force_login(world.user("service_manager"))
    assert "Private note about wellbeing" not in client.get(url).content.decode()
    for kind in ("peer_coordinator", "peer_worker"):
        client.force_login(world.user(kind))
        assert "Private note about wellbeing" in client.get(url).content.decode()
    client.force_login(world.user("peer_worker"))
    own = client.get(reverse("peernet:my_journey")).content.decode()
    assert "Call on Friday" in own and "Private note about wellbeing" in own


def test_cover_coordinator_can_manage_the_peer(client, world):
    from tests.factories.workforce import StaffProfileFactory, UserFactory
    from workforce import roles

    cover = StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]), service=world.service)
    peer = _peer(world, cover_coordinator=cover)
    client.force_login(cover.user)
    assert client.get(reverse("peernet:peer_stage", args=[peer.pk])).status_code == 200


def test_peer_logs_hours_on_their_own_page(client, world):
    peer = _peer(world, user=world.user("peer_worker"))
    client.force_login(world.user("peer_worker"))
    response = client.post(
        reverse("peernet:my_hours_log"), {"worked_on": TODAY.isoformat(), "activity": "community", "hours": "2.5"}
    )
    assert response.status_code == 302
    assert peer.activity_logs.get().status == ActivityLog.Status.SUBMITTED


def test_dashboard_shows_overdue_review_and_expiring_check(coordinator_client, world):
    peer = _peer(world, months_ago=4, display_name="Late Review")
    Check.objects.filter(peer=peer, kind="dbs").update(expires_on=TODAY + datetime.timedelta(days=20))
    page = coordinator_client.get(reverse("peernet:peer_dashboard")).content.decode()
    assert "3-month review was due" in page
    assert "DBS check expires" in page
    assert 'aria-label="Month 5 of 18"' in page


DASHBOARD_QUERIES = 11
# The record reads 18; the 19th writes who opened it to the access log (workforce.audit).
RECORD_QUERIES = 19


def test_coordinator_dashboard_query_count_does_not_grow(coordinator_client, world, django_assert_max_num_queries):
    for _ in range(3):
        _peer(world)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert coordinator_client.get(reverse("peernet:peer_dashboard")).status_code == 200
    for months in range(20):
        peer = _peer(world, months_ago=months % 17)
        services.supervision_record(
            peer=peer,
            held_on=TODAY,
            supervisor=peer.coordinator,
            wellbeing="needs_support" if months % 3 == 0 else "good",
            next_due_on=TODAY + datetime.timedelta(days=7),
        )
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = coordinator_client.get(reverse("peernet:peer_dashboard"))
    assert page.content.decode().count("Contact them and record what was done") == 7


def test_peer_record_query_count_is_pinned(coordinator_client, world, django_assert_max_num_queries):
    peer = _peer(world)
    for _ in range(5):
        ActivityLog.objects.create(peer=peer, worked_on=TODAY, activity="court", hours=1)
    with django_assert_max_num_queries(RECORD_QUERIES):
        assert coordinator_client.get(reverse("peernet:peer_detail", args=[peer.pk])).status_code == 200
    by = world.user("peer_coordinator")
    for number in range(4):
        case = services.case_allocate(
            peer=peer, case_reference=f"CUS-{number}", setting="court", risk="low", allocated_on=TODAY, by=by
        )
        services.case_close(allocation=case, closed_on=TODAY, by=by)
        supervision = services.supervision_record(
            peer=peer,
            held_on=TODAY,
            supervisor=peer.coordinator,
            wellbeing="needs_support",
            next_due_on=TODAY + datetime.timedelta(days=7),
        )
        if number:
            services.support_alert_close(
                alert=supervision.support_alerts.get(), done_on=TODAY, action=f"Rang them {number}", by=by
            )
    with django_assert_max_num_queries(RECORD_QUERIES):
        page = coordinator_client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Rang them 3" in page and "case CUS-3: closed" in page


def test_commissioner_sees_suppressed_figures_and_no_names(client, world):
    for index in range(9):
        _peer(world, display_name=f"Named Person {index}")
    for index in range(3):
        _peer(world, display_name=f"Named Paid {index}", paid=True)
    client.force_login(world.user("commissioner"))
    page = client.get(reverse("peernet:peer_region_outcomes", args=[world.region.pk])).content.decode()
    assert "Named Person" not in page
    assert "/peers/" not in page.replace("/peers/outcomes/", "")
    assert ">10<" in page  # 12 started, rounded to the nearest 5
    assert ">*<" in page  # 3 paid peers: hidden
    assert ">12<" not in page and ">3<" not in page


def test_region_outcomes_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.user("commissioner"))
    url = reverse("peernet:peer_region_outcomes", args=[world.region.pk])
    _peer(world)
    with django_assert_max_num_queries(9):
        client.get(url)
    for _ in range(15):
        _peer(world)
    with django_assert_max_num_queries(9):
        client.get(url)


def test_dashboard_lists_hours_waiting_and_extensions_for_the_service_manager(client, world):
    from peernet.models import Extension
    from workforce.common.dates import add_months as months_after

    peer = _peer(world, display_name="Waiting Hours")
    ActivityLog.objects.create(peer=peer, worked_on=TODAY, activity="court", hours=2)
    Extension.objects.create(
        peer=peer, new_end_date=months_after(peer.planned_end_date, 2), reason="Finishing a course", requested_on=TODAY
    )
    client.force_login(world.user("peer_coordinator"))
    page = client.get(reverse("peernet:peer_dashboard")).content.decode()
    assert "Hours waiting for approval" in page and "1 entry" in page
    assert "Extensions waiting for your decision" not in page
    client.force_login(world.user("service_manager"))
    page = client.get(reverse("peernet:peer_dashboard")).content.decode()
    assert "Extensions waiting for your decision" in page and "Finishing a course" in page


def test_coordinator_corrects_a_check_a_supervision_and_training(coordinator_client, world):
    from peernet.models import TrainingRecord

    peer = _peer(world, user=world.user("peer_worker"))
    check = peer.checks.get(kind="dbs")
    form = coordinator_client.get(reverse("peernet:peer_check_edit", args=[peer.pk, check.pk])).content.decode()
    assert "Correct a check" in form and f'value="{check.completed_on.isoformat()}"' in form
    corrected_on = TODAY - datetime.timedelta(days=3)
    response = coordinator_client.post(
        reverse("peernet:peer_check_edit", args=[peer.pk, check.pk]),
        {"kind": "dbs", "completed_on": corrected_on.isoformat(), "update_service": "subscribed", "revision": 0},
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.completed_on, check.update_service) == (corrected_on, "subscribed")
    assert check.recorded_by == world.user("peer_coordinator")

    supervision = services.supervision_record(
        peer=peer,
        held_on=TODAY,
        supervisor=peer.coordinator,
        wellbeing="ok",
        next_due_on=TODAY + datetime.timedelta(days=14),
    )
    coordinator_client.post(
        reverse("peernet:peer_supervision_edit", args=[peer.pk, supervision.pk]),
        {
            "held_on": TODAY.isoformat(),
            "wellbeing": "struggling",
            "notes": "Talked about the late shifts",
            "actions": "",
            "next_due_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
            "revision": 0,
        },
    )
    supervision.refresh_from_db()
    assert (supervision.wellbeing, supervision.notes) == ("struggling", "Talked about the late shifts")

    record = services.training_record(peer=peer, course="nvq3", started_on=TODAY - datetime.timedelta(days=90))
    coordinator_client.post(
        reverse("peernet:peer_training_edit", args=[peer.pk, record.pk]),
        {"course": "nvq3", "title": "", "started_on": record.started_on.isoformat(), "completed_on": TODAY.isoformat()},
    )
    assert TrainingRecord.objects.get(pk=record.pk).completed_on == TODAY

    page = coordinator_client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert reverse("peernet:peer_supervision_edit", args=[peer.pk, supervision.pk]) in page
    coordinator_client.force_login(world.user("peer_worker"))
    page = coordinator_client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Talked about the late shifts" in page
    assert reverse("peernet:peer_supervision_edit", args=[peer.pk, supervision.pk]) not in page


def test_a_correction_is_checked_like_a_new_record_and_a_refusal_changes_nothing(coordinator_client, world):
    peer = _peer(world)
    check = peer.checks.get(kind="dbs")
    before = check.completed_on
    response = coordinator_client.post(
        reverse("peernet:peer_check_edit", args=[peer.pk, check.pk]),
        {
            "kind": "dbs",
            "completed_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "update_service": "",
            "revision": 0,
        },
    )
    assert response.status_code == 200
    assert "A check cannot be recorded before it is done" in response.content.decode()
    check.refresh_from_db()
    assert check.completed_on == before


@pytest.mark.parametrize("name", ["peer_check_add", "peer_supervision_add", "peer_allocation_add", "peer_training_add"])
def test_required_radios_offer_only_real_answers(coordinator_client, world, name):
    peer = _peer(world)
    page = coordinator_client.get(reverse(f"peernet:{name}", args=[peer.pk])).content.decode()
    assert 'type="radio"' in page
    assert "Select an option" not in page
