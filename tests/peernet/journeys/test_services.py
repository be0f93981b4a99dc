import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peernet.journeys import services
from peernet.models import ActivityLog, CaseAllocation, Check, Extension, Peer, Stage, StageChange
from tests.factories.peers import PeerFactory, active_peer
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles
from workforce.common.dates import add_months

TODAY = datetime.date.today()


@pytest.fixture
def coordinator(world):
    return world.profile("peer_coordinator")


def _new_peer(world, **kwargs):
    return services.peer_create(
        display_name="Alex G",
        paid=False,
        service=world.service,
        coordinator=world.profile("peer_coordinator"),
        by=world.user("peer_coordinator"),
        **kwargs,
    )


def _all_checks(peer, on=TODAY, expires_on=None):
    for kind, count in Check.REQUIRED.items():
        for _ in range(count):
            services.check_record(peer=peer, kind=kind, completed_on=on, expires_on=expires_on, by=None)


def _walk_to_checks(peer, by):
    for stage in (Stage.APPLICATION, Stage.INTERVIEW, Stage.CHECKS, Stage.INDUCTION):
        services.peer_move_stage(peer=peer, stage=stage, on=TODAY, by=by)


def test_new_peer_starts_at_enquiry_with_history(world):
    peer = _new_peer(world)
    assert peer.stage == Stage.ENQUIRY
    change = peer.stage_changes.get()
    assert change.stage == Stage.ENQUIRY and change.left_on is None
    assert change.expected_by == TODAY + datetime.timedelta(days=14)


def test_only_a_peer_worker_sign_in_can_be_linked(world):
    with pytest.raises(ValidationError, match="peer worker kind"):
        _new_peer(world, user=world.user("staff_member"))
    assert _new_peer(world, user=world.user("peer_worker")).user == world.user("peer_worker")


def test_peer_cannot_become_active_while_a_check_is_missing(world):
    peer = _new_peer(world)
    by = world.user("peer_coordinator")
    _walk_to_checks(peer, by)
    services.check_record(peer=peer, kind=Check.Kind.DBS, completed_on=TODAY, by=by)
    services.check_record(peer=peer, kind=Check.Kind.REFERENCE, completed_on=TODAY, by=by)
    with pytest.raises(ValidationError) as refused:
        services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=TODAY, by=by)
    assert "a reference" in str(refused.value) and "a right to work check" in str(refused.value)
    peer.refresh_from_db()
    assert peer.stage == Stage.INDUCTION


def test_peer_cannot_become_active_with_an_expired_check(world):
    peer = _new_peer(world)
    by = world.user("peer_coordinator")
    _walk_to_checks(peer, by)
    _all_checks(peer, on=TODAY - datetime.timedelta(days=400), expires_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="expired"):
        services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=TODAY, by=by)


def test_becoming_active_sets_start_and_planned_end_from_the_service(world):
    world.service.volunteer_max_months = 12
    world.service.save()
    peer = _new_peer(world)
    by = world.user("peer_coordinator")
    _walk_to_checks(peer, by)
    _all_checks(peer)
    services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=TODAY, by=by)
    peer.refresh_from_db()
    assert peer.start_date == TODAY
    assert peer.planned_end_date == add_months(TODAY, 12)
    history = list(peer.stage_changes.order_by("pk").values_list("stage", "left_on"))
    assert history[-1] == (Stage.ACTIVE, None)
    assert all(left == TODAY for _stage, left in history[:-1])


def test_paid_peer_has_no_planned_end(world):
    peer = _new_peer(world)
    peer.paid = True
    peer.save()
    by = world.user("peer_coordinator")
    _walk_to_checks(peer, by)
    _all_checks(peer)
    services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=TODAY, by=by)
    peer.refresh_from_db()
    assert peer.start_date == TODAY and peer.planned_end_date is None


def test_skipping_a_stage_needs_a_reason(world):
    peer = _new_peer(world)
    with pytest.raises(ValidationError, match="Say why"):
        services.peer_move_stage(peer=peer, stage=Stage.INTERVIEW, on=TODAY, by=None)
    services.peer_move_stage(peer=peer, stage=Stage.INTERVIEW, on=TODAY, by=None, reason="Applied at event")
    assert StageChange.objects.get(peer=peer, left_on__isnull=True).reason == "Applied at event"


def test_stage_late_when_past_expected_by():
    change = StageChange(stage=Stage.CHECKS, entered_on=TODAY, expected_by=TODAY - datetime.timedelta(days=1))
    assert change.is_late(TODAY)
    change.left_on = TODAY - datetime.timedelta(days=2)
    assert not change.is_late(TODAY)


@pytest.mark.django_db
def test_volunteer_cannot_take_high_risk_case():
    peer = active_peer()
    with pytest.raises(ValidationError, match="Volunteers only take low-risk cases"):
        services.case_allocate(
            peer=peer, case_reference="CUS-1234", setting="custody", risk="high", allocated_on=TODAY, by=None
        )
    assert not CaseAllocation.objects.exists()
    allocation = services.case_allocate(
        peer=peer, case_reference="cus-1234", setting="custody", risk="low", allocated_on=TODAY, by=None
    )
    assert allocation.case_reference == "CUS-1234"


@pytest.mark.django_db
def test_paid_peer_may_take_a_medium_risk_case():
    peer = active_peer(paid=True)
    services.case_allocate(
        peer=peer, case_reference="CRT/99", setting="court", risk="medium", allocated_on=TODAY, by=None
    )
    assert peer.allocations.count() == 1


