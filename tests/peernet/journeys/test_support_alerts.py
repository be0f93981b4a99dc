"""A supervision that says a peer needs extra support now raises an alert that reaches their coordinators at
once and stays until someone records what was done."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from peernet.journeys import services
from peernet.models import SupportAlert
from tests.factories.peers import active_peer
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

TODAY = datetime.date.today()


@pytest.fixture
def cover(world):
    return StaffProfileFactory(
        user=UserFactory(kinds=[roles.PEER_COORDINATOR], first_name="Casey", last_name="Cover"),
        service=world.service,
    )


@pytest.fixture
def peer(world, cover):
    return active_peer(
        service=world.service,
        coordinator=world.profile("peer_coordinator"),
        cover_coordinator=cover,
        display_name="Robin L",
    )


def _needs_support(peer, *, held_on=TODAY, notes="Private words about a hard week"):
    return services.supervision_record(
        peer=peer,
        held_on=held_on,
        supervisor=peer.coordinator,
        wellbeing="needs_support",
        notes=notes,
        next_due_on=held_on + datetime.timedelta(days=7),
    )


def test_needs_support_now_emails_coordinator_and_cover_at_once_without_the_notes(
    peer, cover, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supervision = _needs_support(peer)
    alert = SupportAlert.objects.get()
    assert alert.supervision == supervision and alert.is_open and alert.reported_on == TODAY
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.user("peer_coordinator").email, cover.user.email])
    assert "Robin L needs extra support now" in message.subject
    assert reverse("peernet:peer_detail", args=[peer.pk]) in message.body
    assert "Private words" not in message.body


def test_other_wellbeing_raises_nothing_and_a_second_save_does_not_raise_twice(
    peer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supervision = services.supervision_record(
            peer=peer,
            held_on=TODAY,
            supervisor=peer.coordinator,
            wellbeing="struggling",
            next_due_on=TODAY + datetime.timedelta(days=7),
        )
    assert not SupportAlert.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.supervision_correct(
                supervision=supervision,
                held_on=TODAY,
                wellbeing="needs_support",
                next_due_on=TODAY + datetime.timedelta(days=7),
                revision=supervision.revision,
            )
    assert SupportAlert.objects.count() == 1 and len(mail.outbox) == 1


def test_alert_shows_on_the_dashboard_the_next_action_and_the_record(client, peer, world):
    _needs_support(peer)
    for kind in ("peer_coordinator", "service_manager"):
        client.force_login(world.user(kind))
        page = client.get(reverse("peernet:peer_dashboard")).content.decode()
        needs_attention = page[page.index("Needs attention") : page.index("Checks expiring")]
        assert "Needs extra support now" in needs_attention and "Robin L" in needs_attention
        assert "Support now" in page  # the tag beside the next action
        record = client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
        assert "Needs extra support now" in record
        assert reverse("peernet:peer_support_alert_close", args=[peer.pk, SupportAlert.objects.get().pk]) in record
    assert services.today() == TODAY


def test_the_next_action_puts_the_alert_first(peer):
    from peernet.journeys import selectors

    peer = active_peer(service=peer.service, coordinator=peer.coordinator, months_ago=4, display_name="Late Too")
    _needs_support(peer)
    item = selectors.journey(selectors.dashboard_peers(user=peer.coordinator.user).get(pk=peer.pk), TODAY)
    assert item.next_action.startswith("Needs extra support now")
    assert item.overdue, "what is overdue is still listed"


def test_alert_stays_in_the_daily_reminder_until_closed(peer, world, cover):
    _needs_support(peer)
    mail.outbox.clear()
    call_command("send_peer_reminders")
    assert len(mail.outbox) == 2
    assert "Robin L: Needs extra support now" in mail.outbox[0].body
    alert = SupportAlert.objects.get()
    services.support_alert_close(alert=alert, done_on=TODAY, action="Rang them", by=cover.user)
    mail.outbox.clear()
    SupportAlert.objects.all().delete()
    call_command("send_peer_reminders")
    assert all("Needs extra support" not in message.body for message in mail.outbox)


def test_an_open_alert_is_in_each_days_reminder(peer):
    from peernet.journeys.selectors import reminders_due

    _needs_support(peer)
    today = reminders_due(on=TODAY)
    tomorrow = reminders_due(on=TODAY + datetime.timedelta(days=1))
    key = {item.key for items in today.values() for item in items if item.key.startswith("alert")}
    next_key = {item.key for items in tomorrow.values() for item in items if item.key.startswith("alert")}
    assert key and next_key and key != next_key


def test_closing_records_who_when_and_what_and_the_history_shows_it(client, peer, world, cover):
    _needs_support(peer)
    alert = SupportAlert.objects.get()
    url = reverse("peernet:peer_support_alert_close", args=[peer.pk, alert.pk])
    client.force_login(cover.user)
    response = client.post(url, {"done_on": TODAY.isoformat(), "action": ""})
    assert response.status_code == 200 and SupportAlert.objects.open().count() == 1
    response = client.post(
        url, {"done_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "action": "Rang them the same day"}
    )
    assert "cannot be in the future" in response.content.decode()
    response = client.post(url, {"done_on": TODAY.isoformat(), "action": "Rang them the same day"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open and alert.closed_by == cover.user and alert.action == "Rang them the same day"
    record = client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Support alerts closed" in record and "Rang them the same day" in record and "Casey Cover" in record
    assert client.get(url).status_code == 404, "a closed alert cannot be closed again"
    page = client.get(reverse("peernet:peer_dashboard")).content.decode()
    assert "Needs extra support now" not in page


def test_service_manager_may_close_but_the_peer_and_others_may_not(peer, world):
    _needs_support(peer)
    alert = SupportAlert.objects.get()
    for user in (world.user("peer_worker"), world.user("staff_member")):
        with pytest.raises(ValidationError, match="Only the peer's coordinators"):
            services.support_alert_close(alert=alert, done_on=TODAY, action="x", by=user)
    with pytest.raises(ValidationError) as error:
        services.support_alert_close(
            alert=alert, done_on=TODAY - datetime.timedelta(days=3), action="Rang", by=world.user("service_manager")
        )
    assert "done_on" in error.value.error_dict
    services.support_alert_close(alert=alert, done_on=TODAY, action="Rang", by=world.user("service_manager"))
    with pytest.raises(ValidationError, match="already closed"):
        services.support_alert_close(alert=alert, done_on=TODAY, action="Again", by=world.user("service_manager"))


def test_the_peer_does_not_see_the_alert_section_on_their_record(client, world):
    peer = active_peer(
        service=world.service, coordinator=world.profile("peer_coordinator"), user=world.user("peer_worker")
    )
    _needs_support(peer)
    client.force_login(world.user("peer_worker"))
    page = client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Record what was done" not in page


def test_a_mail_server_that_is_down_does_not_undo_the_supervision(
    peer, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr(services, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        _needs_support(peer)
    assert SupportAlert.objects.open().count() == 1


def test_a_peer_who_says_they_need_support_now_raises_an_alert(client, world, django_capture_on_commit_callbacks):
    peer = active_peer(
        service=world.service,
        coordinator=world.profile("peer_coordinator"),
        user=world.user("peer_worker"),
        display_name="Sam C",
    )
    client.force_login(world.user("peer_worker"))
    journey = client.get(reverse("peernet:my_journey")).content.decode()
    assert reverse("peernet:my_check_in") in journey
    page = client.get(reverse("peernet:my_check_in")).content.decode()
    assert "call 999" in page and "116 123" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("peernet:my_check_in"), {"wellbeing": "struggling"})
    assert response.status_code == 302 and not SupportAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("peernet:my_check_in"), {"wellbeing": "needs_support"}, follow=True)
    assert "Your coordinator has been told" in response.content.decode()
    alert = SupportAlert.objects.get()
    assert alert.check_in.peer == peer and alert.supervision is None
    assert mail.outbox[0].to == [world.user("peer_coordinator").email]
    assert "in their own check-in" in mail.outbox[0].body
    client.force_login(world.user("peer_coordinator"))
    record = client.get(reverse("peernet:peer_detail", args=[peer.pk])).content.decode()
    assert "Seen in their own check-in" in record


def test_check_ins_are_closed_once_the_journey_has_ended(world):
    from peernet.models import Peer, Stage

    peer = active_peer(service=world.service, coordinator=world.profile("peer_coordinator"))
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, ended_on=TODAY, outcome="education")
    peer.refresh_from_db()
    with pytest.raises(ValidationError, match="check-ins are closed"):
        services.check_in_record(peer=peer, wellbeing="needs_support", by=None)
