import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories.competencies import CompetenceFactory
from tests.factories.training import (
    AttendanceFactory,
    YoungExpertFactory,
    YouthOrganisationFactory,
    YouthSessionFactory,
)
from tests.factories.workforce import ServiceFactory, StaffProfileFactory
from workforce.models import FollowUp, TrainingAttendance, YoungExpert
from workforce.training import services
from workforce.training.models import PLACES_MESSAGE

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_young_expert_under_16_needs_a_carers_consent():
    organisation = YouthOrganisationFactory()
    fields = {
        "display_name": "Jay",
        "age_band": YoungExpert.AgeBand.UNDER_16,
        "organisation": organisation,
        "consent": True,
        "safeguarding_contact": "Dee, 07700 900123",
        "recognition": "voucher",
    }
    with pytest.raises(ValidationError, match="parent or carer"):
        services.young_expert_save(**fields)
    expert = services.young_expert_save(**fields | {"carer_consent": True})
    assert expert.pk and expert.under_16


def test_young_expert_needs_their_own_consent():
    with pytest.raises(ValidationError, match="must agree"):
        services.young_expert_save(
            display_name="Mo",
            age_band="18-21",
            organisation=YouthOrganisationFactory(),
            consent=False,
            safeguarding_contact="Dee",
            recognition="none",
        )


def test_session_needs_two_young_experts_and_is_youth_led():
    service = ServiceFactory()
    one = YoungExpertFactory()
    fields = {
        "title": "Unconscious bias",
        "starts_at": NOW + datetime.timedelta(days=3),
        "service": service,
        "location": "Room 2",
        "capacity": 10,
    }
    with pytest.raises(ValidationError, match="two young experts"):
        services.training_session_save(young_experts=[one], **fields)
    competence = CompetenceFactory()
    session = services.training_session_save(
        young_experts=[one, YoungExpertFactory()], competences=[competence], **fields
    )
    assert session.youth_led and session.region == service.region
    assert set(session.competences.all()) == {competence}


def test_a_full_session_puts_people_on_a_waiting_list_in_order():
    session = YouthSessionFactory(capacity=1)
    first, second, third = StaffProfileFactory.create_batch(3)
    place = services.training_sign_up(session=session, attendee=first)
    assert place.status == "signed_up"
    waiting = services.training_sign_up(session=session, attendee=second)
    later = services.training_sign_up(
        session=session, attendee=third, now=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert (waiting.status, later.status) == ("waiting", "waiting")
    assert (services.waiting_position(waiting), services.waiting_position(later)) == (1, 2)
    with pytest.raises(ValidationError, match="already have a place"):
        services.training_sign_up(session=session, attendee=first)
    with pytest.raises(ValidationError, match=services.ALREADY_WAITING):
        services.training_sign_up(session=session, attendee=second)


def test_a_cancelled_place_is_offered_to_the_first_waiting_and_held_for_them(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = YouthSessionFactory(capacity=1)
    first, second, third, latecomer = StaffProfileFactory.create_batch(4)
    place = services.training_sign_up(session=session, attendee=first)
    waiting = services.training_sign_up(session=session, attendee=second)
    services.training_sign_up(session=session, attendee=third, now=timezone.now() + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.training_cancel_place(attendance=place)
    waiting.refresh_from_db()
    assert waiting.status == "offered" and waiting.offered_at is not None
    assert [message.to for message in mailoutbox] == [[second.user.email]]
    assert "A place has come up" in mailoutbox[0].subject
    # The offered place is held: someone new joins the waiting list behind the third person.
    assert services.training_sign_up(session=session, attendee=latecomer).status == "waiting"
    assert services.training_accept_offer(attendance=waiting).status == "signed_up"
    with pytest.raises(ValidationError, match=services.NO_OFFER):
        services.training_accept_offer(attendance=waiting)


def test_turning_down_an_offer_passes_it_to_the_next_in_line():
    session = YouthSessionFactory(capacity=1)
    first, second, third = StaffProfileFactory.create_batch(3)
    place = services.training_sign_up(session=session, attendee=first)
    offered = services.training_sign_up(session=session, attendee=second)
    nxt = services.training_sign_up(session=session, attendee=third, now=timezone.now() + datetime.timedelta(minutes=1))
    services.training_cancel_place(attendance=place)
    services.training_cancel_place(attendance=offered)
    nxt.refresh_from_db()
    assert nxt.status == "offered"


def test_leaving_the_waiting_list_offers_nothing():
    session = YouthSessionFactory(capacity=1)
    first, second, third = StaffProfileFactory.create_batch(3)
    services.training_sign_up(session=session, attendee=first)
    waiting = services.training_sign_up(session=session, attendee=second)
    behind = services.training_sign_up(
        session=session, attendee=third, now=timezone.now() + datetime.timedelta(minutes=1)
    )
    services.training_cancel_place(attendance=waiting)
    behind.refresh_from_db()
    assert behind.status == "waiting"


def test_more_places_are_offered_to_those_waiting():
    session = YouthSessionFactory(capacity=1)
    first, second, third = StaffProfileFactory.create_batch(3)
    services.training_sign_up(session=session, attendee=first)
    services.training_sign_up(session=session, attendee=second)
    services.training_sign_up(session=session, attendee=third, now=timezone.now() + datetime.timedelta(minutes=1))
    services.training_session_save(session=session, young_experts=session.young_experts.all(), capacity=2)
    assert sorted(session.attendances.values_list("status", flat=True)) == ["offered", "signed_up", "waiting"]


def test_no_limit_means_no_waiting_list_and_zero_places_is_refused():
    unlimited = YouthSessionFactory(capacity=None)
    for profile in StaffProfileFactory.create_batch(3):
        assert services.training_sign_up(session=unlimited, attendee=profile).status == "signed_up"
    session = YouthSessionFactory()
    for capacity in (0, 501):
        with pytest.raises(ValidationError) as error:
            services.training_session_save(
                session=session, young_experts=session.young_experts.all(), capacity=capacity
            )
        assert error.value.message_dict["capacity"] == [PLACES_MESSAGE]


def test_session_dates_are_bounded_and_the_message_names_the_field():
    session = YouthSessionFactory()
    experts = session.young_experts.all()
    with pytest.raises(ValidationError) as error:
        services.training_session_save(
            session=session, young_experts=experts, starts_at=timezone.make_aware(datetime.datetime(2100, 1, 1, 10))
        )
    assert "The start date must be between" in error.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError) as error:
        services.training_session_save(
            session=session, young_experts=experts, ends_at=session.starts_at + datetime.timedelta(hours=13)
        )
    assert error.value.message_dict["ends_at"] == ["The end time must be no more than 12 hours after the start time."]


def test_an_old_session_can_still_be_changed_without_moving_it():
    session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=365 * 3))
    services.training_session_save(session=session, young_experts=session.young_experts.all(), title="Renamed")
    session.refresh_from_db()
    assert session.title == "Renamed"


