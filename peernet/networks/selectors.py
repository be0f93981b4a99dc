"""Reads about networks, always filtered by who is asking."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from peernet.models import (
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


def interview_questions_for(*, user, role_profile):
    """Questions the user may see for each competence the role profile expects, in the framework's order."""
    expectations = list(role_profile.expectations.select_related("competence", "competence__domain", "proficiency"))
    questions = (
        InterviewQuestion.objects.visible_to(user)
        .filter(competence__in=[e.competence_id for e in expectations])
        .select_related("shared_by")
        .order_by("pk")
    )
    by_competence = {}
    for question in questions:
        by_competence.setdefault(question.competence_id, []).append(question)
    return [(expectation, by_competence.get(expectation.competence_id, [])) for expectation in expectations]
