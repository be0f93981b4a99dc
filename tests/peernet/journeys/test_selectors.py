import datetime

import pytest

from peernet.journeys import selectors
from peernet.models import Check, MilestoneRecord, Peer, Stage, StageChange, Supervision
from tests.factories.peers import PeerFactory, active_peer
from workforce.common.dates import add_months

TODAY = datetime.date(2026, 6, 15)


def test_add_months_keeps_the_day_or_uses_the_months_last_day():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 18) == datetime.date(2028, 5, 15)
    assert add_months(datetime.date(2026, 3, 15), -3) == datetime.date(2025, 12, 15)


def test_journey_month_counts_from_one():
    start = datetime.date(2026, 1, 20)
    assert selectors.journey_month(start, start) == 1
    assert selectors.journey_month(start, datetime.date(2026, 2, 19)) == 1
    assert selectors.journey_month(start, datetime.date(2026, 2, 20)) == 2
    assert selectors.journey_month(start, datetime.date(2027, 7, 19)) == 18


@pytest.mark.django_db
def test_overdue_review_is_the_next_action_and_progress_shows_the_month():
    peer = active_peer(months_ago=4)
    journey = selectors.journey(peer, datetime.date.today())
    assert journey.month == 5 and journey.max_months == 18 and journey.progress == 28
    assert journey.next_action.startswith("3-month review was due")
    MilestoneRecord.objects.create(peer=peer, milestone="review_3", done_on=datetime.date.today())
    Supervision.objects.create(
        peer=peer,
        held_on=datetime.date.today(),
        supervisor=peer.coordinator,
        wellbeing="good",
        next_due_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    journey = selectors.journey(Peer.objects.get(pk=peer.pk), datetime.date.today())
    assert journey.overdue == []
    assert journey.next_action.startswith("Supervision by")


@pytest.mark.django_db
def test_a_renewed_check_is_not_flagged_as_expiring():
    peer = active_peer()
    today = datetime.date.today()
    old = Check.objects.filter(peer=peer, kind="dbs").get()
    old.expires_on = today + datetime.timedelta(days=10)
    old.save()
    assert [alert.check for alert in selectors.journey(peer, today).check_alerts] == [old]
    Check.objects.create(peer=peer, kind="dbs", completed_on=today, expires_on=add_months(today, 36))
    assert selectors.journey(Peer.objects.get(pk=peer.pk), today).check_alerts == []


@pytest.mark.django_db
def test_a_stage_past_its_expected_date_is_late():
    peer = PeerFactory(stage=Stage.INTERVIEW)
    StageChange.objects.create(
        peer=peer,
        stage=Stage.INTERVIEW,
        entered_on=TODAY - datetime.timedelta(days=30),
        expected_by=TODAY - datetime.timedelta(days=16),
    )
    journey = selectors.journey(peer, TODAY)
    assert journey.stage_late
    assert "Interview stage was expected to finish" in journey.next_action


@pytest.mark.django_db
def test_paid_peers_have_no_move_on_plan_or_planned_end():
    journey = selectors.journey(active_peer(paid=True, months_ago=1), datetime.date.today())
    labels = [item.label for item in journey.milestones]
    assert "Move-on plan agreed" not in labels and "Planned end" not in labels
    assert journey.max_months is None


@pytest.mark.django_db
def test_outcomes_count_started_active_ended_and_moved_on(world):
    for outcome in ("paid_ld", "education", "not_known", "volunteering"):
        peer = active_peer(service=world.service, months_ago=20)
        Peer.objects.filter(pk=peer.pk).update(
            stage=Stage.ENDED, outcome=outcome, ended_on=add_months(peer.start_date, 18)
        )
    active_peer(service=world.service)
    PeerFactory(service=world.service)  # an enquiry has not started, so is not counted
    figures = selectors.service_outcomes(service=world.service)
    assert (figures.started, figures.active, figures.ended) == (5, 1, 4)
    assert figures.moved_on_well == 2 and figures.moved_on_share == 50
    assert round(figures.median_months) == 18
    shown = figures.disclosed()
    assert shown["started"] == "*" and shown["median_months"] == "*"


@pytest.mark.django_db
def test_follow_ups_fall_due_three_and_six_months_after_the_end():
    peer = active_peer(months_ago=24)
    ended = add_months(datetime.date.today(), -4)
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, ended_on=ended, outcome="education")
    journey = selectors.journey(Peer.objects.get(pk=peer.pk), datetime.date.today())
    assert journey.next_action.startswith("3-month follow-up was due")
    assert not any("6-month" in item for item in journey.overdue)
