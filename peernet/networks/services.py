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
    InterviewPack,
    InterviewPackQuestion,
    InterviewQuestion,
    Network,
    NetworkMeeting,
    NetworkMembership,
    NetworkSubscription,
    TeamVisit,
)
from peernet.networks.models import new_token
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


MEETING_NEEDS_A_PLACE = "Say where the meeting is: choose the host service, give the place, or add an online link."
MEETING_FIELDS_IN_CALENDARS = ("title", "date", "start_time", "end_time", "host_service_id", "location", "online_url")


@transaction.atomic
def meeting_save(
    *,
    network: Network,
    title: str,
    date: datetime.date,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    host_service: Service | None = None,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    notes: str = "",
    actions: str = "",
    attendees=(),
    meeting: NetworkMeeting | None = None,
) -> NetworkMeeting:
    """Record a meeting, or update one. Only the network's members can be marked as having come.

    A change to when or where it is raises the meeting's calendar sequence, so calendars that hold it update.
    """
    if host_service is not None and not network.services.filter(pk=host_service.pk).exists():
        raise ValidationError("The host service is not part of this network.")
    location, online_url = location.strip(), online_url.strip()
    if host_service is None and not location and not online_url:
        raise ValidationError(MEETING_NEEDS_A_PLACE)
    members = set(NetworkMembership.objects.approved().filter(network=network).values_list("user_id", flat=True))
    outsiders = [user for user in attendees if user.pk not in members]
    if outsiders:
        raise ValidationError("Only the network's members can be marked as having come.")
    if meeting is None:
        meeting, before = NetworkMeeting(network=network), None
    else:
        before = [getattr(meeting, field) for field in MEETING_FIELDS_IN_CALENDARS]
    meeting.title, meeting.date, meeting.host_service = title.strip(), date, host_service
    meeting.start_time, meeting.end_time = start_time, end_time
    meeting.location, meeting.online_url = location, online_url
    meeting.agenda, meeting.notes, meeting.actions = agenda, notes, actions
    if before is not None and before != [getattr(meeting, field) for field in MEETING_FIELDS_IN_CALENDARS]:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


def calendar_link_renew(*, membership: NetworkMembership) -> NetworkMembership:
    """Give the member a new secret calendar address. The old one, if any, stops working at once."""
    if membership.status != NetworkMembership.Status.APPROVED:
        raise ValidationError("Only members of the network can have its calendar.")
    membership.calendar_token = new_token()
    membership.save(update_fields=["calendar_token"])
    return membership


def calendar_link_stop(*, membership: NetworkMembership) -> NetworkMembership:
    """Switch the member's calendar address off. Calendars that use it stop getting the meetings."""
    membership.calendar_token = None
    membership.save(update_fields=["calendar_token"])
    return membership


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


def _pack_fields(
    pack: InterviewPack,
    *,
    title: str,
    role_profile,
    candidate_name: str,
    interview_date: datetime.date | None,
    panel: str,
    lowest_score: int,
    scale: str,
) -> None:
    if role_profile.version.status != "published":
        raise ValidationError("Choose a role from the published framework.")
    pack.title = title.strip()
    pack.role_profile = role_profile
    pack.candidate_name = candidate_name.strip()
    pack.interview_date = interview_date
    pack.panel = "\n".join(line.strip() for line in panel.splitlines() if line.strip())
    pack.lowest_score = lowest_score
    pack.scale = "\n".join(line.strip() for line in scale.splitlines() if line.strip())
    if not pack.title:
        raise ValidationError("Give the pack a name.")
    pack.full_clean()


def interview_pack_create(*, network: Network, created_by, **fields) -> InterviewPack:
    """Start a pack for the network. Questions are chosen next, with ``interview_pack_questions_set``."""
    pack = InterviewPack(network=network, created_by=created_by)
    _pack_fields(pack, **fields)
    pack.save()
    return pack


def interview_pack_update(*, pack: InterviewPack, **fields) -> InterviewPack:
    _pack_fields(pack, **fields)
    pack.save()
    return pack


PACK_QUESTION_NOT_AVAILABLE = "One of the questions is not shared with this network. Choose from the list."
PACK_NEEDS_QUESTIONS = "Choose at least one question for the pack."


@transaction.atomic
def interview_pack_questions_set(*, pack: InterviewPack, questions: list[InterviewQuestion]) -> InterviewPack:
    """Put exactly these questions in the pack, in this order.

    A pack belongs to one network, so it may hold only questions that network's members can read: those
    shared with every network, and the network's own.
    """
    if not questions:
        raise ValidationError(PACK_NEEDS_QUESTIONS)
    if len({question.pk for question in questions}) != len(questions):
        raise ValidationError("A question can be in the pack only once.")
    if any(question.network_id not in (None, pack.network_id) for question in questions):
        raise ValidationError(PACK_QUESTION_NOT_AVAILABLE)
    pack.items.all().delete()
    InterviewPackQuestion.objects.bulk_create(
        InterviewPackQuestion(pack=pack, question=question, position=position)
        for position, question in enumerate(questions, start=1)
    )
    pack.save(update_fields=["updated_at"])
    return pack
