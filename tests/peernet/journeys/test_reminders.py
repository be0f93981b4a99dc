import datetime

from django.core import mail
from django.core.management import call_command

from peernet.models import Check, SentReminder
from tests.factories.peers import active_peer
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

TODAY = datetime.date.today()


def test_daily_reminders_are_sent_once(world):
    coordinator = world.profile("peer_coordinator")
    cover = StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]), service=world.service)
    peer = active_peer(
        service=world.service, coordinator=coordinator, cover_coordinator=cover, months_ago=4, display_name="Rev Due"
    )
    Check.objects.filter(peer=peer, kind="dbs").update(expires_on=TODAY + datetime.timedelta(days=30))

    call_command("send_peer_reminders")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([coordinator.user.email, cover.user.email])
    body = mail.outbox[0].body
    assert "Rev Due: 3-month review was due" in body
    assert "Rev Due: DBS check expires" in body
    assert "Rev Due: Supervision was due" in body

    call_command("send_peer_reminders")
    assert len(mail.outbox) == 2, "the same reminders must not be sent again"
    assert SentReminder.objects.filter(recipient=coordinator.user).count() == 3


def test_no_email_when_nothing_is_due(world):
    active_peer(service=world.service, coordinator=world.profile("peer_coordinator"), months_ago=0)
    call_command("send_peer_reminders")
    assert mail.outbox == []


def test_follow_up_after_the_end_is_reminded_once(world):
    from peernet.models import Peer, Stage
    from workforce.common.dates import add_months

    peer = active_peer(
        service=world.service, coordinator=world.profile("peer_coordinator"), months_ago=22, display_name="Gone On"
    )
    Peer.objects.filter(pk=peer.pk).update(stage=Stage.ENDED, outcome="education", ended_on=add_months(TODAY, -3))
    call_command("send_peer_reminders")
    call_command("send_peer_reminders")
    assert len(mail.outbox) == 1
    assert "Gone On: 3-month follow-up after they ended was due" in mail.outbox[0].body
