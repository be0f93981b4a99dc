"""Reads for development plans, filtered by who is asking. Page query counts do not grow with the data."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from competencies.assessments.selectors import assessments_visible_to
from competencies.models import Assessment, Competence, PlanAction
from workforce.models import TrainingSession
from workforce.training.selectors import sessions_open_to

# Actions due within this many days are shown on the person's home page.
DUE_SOON_DAYS = 30


def plan_actions(assessment: Assessment) -> QuerySet[PlanAction]:
    return assessment.plan_actions.select_related("competence", "session").with_attendance()


def plan_action_for(*, assessment: Assessment, pk: int) -> PlanAction:
    """One action of a plan the user may already see; any other answers 404."""
    return get_object_or_404(
        PlanAction.objects.select_related("assessment__staff__user", "competence", "session").with_attendance(),
        pk=pk,
        assessment=assessment,
    )


def plan_competences(assessment: Assessment) -> QuerySet[Competence]:
    return Competence.objects.filter(ratings__assessment=assessment).order_by("code")


def sessions_to_plan(*, assessment: Assessment, keep: TrainingSession | None = None) -> list[TrainingSession]:
    """Youth-led sessions still to come that the person may sign up to, and the one an action already names."""
    sessions = list(sessions_open_to(staff_profile=assessment.staff).select_related(None).prefetch_related(None))
    if keep is not None and all(session.pk != keep.pk for session in sessions):
        sessions.insert(0, keep)
    return sessions


def suggested_training(*, assessment: Assessment, keys: list[str]) -> dict[str, list[TrainingSession]]:
    """Upcoming sessions open to the person linked to each competence, by competence key: a session linked
    to a competence of another version of the framework counts for the same competence."""
    service = assessment.staff.service
    sessions = (
        TrainingSession.objects.upcoming()
        .filter(competences__key__in=keys)
        .filter(Q(service=service) | Q(service__isnull=True, region_id=service.region_id))
        .distinct()
        .prefetch_related(Prefetch("competences", queryset=Competence.objects.only("pk", "key")))
        .order_by("starts_at")
    )
    by_key = defaultdict(list)
    wanted = set(keys)
    for session in sessions:
        for competence in session.competences.all():
            if competence.key in wanted:
                by_key[competence.key].append(session)
    return by_key


# What needs you ---------------------------------------------------------------------------------------------


@dataclass
class PlanActionsDue:
    actions: list[PlanAction]
    overdue: int


def plan_actions_due(*, user, today: datetime.date | None = None, limit: int = 5) -> PlanActionsDue:
    """The person's own plan actions not yet done and due within a month (or overdue), soonest first."""
    today = today or timezone.localdate()
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    if profile is None:
        return PlanActionsDue([], 0)
    own = assessments_visible_to(user=user).filter(staff=profile)
    actions = (
        PlanAction.objects.filter(assessment__in=own.values("pk"))
        .not_done()
        .filter(due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .order_by("due_date", "pk")
    )
    listed = list(actions[:limit])
    overdue = sum(1 for action in listed if action.due_date < today)
    return PlanActionsDue(listed, overdue)
