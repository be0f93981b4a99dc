import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories.competencies import CompetenceFactory
from tests.factories.training import (
    AttendanceFactory,
    InvolvementFactory,
    YoungExpertFactory,
    YouthOrganisationFactory,
    YouthSessionFactory,
)
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce.models import TrainingAttendance, TrainingSession, YoungExpert, YoungExpertFeedback
from workforce.training.services import you_said_we_did_save

pytestmark = pytest.mark.django_db
NOW = timezone.now()
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def test_lead_plans_a_session_with_two_young_experts(world, client):
    client.force_login(world.user("participation_lead"))
    first, second = YoungExpertFactory(display_name="Jay"), YoungExpertFactory(display_name="Mo")
    competence = CompetenceFactory()
    data = {
        "title": "Talking with young people in custody",
        "starts_at": (NOW + datetime.timedelta(days=7)).strftime(LOCAL_FORMAT),
        "location": "Riverside training room",
        "service": world.service.pk,
        "capacity": 12,
        "young_experts": [first.pk],
        "competences": [competence.pk],
    }
    response = client.post(reverse("workforce:training-session-add"), data)
    assert "Choose at least two young experts" in response.content.decode()
    response = client.post(reverse("workforce:training-session-add"), data | {"young_experts": [first.pk, second.pk]})
    session = TrainingSession.objects.get()
    assert response.url == reverse("workforce:training-session", args=[session.pk])
    assert session.youth_led and session.region == world.region
    assert {expert.display_name for expert in session.young_experts.all()} == {"Jay", "Mo"}
    page = client.get(response.url).content.decode()
    assert "Jay" in page and "Mo" in page and competence.title in page


def test_staff_see_sessions_for_their_service_and_region_only(world, client):
    YouthSessionFactory(title="For our service", service=world.service, region=world.region)
    YouthSessionFactory(title="For the whole region", region=world.region)
    YouthSessionFactory(title="For another region", region=world.other_region)
    YouthSessionFactory(title="Already held", region=world.region, starts_at=NOW - datetime.timedelta(days=1))
    client.force_login(world.user("staff_member"))
    page = client.get(reverse("workforce:training")).content.decode()
    assert "For our service" in page and "For the whole region" in page
    assert "For another region" not in page and "Already held" not in page


def test_staff_member_signs_up_and_a_full_session_offers_the_waiting_list(world, client):
    session = YouthSessionFactory(region=world.region, capacity=1)
    client.force_login(world.user("staff_member"))
    client.post(reverse("workforce:training-sign-up", args=[session.pk]))
    assert TrainingAttendance.objects.get().attendee == world.profile("staff_member")
    client.force_login(world.user("line_manager"))
    page = client.get(reverse("workforce:training")).content.decode()
    assert "Full" in page and "Join the waiting list" in page
    response = client.post(reverse("workforce:training-sign-up", args=[session.pk]), follow=True)
    page = response.content.decode()
    assert "is full, so you are on the waiting list. You are number 1." in page
    assert "Leave the waiting list" in page
    assert TrainingAttendance.objects.get(attendee=world.profile("line_manager")).status == "waiting"


