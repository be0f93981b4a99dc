"""Writes for networks: setting one up, joining, updates by email, meetings, visits and interview questions.

The weekly digest of what is new is its own module, ``digest.py``."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission

from peernet.models import (
    InterviewQuestion,
    Network,
    NetworkMeeting,
    NetworkMembership,
    NetworkSubscription,
    TeamVisit,
)
from workforce import roles
from workforce.common.links import absolute_url
from workforce.models import Region, Service
from workforce.people.services import groups_for

# What a network's editors group may do with documents in the network's own collection, and nowhere else.
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
# Asking for updates again sends another confirmation email only after this long.
CONFIRMATION_RESEND_AFTER = datetime.timedelta(hours=1)


@transaction.atomic
def network_upsert(*, name: str, region: Region, summary: str = "", services: list[Service] | None = None) -> Network:
    """Create or update a network with its editors group and private document collection."""
    name = name.strip()
    if not name:
        raise ValidationError("Give the network a name.")
    network, _ = Network.objects.update_or_create(
        slug=slugify(name), defaults={"name": name, "region": region, "summary": summary}
    )
    if services is not None:
        network.services.set(services)
    if network.editors_group_id is None:
        network.editors_group, _ = Group.objects.get_or_create(name=f"Network editors: {name}")
    if network.collection_id is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        existing = root.get_children().filter(name=name).first()
        network.collection = existing or root.add_child(name=name)
    network.save()
    for codename in DOCUMENT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=network.editors_group,
            collection=network.collection,
            permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
        )
    return network


def _grant(membership: NetworkMembership) -> None:
    """Put the person in the groups that go with their place in the network."""
    user = membership.user
    user.groups.add(*groups_for([roles.NETWORK_MEMBER]))
    if membership.role == NetworkMembership.Role.COORDINATOR:
        user.groups.add(*groups_for([roles.NETWORK_COORDINATOR]))
        if membership.network.editors_group_id:
            user.groups.add(membership.network.editors_group)


@transaction.atomic
def membership_request(*, network: Network, user, reason: str = "") -> NetworkMembership:
    """The user asks to join. Asking again after a refusal opens a new request."""
    membership = NetworkMembership.objects.filter(network=network, user=user).first()
    if membership and membership.status == NetworkMembership.Status.APPROVED:
        raise ValidationError("You are already a member of this network.")
    if membership and membership.status == NetworkMembership.Status.REQUESTED:
        raise ValidationError("You have already asked to join. A coordinator will decide soon.")
    if membership is None:
        membership = NetworkMembership(network=network, user=user)
    membership.status = NetworkMembership.Status.REQUESTED
    membership.role = NetworkMembership.Role.MEMBER
    membership.reason = reason.strip()
    membership.decided_at = membership.decided_by = None
    membership.save()
    return membership


@transaction.atomic
def membership_decide(*, membership: NetworkMembership, approve: bool, decided_by) -> NetworkMembership:
    if membership.status != NetworkMembership.Status.REQUESTED:
        raise ValidationError("This request has already been decided.")
    membership.status = NetworkMembership.Status.APPROVED if approve else NetworkMembership.Status.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = decided_by
    membership.save()
    if approve:
        _grant(membership)
    return membership


@transaction.atomic
def membership_add(*, network: Network, user, coordinator: bool = False, added_by=None) -> NetworkMembership:
    """Add someone straight away, for example when a network is set up with its first coordinators."""
    role = NetworkMembership.Role.COORDINATOR if coordinator else NetworkMembership.Role.MEMBER
    membership, _ = NetworkMembership.objects.update_or_create(
        network=network,
        user=user,
        defaults={
            "status": NetworkMembership.Status.APPROVED,
            "role": role,
            "decided_at": timezone.now(),
            "decided_by": added_by,
        },
    )
    _grant(membership)
    return membership


def subscriber_email_send(
    *, subject: str, template: str, context: dict, to: str, subscription: NetworkSubscription
) -> None:
    stop_url = absolute_url(reverse("peernet:network-updates-stop", kwargs={"token": subscription.token}))
    body = render_to_string(template, {**context, "stop_url": stop_url, "network": subscription.network})
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[to],
        # Mail programs show their own "unsubscribe" button from these, and may stop updates with one POST.
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


@transaction.atomic
def subscription_request(*, network: Network, email: str) -> NetworkSubscription:
    """Ask for a network's updates. Nothing is sent until the person clicks the link in the email we send."""
    email = email.strip().lower()
    subscription, created = NetworkSubscription.objects.get_or_create(network=network, email=email)
    if subscription.is_active:
        return subscription
    if not created and subscription.stopped_at:
        subscription.stopped_at = None
        subscription.confirmed_at = None
        subscription.save(update_fields=["stopped_at", "confirmed_at"])
    # The form is public, so it must not become a way to flood someone's inbox.
    now = timezone.now()
    if subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
        return subscription
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["confirmation_sent_at"])
    confirm_url = absolute_url(reverse("peernet:network-updates-confirm", kwargs={"token": subscription.token}))
    subscriber_email_send(
        subject=f"Confirm you want updates from {network.name}",
        template="peernet/networks/email/confirm_subscription.txt",
        context={"confirm_url": confirm_url},
        to=email,
        subscription=subscription,
    )
    return subscription