@pytest.mark.django_db
def test_model_clean_refuses_high_risk_for_a_volunteer():
    allocation = CaseAllocation(
        peer=active_peer(), case_reference="C-1", setting="court", risk="high", allocated_on=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        allocation.full_clean()
    assert "volunteer" in str(refused.value.message_dict["risk"])


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["John Smith", "SMITH", "ab"])
def test_a_name_is_not_accepted_as_a_case_reference(reference):
    with pytest.raises(ValidationError, match="case reference only"):
        services.case_allocate(
            peer=active_peer(), case_reference=reference, setting="court", risk="low", allocated_on=TODAY, by=None
        )


def test_extension_needs_reason_and_the_service_managers_approval(world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))
    new_end = add_months(peer.planned_end_date, 3)
    with pytest.raises(ValidationError, match="reason"):
        services.extension_request(peer=peer, new_end_date=new_end, reason=" ", by=None)
    extension = services.extension_request(peer=peer, new_end_date=new_end, reason="Finishing NVQ", by=None)
    with pytest.raises(ValidationError, match="service manager"):
        services.extension_decide(extension=extension, approve=True, by=world.user("peer_coordinator"))
    services.extension_decide(extension=extension, approve=True, by=world.user("service_manager"))
    peer.refresh_from_db()
    extension.refresh_from_db()
    assert peer.planned_end_date == new_end
    assert extension.status == Extension.Status.APPROVED and extension.decided_by == world.user("service_manager")


def test_service_manager_of_another_service_cannot_approve(world):
    peer = active_peer(service=world.other_service)
    extension = services.extension_request(
        peer=peer, new_end_date=add_months(peer.planned_end_date, 1), reason="Reason", by=None
    )
    with pytest.raises(ValidationError):
        services.extension_decide(extension=extension, approve=True, by=world.user("service_manager"))


@pytest.mark.django_db
def test_hours_are_logged_then_approved():
    peer = active_peer()
    log = services.hours_log(peer=peer, worked_on=TODAY, activity="court", hours=Decimal("3.5"))
    assert log.status == ActivityLog.Status.SUBMITTED
    services.hours_decide(log=log, approve=True, by=None)
    assert ActivityLog.objects.get().status == ActivityLog.Status.APPROVED
    with pytest.raises(ValidationError, match="already"):
        services.hours_decide(log=log, approve=False, by=None)


@pytest.mark.django_db
def test_hours_cannot_be_logged_for_the_future():
    with pytest.raises(ValidationError, match="today"):
        services.hours_log(
            peer=active_peer(), worked_on=TODAY + datetime.timedelta(days=1), activity="court", hours=Decimal(2)
        )


@pytest.mark.django_db
def test_ending_records_outcome_and_allows_follow_ups():
    peer = active_peer(months_ago=17)
    with pytest.raises(ValidationError, match="after the journey has ended"):
        services.follow_up_record(peer=peer, months_after=3, outcome="paid_ld", recorded_on=TODAY, by=None)
    ended_on = add_months(TODAY, -3)
    services.peer_end(peer=peer, ended_on=ended_on, outcome=Peer.Outcome.PAID_LD, by=None)
    peer.refresh_from_db()
    assert peer.stage == Stage.ENDED and peer.outcome == "paid_ld" and peer.ended_on == ended_on
    services.follow_up_record(peer=peer, months_after=3, outcome="paid_ld", recorded_on=TODAY, by=None)
    with pytest.raises(ValidationError, match="already recorded"):
        services.follow_up_record(peer=peer, months_after=3, outcome="paid_ld", recorded_on=TODAY, by=None)
    with pytest.raises(ValidationError, match="ended"):
        services.peer_move_stage(peer=peer, stage=Stage.ACTIVE, on=TODAY, by=None, reason="back")


@pytest.mark.django_db
def test_supervision_next_due_must_follow_it():
    peer = active_peer()
    with pytest.raises(ValidationError, match="after this one"):
        services.supervision_record(
            peer=peer, held_on=TODAY, supervisor=peer.coordinator, wellbeing="good", next_due_on=TODAY
        )


@pytest.mark.django_db
def test_cover_coordinator_must_be_someone_else():
    coordinator = StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]))
    peer = PeerFactory(service=coordinator.service, coordinator=coordinator)
    peer.cover_coordinator = coordinator
    with pytest.raises(ValidationError, match="someone else"):
        peer.full_clean()


def test_a_peer_can_only_be_handed_to_a_peer_coordinator_in_their_service(world):
    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))
    with pytest.raises(ValidationError, match="not a peer coordinator"):
        services.peer_assign(peer=peer, coordinator=world.profile("staff_member"))
    other = StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]), service=world.other_service)
    with pytest.raises(ValidationError, match="not a peer coordinator"):
        services.peer_assign(peer=peer, coordinator=other)
    cover = StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]), service=world.service)
    services.peer_assign(peer=peer, coordinator=cover, cover_coordinator=world.profile("peer_coordinator"))
    peer.refresh_from_db()
    assert peer.coordinator == cover and peer.cover_coordinator == world.profile("peer_coordinator")


@pytest.mark.django_db
def test_a_case_closes_once():
    allocation = services.case_allocate(
        peer=active_peer(), case_reference="CRT-5", setting="court", risk="low", allocated_on=TODAY, by=None
    )
    services.case_close(allocation=allocation, closed_on=TODAY, by=None)
    with pytest.raises(ValidationError, match="already closed"):
        services.case_close(allocation=allocation, closed_on=TODAY, by=None)