def test_a_place_that_comes_up_is_offered_and_taken(world, client, mailoutbox, django_capture_on_commit_callbacks):
    session = YouthSessionFactory(region=world.region, capacity=1, title="Custody talk")
    place = AttendanceFactory(session=session, attendee=world.profile("staff_member"))
    waiting = AttendanceFactory(
        session=session, attendee=world.profile("line_manager"), status="waiting", waiting_since=NOW
    )
    client.force_login(world.user("staff_member"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workforce:training-cancel", args=[place.pk]))
    assert [message.to for message in mailoutbox] == [[world.user("line_manager").email]]
    client.force_login(world.user("line_manager"))
    page = client.get(reverse("workforce:training")).content.decode()
    assert "A place has come up and we are keeping it for you." in page and "Take the place" in page
    response = client.post(reverse("workforce:training-accept-offer", args=[waiting.pk]), follow=True)
    assert "You have a place on Custody talk." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "signed_up"


def _session_data(world, experts, **changes):
    return {
        "title": "Talking with young people",
        "starts_at": (NOW + datetime.timedelta(days=7)).strftime(LOCAL_FORMAT),
        "location": "Riverside training room",
        "service": world.service.pk,
        "young_experts": [expert.pk for expert in experts],
    } | changes


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"capacity": 0}, "Enter a number of places from 1 to 500, or choose no limit."),
        ({}, "Enter a number of places from 1 to 500, or choose no limit."),
        ({"capacity": 12, "no_limit": "on"}, "Enter a number of places or choose no limit, not both."),
        ({"capacity": 12, "starts_at": "2100-01-01T10:00"}, "The start date must be between"),
        ({"capacity": 12, "starts_at": "1900-01-01T10:00"}, "The start date must be between"),
    ],
)
def test_session_form_refuses_zero_places_and_dates_out_of_bounds(world, client, changes, message):
    experts = YoungExpertFactory.create_batch(2)
    client.force_login(world.user("participation_lead"))
    response = client.post(reverse("workforce:training-session-add"), _session_data(world, experts, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_no_limit_is_chosen_plainly_and_shown_as_such(world, client):
    experts = YoungExpertFactory.create_batch(2)
    client.force_login(world.user("participation_lead"))
    response = client.post(reverse("workforce:training-session-add"), _session_data(world, experts, no_limit="on"))
    session = TrainingSession.objects.get()
    assert session.capacity is None
    assert "There is no limit on places." in client.get(response.url).content.decode()
    form = client.get(reverse("workforce:training-session-edit", args=[session.pk])).content.decode()
    assert "checked" in re.search(r'<input[^>]*name="no_limit"[^>]*>', form).group()


def test_lead_records_a_walk_in_by_email(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=NOW - datetime.timedelta(hours=3), capacity=1)
    booked = AttendanceFactory(session=session, attendee=world.profile("staff_member"))
    client.force_login(world.user("participation_lead"))
    url = reverse("workforce:training-attendance", args=[session.pk])
    response = client.post(url, {"attended": [booked.pk], "walk_ins": "nobody@example.org"})
    assert "there is no staff member with the email address nobody@example.org" in response.content.decode()
    walk_in = world.user("line_manager")
    response = client.post(url, {"attended": [booked.pk], "walk_ins": walk_in.email.upper()})
    assert response.status_code == 302
    place = TrainingAttendance.objects.get(attendee__user=walk_in)
    assert (place.status, place.walk_in) == ("attended", True)
    page = client.get(reverse("workforce:training-session", args=[session.pk])).content.decode()
    assert "Attended (walk-in)" in page


def test_lead_marks_attendance_and_it_becomes_attended(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=NOW - datetime.timedelta(hours=3))
    came = AttendanceFactory(session=session, attendee=world.profile("staff_member"))
    missed = AttendanceFactory(session=session, attendee=world.profile("line_manager"))
    client.force_login(world.user("participation_lead"))
    response = client.post(reverse("workforce:training-attendance", args=[session.pk]), {"attended": [came.pk]})
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == ("attended", "absent")


def test_attendee_gives_feedback_with_confidence_for_each_competence(world, client):
    first, second = CompetenceFactory(title="Communicating with young people"), CompetenceFactory()
    session = YouthSessionFactory(
        region=world.region, starts_at=NOW - datetime.timedelta(days=1), competences=[first, second]
    )
    attendance = AttendanceFactory(session=session, attendee=world.profile("staff_member"), status="attended")
    client.force_login(world.user("staff_member"))
    url = reverse("workforce:training-feedback", args=[attendance.pk])
    assert "Communicating with young people" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "learned": "Listen first",
            "will_do_differently": "Explain what happens next",
            f"before_{first.pk}": 2,
            f"after_{first.pk}": 4,
            f"before_{second.pk}": 3,
            f"after_{second.pk}": 3,
        },
    )
    assert response.status_code == 302
    assert sorted(attendance.feedback.ratings.values_list("before", "after")) == [(2, 4), (3, 3)]


