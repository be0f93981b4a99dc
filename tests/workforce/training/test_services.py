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


def test_sign_up_respects_capacity_and_cancelled_places_free_up():
    session = YouthSessionFactory(capacity=1)
    first, second = StaffProfileFactory(), StaffProfileFactory()
    place = services.training_sign_up(session=session, attendee=first)
    with pytest.raises(ValidationError, match="full"):
        services.training_sign_up(session=session, attendee=second)
    with pytest.raises(ValidationError, match="already have a place"):
        services.training_sign_up(session=session, attendee=first)
    services.training_cancel_place(attendance=place)
    assert services.training_sign_up(session=session, attendee=second).status == "signed_up"


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


def test_follow_up_is_answered_once_and_only_after_asking():
    attendance = AttendanceFactory(status="attended")
    with pytest.raises(ValidationError, match="not time yet"):
        services.follow_up_answer(attendance=attendance, what_changed="More time to listen")
    attendance.follow_up_sent_at = NOW
    attendance.save()
    services.follow_up_answer(attendance=attendance, what_changed="More time to listen")
    with pytest.raises(ValidationError, match="already told us"):
        services.follow_up_answer(attendance=attendance, what_changed="Again")
    assert FollowUp.objects.get().what_changed == "More time to listen"
