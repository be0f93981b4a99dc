"""Reads about networks, always filtered by who is asking."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peernet.models import (
    InterviewPack,
    InterviewPackQuestion,
    InterviewQuestion,
    Network,
    NetworkMeeting,
    NetworkMembership,
    TeamVisit,
)
from workforce.permissions import is_administrator


def network_list(*, user):
    """Every active network, with whether the user belongs to it or has asked to."""
    mine = NetworkMembership.objects.filter(user=user) if user.is_authenticated else NetworkMembership.objects.none()
    return (
        Network.objects.active()
        .select_related("region")
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=NetworkMembership.Status.APPROVED)))
        .prefetch_related(Prefetch("memberships", queryset=mine, to_attr="my_memberships"))
    )


def networks_visible_to(user):
    if is_administrator(user):
        return Network.objects.active()
    return Network.objects.active().with_member(user)


def network_get_for_member(*, user, slug: str) -> Network:
    """The network, if the user may see its private pages; otherwise 404, as if it were not there."""
    return get_object_or_404(networks_visible_to(user).select_related("region"), slug=slug)


def network_get_for_coordinator(*, user, slug: str) -> Network:
    qs = Network.objects.active() if is_administrator(user) else Network.objects.active().coordinated_by(user)
    return get_object_or_404(qs.select_related("region"), slug=slug)


def network_get_public(*, slug: str) -> Network:
    return get_object_or_404(Network.objects.active().select_related("region"), slug=slug)


def has_asked_to_join(*, user, network) -> bool:
    return NetworkMembership.objects.pending().filter(network=network, user=user).exists()


def network_members(*, network):
    return (
        NetworkMembership.objects.approved()
        .filter(network=network)
        .select_related("user", "user__staff_profile", "user__staff_profile__service")
        .order_by("-role", "user__first_name", "user__last_name")
    )


def network_join_requests(*, network):
    return (
        NetworkMembership.objects.pending()
        .filter(network=network)
        .select_related("user", "user__staff_profile", "user__staff_profile__service")
        .order_by("requested_at")
    )


def network_meetings(*, network, today: datetime.date):
    base = (
        NetworkMeeting.objects.filter(network=network)
        .select_related("host_service")
        .annotate(attendee_count=Count("attendees"))
    )
    return base.upcoming(today), base.past(today)


def network_meeting_get(*, user, slug: str, pk: int) -> NetworkMeeting:
    network = network_get_for_member(user=user, slug=slug)
    return get_object_or_404(
        NetworkMeeting.objects.filter(network=network)
        .select_related("network", "host_service")
        .prefetch_related("attendees"),
        pk=pk,
    )


def network_visits(*, network):
    return TeamVisit.objects.filter(network=network).select_related("visiting_service", "host_service")


def _questions_by_key(questions, *, role_profile):
    """Questions for the role's competences, by competence key.

    A question is written against one version's competence. The key is the same in every version, so a
    question stays with its competence when the framework is revised, even if the code or wording changes.
    """
    expectations = list(
        role_profile.expectations.select_related("competence", "competence__domain", "proficiency").order_by(
            "competence__domain__order", "competence__order", "competence__code"
        )
    )
    now = {expectation.competence.key: expectation.competence for expectation in expectations}
    questions = questions.filter(competence__key__in=now).select_related("shared_by", "competence").order_by("pk")
    by_key = {}
    for question in questions:
        current = now[question.competence.key]
        # Said beside the question, so a panel knows it was written for what the competence used to say.
        question.earlier_wording = question.competence_id != current.pk and current.wording_differs(question.competence)
        by_key.setdefault(question.competence.key, []).append(question)
    return expectations, by_key


def interview_questions_for(*, user, role_profile):
    """Questions the user may see for each competence the role profile expects, in the framework's order."""
    expectations, by_key = _questions_by_key(InterviewQuestion.objects.visible_to(user), role_profile=role_profile)
    return [(expectation, by_key.get(expectation.competence.key, [])) for expectation in expectations]


def interview_questions_for_pack(*, pack: InterviewPack):
    """What a coordinator may choose from for the pack: questions for the pack's role that its network's
    members can read (shared with every network, or the network's own), by competence."""
    questions = InterviewQuestion.objects.filter(Q(network__isnull=True) | Q(network=pack.network))
    expectations, by_key = _questions_by_key(questions, role_profile=pack.role_profile)
    return [
        (expectation, by_key[expectation.competence.key])
        for expectation in expectations
        if expectation.competence.key in by_key
    ]


def networks_coordinated_for_packs(*, user):
    """Networks where the user may make interview packs: the ones they coordinate."""
    return Network.objects.active().coordinated_by(user).order_by("name")


def interview_packs_for(*, network):
    return (
        InterviewPack.objects.for_network(network)
        .select_related("role_profile", "role_profile__level")
        .annotate(question_count=Count("items"))
    )


def interview_pack_get(*, network, pk: int) -> InterviewPack:
    """A pack of this network, or 404: the network has already been checked against the user."""
    return get_object_or_404(
        InterviewPack.objects.filter(network=network).select_related(
            "network", "role_profile", "role_profile__level", "role_profile__version"
        ),
        pk=pk,
    )


def interview_pack_items(*, pack: InterviewPack):
    return InterviewPackQuestion.objects.filter(pack=pack).select_related("question", "question__competence")


# Calendars keep past events themselves; a feed needs only recent ones, so it stays small.
CALENDAR_FEED_HISTORY = datetime.timedelta(days=365)


def calendar_feed_meetings(*, slug: str, token: str):
    """The meetings for a calendar feed address, or 404 when the address is wrong, switched off, or its
    member has left the network (calendar apps cannot sign in, so the address is the key)."""
    membership = get_object_or_404(
        NetworkMembership.objects.approved().select_related("network"),
        network__slug=slug,
        network__active=True,
        calendar_token=token,
    )
    since = timezone.localdate() - CALENDAR_FEED_HISTORY
    meetings = NetworkMeeting.objects.filter(network=membership.network, date__gte=since).select_related(
        "network", "host_service"
    )
    return membership.network, meetings.order_by("date", "start_time")
