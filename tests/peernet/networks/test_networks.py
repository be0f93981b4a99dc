import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peernet.models import NetworkMembership, NetworkSubscription
from peernet.networks import services
from tests.factories.competencies import ExpectationFactory
from tests.factories.networks import InterviewQuestionFactory, MeetingFactory, NetworkFactory, add_member
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

pytestmark = pytest.mark.django_db


def test_person_asks_to_join_and_coordinator_lets_them_in(client):
    network = NetworkFactory()
    coordinator = UserFactory()
    add_member(network, coordinator, coordinator=True)
    applicant = StaffProfileFactory(job_title="Peer support worker").user

    client.force_login(applicant)
    client.post(reverse("peernet:network-join", args=[network.slug]), {"reason": "Recruiting volunteers"})
    assert client.get(reverse("peernet:network-detail", args=[network.slug])).status_code == 404

    client.force_login(coordinator)
    page = client.get(reverse("peernet:network-requests", args=[network.slug]))
    assert "Recruiting volunteers" in page.content.decode()
    membership = NetworkMembership.objects.get(user=applicant)
    client.post(reverse("peernet:network-request-decide", args=[network.slug, membership.pk]), {"decision": "approve"})

    client.force_login(applicant)
    assert client.get(reverse("peernet:network-detail", args=[network.slug])).status_code == 200
    assert applicant.groups.filter(name=roles.NETWORK_MEMBER.name).exists()


