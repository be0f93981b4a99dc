"""Two copies of a scheduled command started at once (two servers' cron, a retried job) send each email once.

Each run is a thread with its own database connection, started together; sending is slowed so the first
run is still inside its transaction when the second reaches the same coordinator or subscriber. The race
is real on PostgreSQL, where CI runs these (DATABASE_URL=postgres://...). On SQLite the product's write lock
(BEGIN IMMEDIATE, cms/settings/base.py) queues the runs; pytest-django's SQLite test database is in memory
with a shared cache, where a second writer fails at once instead of queueing, so these are skipped there.
"""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from peernet.journeys import services as journey_services
from peernet.models import Check, DigestDelivery, SentReminder
from peernet.networks import digest
from tests.factories.networks import MeetingFactory, NetworkFactory, SubscriptionFactory, hub_for
from tests.factories.peers import active_peer
from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.world import build_world
from workforce import roles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="an in-memory SQLite test database cannot take two writers at once"
    ),
]
SLOW_SEND = 0.3


def run_twice_at_once(command: str) -> list[BaseException]:
    start, errors = threading.Barrier(2), []

    def run():
        try:
            start.wait()
            call_command(command, stdout=StringIO())
        except BaseException as error:  # noqa: BLE001 - the test reports whatever a run raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def slowed(send):
    def slow_send(*args, **kwargs):
        time.sleep(SLOW_SEND)
        return send(*args, **kwargs)

    return slow_send


def test_two_reminder_runs_at_once_send_each_coordinator_their_reminders_once(monkeypatch):
    world = build_world()
    today = datetime.date.today()
    coordinators = [world.profile("peer_coordinator")]
    coordinators += [
        StaffProfileFactory(user=UserFactory(kinds=[roles.PEER_COORDINATOR]), service=world.service) for _ in range(3)
    ]
    for number, coordinator in enumerate(coordinators):
        peer = active_peer(service=world.service, coordinator=coordinator, months_ago=4, display_name=f"Peer {number}")
        Check.objects.filter(peer=peer, kind="dbs").update(expires_on=today + datetime.timedelta(days=30))
    monkeypatch.setattr(journey_services, "send_mail", slowed(journey_services.send_mail))

    errors = run_twice_at_once("send_peer_reminders")

    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(c.user.email for c in coordinators)
    assert SentReminder.objects.count() == 3 * len(coordinators)


def test_two_digest_runs_at_once_send_each_subscriber_one_digest_and_neither_fails(monkeypatch):
    network = NetworkFactory(name="North peer network")
    hub_for(network)
    readers = [SubscriptionFactory(network=network, email=f"reader{n}@example.net") for n in range(4)]
    MeetingFactory(network=network, title="Spring network meeting")
    MeetingFactory(network=network, title="Summer network meeting")
    monkeypatch.setattr(digest, "subscriber_email_send", slowed(digest.subscriber_email_send))

    errors = run_twice_at_once("send_network_digest")

    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(reader.email for reader in readers)
    assert DigestDelivery.objects.count() == 2 * len(readers)