def test_time_given_cannot_be_in_the_future_or_years_ago():
    session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=1))
    expert = session.young_experts.first()
    today = timezone.localdate()
    for day, message in [
        (today + datetime.timedelta(days=1), "The date must be today or in the past."),
        (datetime.date(1900, 1, 1), "The date must be on or after"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.involvement_log(young_expert=expert, kind="travel", date=day, hours=Decimal("1"))
        assert error.value.message_dict["date"][0].startswith(message)


def test_walk_ins_are_recorded_as_attended_even_past_the_places():
    session = YouthSessionFactory(capacity=1, starts_at=NOW - datetime.timedelta(hours=2))
    booked = AttendanceFactory(session=session)
    cancelled = AttendanceFactory(session=session, status="cancelled")
    waiting = AttendanceFactory(session=session, status="waiting", waiting_since=NOW)
    newcomer = StaffProfileFactory()
    came = services.attendance_record(
        session=session, attended_ids=[booked.pk], walk_ins=[newcomer, cancelled.attendee]
    )
    assert came == 3
    rows = dict(session.attendances.values_list("attendee_id", "status"))
    assert rows[newcomer.pk] == rows[cancelled.attendee_id] == rows[booked.attendee_id] == "attended"
    assert rows[waiting.attendee_id] == "cancelled"
    assert set(session.attendances.filter(walk_in=True).values_list("attendee_id", flat=True)) == {
        newcomer.pk,
        cancelled.attendee_id,
    }
    with pytest.raises(ValidationError) as error:
        services.attendance_record(session=session, attended_ids=[], walk_ins=[booked.attendee])
    assert "have a place, so tick them instead" in error.value.message_dict["walk_ins"][0]


def test_cannot_sign_up_once_started():
    session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="already started"):
        services.training_sign_up(session=session, attendee=StaffProfileFactory())


def test_attendance_marks_ticked_attended_and_the_rest_absent():
    session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(hours=2))
    came, missed = AttendanceFactory(session=session), AttendanceFactory(session=session)
    cancelled = AttendanceFactory(session=session, status="cancelled")
    services.attendance_record(session=session, attended_ids=[came.pk])
    statuses = dict(TrainingAttendance.objects.values_list("pk", "status"))
    assert statuses == {came.pk: "attended", missed.pk: "absent", cancelled.pk: "cancelled"}