def test_member_of_one_network_cannot_decide_requests_of_another(client):
    network, other = NetworkFactory(), NetworkFactory()
    coordinator = UserFactory()
    add_member(other, coordinator, coordinator=True)
    membership = services.membership_request(network=network, user=UserFactory())
    client.force_login(coordinator)
    response = client.post(
        reverse("peernet:network-request-decide", args=[network.slug, membership.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.REQUESTED


def test_coordinator_joins_the_networks_editors_group_and_nobody_else_does():
    network = NetworkFactory()
    coordinator, member = UserFactory(), UserFactory()
    add_member(network, coordinator, coordinator=True)
    add_member(network, member)
    assert list(network.editors_group.user_set.all()) == [coordinator]


def test_asking_twice_is_refused_with_a_plain_message():
    network, user = NetworkFactory(), UserFactory()
    services.membership_request(network=network, user=user)
    with pytest.raises(ValidationError, match="already asked"):
        services.membership_request(network=network, user=user)


def _link(body, name):
    return re.search(rf"http://testserver(/networks/updates/{name}/[^/\s]+/)", body).group(1)


def test_anyone_gets_updates_only_after_clicking_the_link_and_stops_with_one_click(client):
    network = NetworkFactory()
    response = client.post(reverse("peernet:network-updates", args=[network.slug]), {"email": "Reader@Example.net"})
    assert "Check your email" in response.content.decode()
    subscription = NetworkSubscription.objects.get()
    assert subscription.email == "reader@example.net" and not subscription.is_active

    (message,) = mail.outbox
    assert message.to == ["reader@example.net"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.get(_link(message.body, "confirm"))
    subscription.refresh_from_db()
    assert subscription.is_active

    client.get(_link(message.body, "stop"))
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_mail_programs_can_stop_updates_with_a_post_and_no_form_token():
    network = NetworkFactory()
    subscription = services.subscription_request(network=network, email="a@example.net")
    services.subscription_confirm(token=subscription.token)
    response = Client(enforce_csrf_checks=True).post(
        reverse("peernet:network-updates-stop", args=[subscription.token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.stopped_at is not None


def test_a_made_up_confirmation_link_is_not_found(client):
    assert client.get(reverse("peernet:network-updates-confirm", args=["not-a-token"])).status_code == 404


def test_only_members_can_be_recorded_at_a_meeting():
    network = NetworkFactory()
    member, stranger = UserFactory(), UserFactory()
    add_member(network, member)
    with pytest.raises(ValidationError, match="Only the network's members"):
        services.meeting_save(
            network=network,
            title="Spring meeting",
            date=datetime.date(2026, 3, 1),
            location="Riverside L&D",
            attendees=[member, stranger],
        )
    meeting = services.meeting_save(
        network=network,
        title="Spring meeting",
        date=datetime.date(2026, 3, 1),
        location="Riverside L&D",
        attendees=[member],
    )
    assert list(meeting.attendees.all()) == [member]


def test_a_meeting_host_must_be_in_the_network():
    network = NetworkFactory()
    with pytest.raises(ValidationError, match="host service"):
        services.meeting_save(network=network, title="x", date=datetime.date(2026, 3, 1), host_service=ServiceFactory())


def test_a_team_cannot_visit_itself():
    service = ServiceFactory()
    network = NetworkFactory(services_=[service])
    with pytest.raises(ValidationError, match="cannot visit itself"):
        services.visit_create(
            network=network,
            visiting_service=service,
            host_service=service,
            date=datetime.date(2026, 3, 1),
            purpose="See their volunteer induction",
        )


def test_coordinator_records_a_meeting_through_the_form(client):
    service = ServiceFactory()
    network = NetworkFactory(services_=[service])
    coordinator = UserFactory(first_name="Kim")
    add_member(network, coordinator, coordinator=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("peernet:network-meeting-create", args=[network.slug]),
        {
            "title": "Recruiting peer volunteers",
            "date": "14/03/2026",
            "start_time": "10:00",
            "end_time": "12:00",
            "host_service": service.pk,
            "agenda": "Adverts",
            "notes": "",
            "actions": "Kim to share our advert\nBeth to book the room",
            "attendees": [coordinator.pk],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(f"/networks/{network.slug}/meetings/")
    text = response.content.decode()
    assert "Recruiting peer volunteers" in text and "Beth to book the room" in text and "Kim" in text
    assert "10:00 to 12:00" in text


def test_member_sees_meetings_and_members_on_the_network_home(client, django_assert_max_num_queries):
    network = NetworkFactory()
    member = UserFactory(first_name="Ellis", last_name="Ward")
    add_member(network, member)
    for _ in range(5):
        MeetingFactory(network=network)
    client.force_login(member)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("peernet:network-detail", args=[network.slug]))
    assert response.content.decode().count("Network meeting") == 5
    assert "Ellis Ward" in response.content.decode()


def test_interview_pack_gathers_questions_for_the_roles_competences_and_downloads_as_pdf(client):
    expectation = ExpectationFactory(role_profile__title="Peer support worker")
    network = NetworkFactory()
    member, outsider_network = UserFactory(), NetworkFactory()
    add_member(network, member)
    InterviewQuestionFactory(competence=expectation.competence, question="How would you build trust?")
    InterviewQuestionFactory(competence=expectation.competence, network=network, question="Our own question?")
    InterviewQuestionFactory(competence=expectation.competence, network=outsider_network, question="Hidden one?")
    InterviewQuestionFactory(question="A question for another competence?")

    client.force_login(member)
    page = client.get(reverse("peernet:interview-pack"), {"role_profile": expectation.role_profile.pk})
    text = page.content.decode()
    assert "How would you build trust?" in text and "Our own question?" in text
    assert "Hidden one?" not in text and "another competence" not in text

    pdf = client.get(reverse("peernet:interview-pack-pdf", args=[expectation.role_profile.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_asking_again_soon_does_not_send_another_email(client):
    network = NetworkFactory()
    url = reverse("peernet:network-updates", args=[network.slug])
    for _ in range(3):
        assert "Check your email" in client.post(url, {"email": "someone@example.net"}).content.decode()
    assert len(mail.outbox) == 1
    subscription = NetworkSubscription.objects.get()
    subscription.confirmation_sent_at -= services.CONFIRMATION_RESEND_AFTER
    subscription.save()
    client.post(url, {"email": "someone@example.net"})
    assert len(mail.outbox) == 2
