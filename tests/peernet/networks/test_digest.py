"""The weekly digest: new meetings and resources, each sent to a subscriber once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.library.resource import Visibility
from peernet.models import DigestDelivery
from peernet.networks.tasks import send_network_digests
from tests.factories.networks import (
    MeetingFactory,
    NetworkFactory,
    SubscriptionFactory,
    add_member,
    hub_for,
    publish_resource,
)
from tests.factories.workforce import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    made = NetworkFactory(name="North peer network")
    hub_for(made)
    return made


def test_digest_sends_new_meetings_and_public_resources_once(network):
    subscription = SubscriptionFactory(network=network, email="reader@example.net")
    MeetingFactory(network=network, title="Spring network meeting")
    publish_resource(network, title="Public podcast episode", visibility=Visibility.PUBLIC)
    publish_resource(network, title="Members-only job description")

    call_command("send_network_digest")
    (message,) = mail.outbox
    assert message.to == ["reader@example.net"]
    assert "Spring network meeting" in message.body and "Public podcast episode" in message.body
    assert "Members-only job description" not in message.body
    assert f"/networks/updates/stop/{subscription.token}/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/networks/updates/stop/")
    assert DigestDelivery.objects.filter(subscription=subscription).count() == 2

    call_command("send_network_digest")
    assert len(mail.outbox) == 1

    MeetingFactory(network=network, title="Summer network meeting")
    send_network_digests.enqueue()
    assert len(mail.outbox) == 2
    assert "Summer network meeting" in mail.outbox[1].body and "Spring network meeting" not in mail.outbox[1].body


def test_members_address_also_hears_of_members_only_resources(network):
    member = UserFactory(email="member@example.org")
    add_member(network, member)
    SubscriptionFactory(network=network, email="member@example.org")
    publish_resource(network, title="Members-only job description")
    send_network_digests.enqueue()
    assert "Members-only job description" in mail.outbox[0].body


def test_unconfirmed_and_stopped_subscribers_get_nothing(network):
    SubscriptionFactory(network=network, confirmed_at=None)
    SubscriptionFactory(network=network, stopped_at=timezone.now())
    MeetingFactory(network=network)
    send_network_digests.enqueue()
    assert mail.outbox == []


def test_old_news_is_not_sent_to_a_new_subscriber(network):
    old = MeetingFactory(network=network, title="Last year's meeting")
    old.created_at = timezone.now() - datetime.timedelta(days=60)
    old.save()
    SubscriptionFactory(network=network)
    send_network_digests.enqueue()
    assert mail.outbox == []


def test_other_networks_news_is_not_sent(network):
    SubscriptionFactory(network=network)
    MeetingFactory(network=NetworkFactory(), title="Elsewhere")
    send_network_digests.enqueue()
    assert mail.outbox == []