def test_attendance_cannot_be_taken_before_the_session():
    session = YouthSessionFactory()
    with pytest.raises(ValidationError, match="once the session has started"):
        services.attendance_record(session=session, attended_ids=[])


def test_attendee_feedback_needs_a_rating_for_every_competence():
    first, second = CompetenceFactory(), CompetenceFactory()
    session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=1), competences=[first, second])
    attendance = AttendanceFactory(session=session, status="attended")
    with pytest.raises(ValidationError, match="each of the session's competences"):
        services.attendee_feedback_give(
            attendance=attendance, learned="a", will_do_differently="b", confidence={first: (2, 4)}
        )
    feedback = services.attendee_feedback_give(
        attendance=attendance, learned="a", will_do_differently="b", confidence={first: (2, 4), second: (3, 3)}
    )
    assert sorted(feedback.ratings.values_list("before", "after")) == [(2, 4), (3, 3)]


def test_only_attendees_give_feedback():
    attendance = AttendanceFactory(status="signed_up")
    with pytest.raises(ValidationError, match="marked as having attended"):
        services.attendee_feedback_give(attendance=attendance, learned="a", will_do_differently="b", confidence={})


def test_young_expert_feedback_only_from_those_who_delivered_after_the_session():
    session = YouthSessionFactory()
    with pytest.raises(ValidationError, match="once the session has taken place"):
        services.young_expert_feedback_give(
            session=session, young_expert=session.young_experts.first(), voice="yes", audience="yes", influence="no"
        )
    session.starts_at = NOW - datetime.timedelta(hours=1)
    session.save()
    with pytest.raises(ValidationError, match="did not co-deliver"):
        services.young_expert_feedback_give(
            session=session, young_expert=YoungExpertFactory(), voice="yes", audience="yes", influence="no"
        )
    expert = session.young_experts.first()
    services.young_expert_feedback_give(
        session=session, young_expert=expert, voice="yes", audience="partly", influence="yes"
    )
    with pytest.raises(ValidationError, match="already given"):
        services.young_expert_feedback_give(
            session=session, young_expert=expert, voice="yes", audience="yes", influence="yes"
        )


def test_involvement_for_a_session_must_be_one_of_its_young_experts():
    session = YouthSessionFactory()
    with pytest.raises(ValidationError, match="not one of the young experts"):
        services.involvement_log(
            young_expert=YoungExpertFactory(), kind="session", date=NOW.date(), hours=Decimal("2"), session=session
        )


def test_months_before_keeps_the_day_or_the_end_of_a_short_month():
    moment = datetime.datetime(2026, 5, 31, 9, tzinfo=datetime.UTC)
    assert services.months_before(moment, 3) == datetime.datetime(2026, 2, 28, 9, tzinfo=datetime.UTC)
    assert services.months_before(moment, 6).date() == datetime.date(2025, 11, 30)


def test_follow_up_emails_go_three_months_after_and_never_twice():
    old = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=95))
    recent = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=60))
    due = AttendanceFactory(session=old, status="attended")
    AttendanceFactory(session=old, status="absent")
    AttendanceFactory(session=recent, status="attended")
    assert services.follow_ups_send(now=NOW) == 1
    assert [message.to for message in mail.outbox] == [[due.attendee.user.email]]
    assert f"/training/mine/{due.pk}/follow-up/" in mail.outbox[0].body
    assert services.follow_ups_send(now=NOW) == 0
    assert len(mail.outbox) == 1


def test_follow_up_is_refused_before_three_months_even_when_asked():
    attendance = AttendanceFactory(
        status="attended",
        session=YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=30)),
        follow_up_sent_at=NOW,
    )
    with pytest.raises(ValidationError, match="three months after the session, from"):
        services.follow_up_answer(attendance=attendance, what_changed="More time to listen")
    assert not FollowUp.objects.exists()


def test_follow_up_is_answered_once_and_only_after_asking():
    attendance = AttendanceFactory(
        status="attended", session=YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=100))
    )
    with pytest.raises(ValidationError, match="not time yet"):
        services.follow_up_answer(attendance=attendance, what_changed="More time to listen")
    attendance.follow_up_sent_at = NOW
    attendance.save()
    services.follow_up_answer(attendance=attendance, what_changed="More time to listen")
    with pytest.raises(ValidationError, match="already told us"):
        services.follow_up_answer(attendance=attendance, what_changed="Again")
    assert FollowUp.objects.get().what_changed == "More time to listen"