def test_lead_records_a_young_experts_own_feedback(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=NOW - datetime.timedelta(days=1))
    expert = session.young_experts.first()
    client.force_login(world.user("participation_lead"))
    url = reverse("workforce:training-young-expert-feedback", args=[session.pk, expert.pk])
    response = client.post(url, {"voice": "yes", "audience": "partly", "influence": "yes", "comments": "Good"})
    assert response.status_code == 302
    feedback = YoungExpertFeedback.objects.get()
    assert (feedback.young_expert, feedback.audience) == (expert, "partly")


def test_youth_organisation_contact_sees_only_their_own_young_experts(client):
    contact = UserFactory()
    ours = YoungExpertFactory(display_name="Jay", organisation=YouthOrganisationFactory(contact=contact))
    theirs = YoungExpertFactory(display_name="Sky")
    client.force_login(contact)
    page = client.get(reverse("workforce:training-young-experts")).content.decode()
    assert "Jay" in page and "Sky" not in page
    assert client.get(reverse("workforce:training-young-expert", args=[ours.pk])).status_code == 200
    assert client.get(reverse("workforce:training-young-expert", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("workforce:training-young-expert-edit", args=[ours.pk])).status_code == 403


def test_payment_shows_a_caution_about_benefits(world, client):
    expert = YoungExpertFactory(recognition=YoungExpert.Recognition.PAYMENT)
    client.force_login(world.user("participation_lead"))
    page = client.get(reverse("workforce:training-young-expert", args=[expert.pk])).content.decode()
    assert "Payments may affect benefits" in page


def test_lead_adds_a_young_expert_under_16_only_with_a_carers_consent(world, client):
    organisation = YouthOrganisationFactory()
    client.force_login(world.user("participation_lead"))
    form = client.get(reverse("workforce:training-young-expert-add")).content.decode()
    assert 'name="age_band" type="radio" value="13-15"' in form
    assert 'name="age_band" type="radio" value=""' not in form
    assert 'name="recognition" type="radio" value=""' not in form
    data = {
        "display_name": "Jay",
        "age_band": "13-15",
        "organisation": organisation.pk,
        "consent": "on",
        "safeguarding_contact": "Dee Owens, 07700 900123",
        "recognition": "voucher",
        "active": "on",
    }
    response = client.post(reverse("workforce:training-young-expert-add"), data)
    assert "A parent or carer must agree" in response.content.decode()
    response = client.post(reverse("workforce:training-young-expert-add"), data | {"carer_consent": "on"})
    assert response.status_code == 302
    assert YoungExpert.objects.get(display_name="Jay").age_band == "13-15"


def test_young_expert_sees_their_own_involvement_and_nobody_elses(client):
    user = UserFactory()
    expert = YoungExpertFactory(display_name="Jay", user=user)
    other = YoungExpertFactory(display_name="Sky")
    delivered = YouthSessionFactory(
        title="Unconscious bias", starts_at=NOW - datetime.timedelta(days=2), young_experts=[expert, other]
    )
    not_theirs = YouthSessionFactory(title="Not theirs", starts_at=NOW - datetime.timedelta(days=2))
    InvolvementFactory(young_expert=expert, session=delivered, hours=2)
    InvolvementFactory(young_expert=expert, kind="travel", hours=1.5)
    InvolvementFactory(young_expert=other, session=delivered, hours=7)
    you_said_we_did_save(
        recorded_by=UserFactory(), you_said="Meet us in places we know", we_did="We meet in youth centres"
    )
    you_said_we_did_save(recorded_by=UserFactory(), you_said="Not changed yet")
    client.force_login(user)
    page = client.get(reverse("workforce:training-my-involvement")).content.decode()
    assert "You have given 3.5 hours" in page
    assert "Unconscious bias" in page and "Not theirs" not in page and "Sky" not in page
    assert "Meet us in places we know" in page and "Not changed yet" not in page
    response = client.get(reverse("workforce:training-certificate", args=[delivered.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get(reverse("workforce:training-certificate", args=[not_theirs.pk])).status_code == 404


def test_young_expert_gives_their_own_feedback(client):
    user = UserFactory()
    expert = YoungExpertFactory(user=user)
    session = YouthSessionFactory(
        starts_at=NOW - datetime.timedelta(days=1), young_experts=[expert, YoungExpertFactory()]
    )
    client.force_login(user)
    response = client.post(
        reverse("workforce:training-my-feedback", args=[session.pk]),
        {"voice": "yes", "audience": "yes", "influence": "partly"},
    )
    assert response.status_code == 302
    assert YoungExpertFeedback.objects.get().young_expert == expert


def test_follow_up_command_emails_once_and_the_answer_is_saved(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=NOW - datetime.timedelta(days=100))
    attendance = AttendanceFactory(session=session, attendee=world.profile("staff_member"), status="attended")
    out = io.StringIO()
    call_command("send_training_follow_ups", stdout=out)
    call_command("send_training_follow_ups", stdout=out)
    assert out.getvalue().splitlines() == ["Follow-up emails sent: 1", "Follow-up emails sent: 0"]
    assert len(mail.outbox) == 1
    client.force_login(world.user("staff_member"))
    url = reverse("workforce:training-follow-up", args=[attendance.pk])
    refused = client.post(url, {"what_changed": "I explain custody to young people in plain words"})
    assert "Say whether the session has changed how you work." in refused.content.decode()
    response = client.post(
        url, {"changed_practice": "yes", "what_changed": "I explain custody to young people in plain words"}
    )
    assert response.status_code == 302
    assert attendance.follow_up.what_changed.startswith("I explain custody")
    assert attendance.follow_up.changed_practice is True


def test_a_follow_up_can_say_nothing_has_changed_yet(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=NOW - datetime.timedelta(days=100))
    attendance = AttendanceFactory(
        session=session, attendee=world.profile("staff_member"), status="attended", follow_up_sent_at=NOW
    )
    client.force_login(world.user("staff_member"))
    client.post(
        reverse("workforce:training-follow-up", args=[attendance.pk]),
        {"changed_practice": "no", "what_changed": "We have had no custody cases since."},
    )
    attendance.refresh_from_db()
    assert attendance.follow_up.changed_practice is False


def test_staff_training_page_queries_do_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.user("staff_member"))
    for _ in range(6):
        session = YouthSessionFactory(region=world.region)
        AttendanceFactory(session=session, attendee=StaffProfileFactory())
    AttendanceFactory(session=session, attendee=world.profile("staff_member"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("workforce:training")).status_code == 200


def test_session_pages_queries_do_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.user("participation_lead"))
    competences = CompetenceFactory.create_batch(3)
    session = YouthSessionFactory(
        region=world.region, starts_at=NOW - datetime.timedelta(days=1), competences=competences
    )
    for _ in range(8):
        YouthSessionFactory(region=world.region)
        AttendanceFactory(session=session, status="attended")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("workforce:training-sessions")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("workforce:training-session", args=[session.pk])).status_code == 200


def test_reports_and_lists_never_show_a_young_experts_legal_name(world, client):
    user = UserFactory(first_name="Jayden", last_name="Smithson")
    expert = YoungExpertFactory(display_name="Jay", user=user)
    session = YouthSessionFactory(
        starts_at=NOW - datetime.timedelta(days=1), young_experts=[expert, YoungExpertFactory()]
    )
    InvolvementFactory(young_expert=expert, session=session)
    client.force_login(world.user("participation_lead"))
    for url in (
        reverse("workforce:training-report"),
        reverse("workforce:training-young-experts"),
        reverse("workforce:training-young-expert", args=[expert.pk]),
        reverse("workforce:training-session", args=[session.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Jay" in page and "Smithson" not in page and "Jayden" not in page, url


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "participation_lead",
            {"Youth-led sessions", "Young experts", "You said, we did", "Youth-led training report", "Training"},
        ),
        ("administrator", {"Youth-led sessions", "Young experts", "You said, we did", "Youth-led training report"}),
        ("staff_member", {"Training"}),
        ("commissioner", set()),
    ],
)
def test_home_cards_offer_only_what_each_kind_may_use(world, kind, expected):
    from workforce.navigation import _training_cards

    assert {card.label for card in _training_cards(world.user(kind))} == expected


def test_youth_organisation_contact_and_young_expert_get_their_own_cards():
    from workforce.navigation import _training_cards

    contact, young = UserFactory(), UserFactory()
    YoungExpertFactory(organisation=YouthOrganisationFactory(contact=contact), user=young)
    assert [card.label for card in _training_cards(contact)] == ["Your young experts"]
    assert [card.label for card in _training_cards(young)] == ["My involvement"]


def test_lead_changes_a_session_and_the_form_shows_its_date(world, client):
    session = YouthSessionFactory(region=world.region, starts_at=timezone.make_aware(datetime.datetime(2027, 3, 4, 10)))
    client.force_login(world.user("participation_lead"))
    url = reverse("workforce:training-session-edit", args=[session.pk])
    assert 'value="2027-03-04T10:00"' in client.get(url).content.decode()
    experts = [expert.pk for expert in session.young_experts.all()]
    response = client.post(
        url,
        {
            "title": "Renamed",
            "starts_at": "2027-03-05T14:00",
            "online": "on",
            "region": world.region.pk,
            "capacity": 20,
            "young_experts": experts,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.online, timezone.localtime(session.starts_at).hour) == ("Renamed", True, 14)


def test_follow_up_page_says_when_it_is_not_time_yet_or_already_answered(world, client):
    attendance = AttendanceFactory(
        session=YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=100)),
        attendee=world.profile("staff_member"),
        status="attended",
    )
    client.force_login(world.user("staff_member"))
    url = reverse("workforce:training-follow-up", args=[attendance.pk])
    page = client.get(url).content.decode()
    assert "It is not time yet" in page and "Send answer" not in page
    attendance.follow_up_sent_at = NOW
    attendance.save()
    assert "Send answer" in client.get(url).content.decode()
    client.post(url, {"changed_practice": "yes", "what_changed": "I listen more"})
    page = client.get(url).content.decode()
    assert "already told us" in page and "Send answer" not in page


def test_feedback_page_waits_for_attendance(world, client):
    attendance = AttendanceFactory(attendee=world.profile("staff_member"))
    client.force_login(world.user("staff_member"))
    page = client.get(reverse("workforce:training-feedback", args=[attendance.pk])).content.decode()
    assert "once you are marked as having attended" in page and "Send feedback" not in page


def test_removing_a_young_experts_details_keeps_their_hours(world, client):
    user = UserFactory()
    expert = YoungExpertFactory(display_name="Jay", user=user)
    session = YouthSessionFactory(
        starts_at=NOW - datetime.timedelta(days=1), young_experts=[expert, YoungExpertFactory()]
    )
    InvolvementFactory(young_expert=expert, session=session, hours=3, note="Travelled from Jarrow")
    YoungExpertFeedback.objects.create(
        session=session,
        young_expert=expert,
        voice="yes",
        audience="yes",
        influence="yes",
        comments="My school was mentioned",
    )
    client.force_login(world.user("participation_lead"))
    assert client.post(reverse("workforce:training-young-expert-forget", args=[expert.pk])).status_code == 302
    expert.refresh_from_db()
    assert (expert.display_name, expert.user, expert.active) == (f"Former young expert {expert.pk}", None, False)
    assert expert.feedback.get().comments == "" and expert.involvements.get().note == ""
    # The tombstone says who removed them.
    from cms.records.models import Erasure

    assert Erasure.objects.get(object_id=expert.pk, content_type__model="youngexpert").by == world.user(
        "participation_lead"
    )
    page = client.get(reverse("workforce:training-report")).content.decode()
    assert "Jay" not in page and f"Former young expert {expert.pk}" in page
    client.force_login(user)
    assert client.get(reverse("workforce:training-my-involvement")).status_code == 403
