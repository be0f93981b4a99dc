"""The weekly email digest: each confirmed subscriber gets what is new in their network, once.

Meetings come from here; other parts add their own items (shared resources are Wagtail pages in cms, which
peernet cannot import) through the ``DIGEST_HOOK`` Wagtail hook.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from wagtail import hooks

from peernet.models import DigestDelivery, Network, NetworkMembership, NetworkSubscription
from peernet.networks.services import subscriber_email_send


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest. ``kind`` and ``id`` record that it was sent, so it is never sent again."""

    kind: str
    id: int
    title: str
    detail: str = ""
    url: str = ""


# Other parts add items to the digest (shared resources are Wagtail pages in cms) through this Wagtail hook:
# each function takes (network, since, for_member) and returns DigestItems. peernet cannot import cms.
DIGEST_HOOK = "network_digest_items"
# A new subscriber's first digest covers this much of what came before they confirmed.
DIGEST_LOOKBACK = datetime.timedelta(days=7)


def _is_member_address(network: Network, email: str) -> bool:
    return NetworkMembership.objects.approved().filter(network=network, user__email__iexact=email).exists()


def digest_items(*, subscription: NetworkSubscription) -> list[DigestItem]:
    """What is new for this subscriber and not yet sent to them.

    Meetings' titles, dates and hosts go to every subscriber; what members alone may see goes only to an
    address that belongs to a member.
    """
    network = subscription.network
    since = subscription.confirmed_at - DIGEST_LOOKBACK
    items = [
        DigestItem(
            kind="meeting",
            id=meeting.pk,
            title=meeting.title,
            detail=f"{meeting.date:%d %B %Y}" + (f" at {meeting.host_service.name}" if meeting.host_service else ""),
        )
        for meeting in network.meetings.filter(created_at__gte=since).select_related("host_service").order_by("date")
    ]
    for source in hooks.get_hooks(DIGEST_HOOK):
        items.extend(source(network, since, _is_member_address(network, subscription.email)))
    sent = set(subscription.deliveries.values_list("item_kind", "item_id"))
    return [item for item in items if (item.kind, item.id) not in sent]


def digest_send(*, subscription: NetworkSubscription) -> int:
    """Email one subscriber what is new and record each item, so it is never sent twice. Returns the count."""
    with transaction.atomic():
        # Claim the subscriber first. A second run at the same time skips a subscriber the first holds
        # (PostgreSQL), or waits for it (SQLite takes the write lock when the transaction begins), and reads
        # what was sent after the claim, so the same item never goes twice and no run trips on the other's rows.
        subscription = (
            NetworkSubscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("network")
            .filter(pk=subscription.pk)
            .first()
        )
        if subscription is None or not subscription.is_active:
            return 0
        items = digest_items(subscription=subscription)
        if not items:
            return 0
        DigestDelivery.objects.bulk_create(
            [DigestDelivery(subscription=subscription, item_kind=item.kind, item_id=item.id) for item in items]
        )
        subscriber_email_send(
            subject=f"What is new in {subscription.network.name}",
            template="peernet/networks/email/digest.txt",
            context={
                "meetings": [item for item in items if item.kind == "meeting"],
                "resources": [item for item in items if item.kind != "meeting"],
            },
            to=subscription.email,
            subscription=subscription,
        )
    return len(items)


def digests_send() -> dict:
    """The weekly digest for every confirmed subscriber of every active network."""
    emails = items = 0
    subscriptions = NetworkSubscription.objects.confirmed().filter(network__active=True).select_related("network")
    for subscription in subscriptions:
        count = digest_send(subscription=subscription)
        emails += bool(count)
        items += count
    return {"emails": emails, "items": items}