def subscription_confirm(*, token: str) -> NetworkSubscription:
    subscription = NetworkSubscription.objects.select_related("network").filter(token=token).first()
    if subscription is None:
        raise ValidationError("This link is not valid. Ask for updates again.")
    if subscription.confirmed_at is None or subscription.stopped_at:
        subscription.confirmed_at = timezone.now()
        subscription.stopped_at = None
        subscription.save(update_fields=["confirmed_at", "stopped_at"])
    return subscription


def subscription_stop(*, token: str) -> NetworkSubscription:
    subscription = NetworkSubscription.objects.select_related("network").filter(token=token).first()
    if subscription is None:
        raise ValidationError("This link is not valid. You are not getting updates from this address.")
    if subscription.stopped_at is None:
        subscription.stopped_at = timezone.now()
        subscription.save(update_fields=["stopped_at"])
    return subscription


@transaction.atomic
def meeting_save(
    *,
    network: Network,
    title: str,
    date: datetime.date,
    host_service: Service | None = None,
    agenda: str = "",
    notes: str = "",
    actions: str = "",
    attendees=(),
    meeting: NetworkMeeting | None = None,
) -> NetworkMeeting:
    """Record a meeting, or update one. Only the network's members can be marked as having come."""
    if host_service is not None and not network.services.filter(pk=host_service.pk).exists():
        raise ValidationError("The host service is not part of this network.")
    members = set(NetworkMembership.objects.approved().filter(network=network).values_list("user_id", flat=True))
    outsiders = [user for user in attendees if user.pk not in members]
    if outsiders:
        raise ValidationError("Only the network's members can be marked as having come.")
    meeting = meeting or NetworkMeeting(network=network)
    meeting.title, meeting.date, meeting.host_service = title.strip(), date, host_service
    meeting.agenda, meeting.notes, meeting.actions = agenda, notes, actions
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


def visit_create(
    *,
    network: Network,
    visiting_service: Service,
    host_service: Service,
    date: datetime.date,
    purpose: str,
    learning: str = "",
) -> TeamVisit:
    in_network = set(network.services.values_list("pk", flat=True))
    if visiting_service.pk not in in_network or host_service.pk not in in_network:
        raise ValidationError("Both teams must be part of this network.")
    visit = TeamVisit(
        network=network,
        visiting_service=visiting_service,
        host_service=host_service,
        date=date,
        purpose=purpose.strip(),
        learning=learning.strip(),
    )
    visit.full_clean()
    visit.save()
    return visit


def interview_question_create(
    *,
    competence,
    question: str,
    good_answer: str = "",
    network: Network | None = None,
    shared_by: Service | None = None,
) -> InterviewQuestion:
    question = question.strip()
    if not question:
        raise ValidationError("Write the question.")
    item = InterviewQuestion(
        competence=competence,
        question=question,
        good_answer=good_answer.strip(),
        network=network,
        shared_by=shared_by,
    )
    item.full_clean()
    item.save()
    return item
