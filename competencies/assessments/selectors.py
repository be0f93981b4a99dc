"""Reads for self-assessments, always filtered by who is asking. Page query counts do not grow with data."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from competencies.models import (
    Assessment,
    AssessmentStatusChange,
    Competence,
    CompetenceDomain,
    Expectation,
    Rating,
    ReassessmentReminder,
    RoleProfile,
    ScaleValue,
)
from workforce.common.dates import add_months
from workforce.models import StaffProfile, TrainingAttendance
from workforce.permissions import is_line_manager, is_service_manager


def _profile(user):
    return getattr(user, "staff_profile", None) if user.is_authenticated else None


# Who can see what -------------------------------------------------------------------------------------------


def assessments_visible_to(*, user) -> QuerySet[Assessment]:
    """Your own assessments; your direct reports' if you line manage; your service's if you manage it."""
    assessments = Assessment.objects.select_related(
        "staff__user", "staff__service", "role_profile__level", "target_profile__level", "version__framework"
    )
    profile = _profile(user)
    if profile is None:
        return assessments.none()
    visible = Q(staff=profile)
    if is_line_manager(user):
        visible |= Q(staff__line_manager=profile)
    if is_service_manager(user):
        visible |= Q(staff__service_id=profile.service_id)
    return assessments.filter(visible)


def assessment_for(*, user, pk: int) -> Assessment:
    """One assessment the user may see; anyone else's answers 404."""
    return get_object_or_404(assessments_visible_to(user=user), pk=pk)


def own_assessments(*, user) -> QuerySet[Assessment]:
    profile = _profile(user)
    if profile is None:
        return Assessment.objects.none()
    return assessments_visible_to(user=user).filter(staff=profile)


def team_members(*, user) -> QuerySet[StaffProfile]:
    """The people whose assessments this manager reviews: direct reports, or the whole service."""
    profile = _profile(user)
    staff = StaffProfile.objects.active().select_related("user")
    if profile is None:
        return staff.none()
    team = Q(pk__in=[])
    if is_line_manager(user):
        team |= Q(line_manager=profile)
    if is_service_manager(user):
        team |= Q(service_id=profile.service_id)
    return staff.filter(team).exclude(pk=profile.pk)


def waiting_for_review_by(*, user) -> QuerySet[Assessment]:
    """Others' assessments sent to this manager and not yet signed off or returned, oldest first."""
    profile = _profile(user)
    if profile is None:
        return Assessment.objects.none()
    return assessments_visible_to(user=user).awaiting_review().exclude(staff=profile).order_by("submitted_at", "pk")


def review_queue(*, user) -> QuerySet[Assessment]:
    """The review queue's rows: each waiting assessment with how many of its competences the manager rated."""
    return waiting_for_review_by(user=user).annotate(
        rated=Count("ratings", filter=Q(ratings__manager_value__isnull=False)), competence_count=Count("ratings")
    )


def history_of(assessment: Assessment):
    return assessment.history.select_related("by")


# Starting an assessment -------------------------------------------------------------------------------------


def role_profiles_to_assess_against() -> QuerySet[RoleProfile]:
    return RoleProfile.objects.filter(version__status="published").select_related("level", "role", "version__framework")


def suggested_role_profile(*, staff: StaffProfile, profiles: list[RoleProfile]) -> RoleProfile | None:
    """The profile used last time if it is still published, else the lowest-level profile whose role name
    is in the person's job title."""
    last = Assessment.objects.filter(staff=staff).select_related("role_profile").first()
    if last is not None:
        for profile in profiles:
            if profile.code == last.role_profile.code:
                return profile
    title = staff.job_title.lower()
    matches = [p for p in profiles if p.role.name.lower() in title or p.title.lower() in title]
    return min(matches, key=lambda p: (len(title) - len(p.role.name), p.level.number), default=None)


# Rating, one domain at a time -------------------------------------------------------------------------------


@dataclass
class DomainProgress:
    domain: CompetenceDomain
    total: int
    rated: int

    @property
    def done(self):
        return self.rated == self.total


def domain_progress(assessment: Assessment) -> list[DomainProgress]:
    rows = (
        Rating.objects.filter(assessment=assessment)
        .values("competence__domain")
        .annotate(total=Count("pk"), rated=Count("pk", filter=Q(self_value__isnull=False, carried_forward=False)))
    )
    counts = {row["competence__domain"]: row for row in rows}
    domains = CompetenceDomain.objects.filter(pk__in=counts).order_by("order", "pk")
    return [DomainProgress(d, counts[d.pk]["total"], counts[d.pk]["rated"]) for d in domains]


def assessment_domain(*, assessment: Assessment, domain_pk: int) -> CompetenceDomain:
    return get_object_or_404(
        CompetenceDomain.objects.filter(
            version_id=assessment.version_id, competences__ratings__assessment=assessment
        ).distinct(),
        pk=domain_pk,
    )


@dataclass
class RatingToFill:
    rating: Rating
    expected: ScaleValue | None
    target_expected: ScaleValue | None
    attended: list[TrainingAttendance]


# A scale value's columns, read beside each expectation so that one object is made per step of the scale
# rather than an Expectation and a ScaleValue for every competence of two role profiles.
SCALE_COLUMNS = [field.attname for field in ScaleValue._meta.concrete_fields]
SCALE_LOOKUPS = [f"proficiency__{field.name}" for field in ScaleValue._meta.concrete_fields]


def _expectations(assessment: Assessment) -> tuple[dict, dict]:
    """{competence id: expected ScaleValue} for the assessment's role profile and for its target one."""
    ids = [assessment.role_profile_id] + ([assessment.target_profile_id] if assessment.target_profile_id else [])
    current, target, steps = {}, {}, {}
    rows = Expectation.objects.filter(role_profile_id__in=ids).values_list(
        "role_profile_id", "competence_id", *SCALE_LOOKUPS
    )
    for role_profile_id, competence_id, *scale_value in rows:
        step = steps.get(scale_value[0])
        if step is None:
            step = steps[scale_value[0]] = ScaleValue.from_db(None, SCALE_COLUMNS, scale_value)
        (current if role_profile_id == assessment.role_profile_id else target)[competence_id] = step
    return current, target


def attended_training_by_key(staff: StaffProfile) -> dict[str, list[TrainingAttendance]]:
    """Training the person attended, by the key of each competence it was linked to: a session linked to a
    competence of an earlier version still counts for the same competence now."""
    attendances = (
        TrainingAttendance.objects.filter(attendee=staff, status=TrainingAttendance.Status.ATTENDED)
        .select_related("session")
        .prefetch_related(Prefetch("session__competences", queryset=Competence.objects.only("pk", "key")))
    )
    by_key = defaultdict(list)
    for attendance in attendances:
        for competence in attendance.session.competences.all():
            by_key[competence.key].append(attendance)
    return by_key


def ratings_to_fill(*, assessment: Assessment, domain: CompetenceDomain) -> list[RatingToFill]:
    ratings = (
        Rating.objects.filter(assessment=assessment, competence__domain=domain)
        .select_related(
            "competence",
            "self_value",
            "previous__assessment",
            "previous__competence",
            "previous__self_value",
            "previous__manager_value",
        )
        .prefetch_related("training", "evidence_items", "previous__evidence_items")
    )
    current, target = _expectations(assessment)
    attended = attended_training_by_key(assessment.staff)
    return [
        RatingToFill(r, current.get(r.competence_id), target.get(r.competence_id), attended.get(r.competence.key, []))
        for r in ratings
    ]


def scale_for(assessment: Assessment) -> list[ScaleValue]:
    return list(ScaleValue.objects.filter(version_id=assessment.version_id).order_by("value"))


# Results ----------------------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    rating: Rating
    expected: ScaleValue | None
    target_expected: ScaleValue | None

    @property
    def value(self) -> ScaleValue | None:
        """The agreed value: the manager's once they have given one, else the person's own."""
        return self.rating.manager_value or self.rating.self_value

    @property
    def meets(self) -> bool | None:
        if self.expected is None:
            return None
        return self.value is not None and self.value.meets(self.expected)

    @property
    def meets_target(self) -> bool:
        return self.target_expected is not None and self.value is not None and self.value.meets(self.target_expected)

    @property
    def gap(self) -> int | None:
        if self.expected is None or self.value is None:
            return None
        return self.value.value - self.expected.value


@dataclass
class DomainResult:
    domain: CompetenceDomain
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def expected_count(self):
        return sum(1 for row in self.rows if row.expected is not None)

    @property
    def met_count(self):
        return sum(1 for row in self.rows if row.meets)


@dataclass
class Readiness:
    profile: RoleProfile
    total: int
    met: int
    not_yet: list[ResultRow]

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.total) if self.total else 0


@dataclass
class Results:
    domains: list[DomainResult]
    rows: list[ResultRow]
    readiness: Readiness | None

    @property
    def gaps(self) -> list[ResultRow]:
        return [row for row in self.rows if row.meets is False]

    @property
    def expected_total(self) -> int:
        """How many competences the person's own role expects (the results page's one opening figure)."""
        return sum(domain.expected_count for domain in self.domains)

    @property
    def met_total(self) -> int:
        return sum(domain.met_count for domain in self.domains)


# What the results page never shows: the competences' and domains' longer text and what other systems kept.
RESULTS_WITHOUT = (
    "evidence",
    "comment",
    "manager_comment",
    "competence__performance",
    "competence__knowledge",
    "competence__exchange",
    "competence__domain__description",
    "competence__domain__exchange",
)


def assessment_results(assessment: Assessment, *, evidence: bool = True) -> Results:
    """Each rating against what the role profile (and the target one) expects, by domain. ``evidence``
    also loads each rating's evidence and linked training, which the review and the PDF show and the
    results page does not."""
    ratings = Rating.objects.filter(assessment=assessment).select_related(
        "competence__domain", "self_value", "manager_value"
    )
    if evidence:
        ratings = ratings.select_related("manager_by").prefetch_related("training__session", "evidence_items")
    else:
        ratings = ratings.defer(*RESULTS_WITHOUT)
    current, target = _expectations(assessment)
    rows = [ResultRow(r, current.get(r.competence_id), target.get(r.competence_id)) for r in ratings]
    domains: dict[int, DomainResult] = {}
    for row in rows:
        domain = row.rating.competence.domain
        domains.setdefault(domain.pk, DomainResult(domain)).rows.append(row)
    readiness = None
    if assessment.target_profile_id:
        target_rows = [row for row in rows if row.target_expected is not None]
        readiness = Readiness(
            profile=assessment.target_profile,
            total=len(target_rows),
            met=sum(1 for row in target_rows if row.meets_target),
            not_yet=[row for row in target_rows if not row.meets_target],
        )
    return Results(domains=list(domains.values()), rows=rows, readiness=readiness)


@dataclass
class DomainHistory:
    dates: list[datetime.date]
    domains: list[tuple[str, list[float | None]]]


def domain_history(*, staff: StaffProfile, up_to: Assessment) -> DomainHistory:
    """Average rating in each domain at each of the person's assessments, matching domains by code."""
    assessments = list(
        Assessment.objects.filter(Q(pk=up_to.pk) | Q(staff=staff, created_at__lte=up_to.created_at))
        .filter(Q(pk=up_to.pk) | Q(status__in=[Assessment.Status.SUBMITTED, Assessment.Status.SIGNED_OFF]))
        .order_by("created_at", "pk")
    )
    # Summed in the database, one row per assessment and domain, rather than one per rating.
    agreed = Coalesce("manager_value__value", "self_value__value")
    rows = (
        Rating.objects.filter(assessment__in=assessments)
        .values("assessment_id", code=F("competence__domain__code"))
        .annotate(
            name=Min("competence__domain__name"),
            position=Min("competence__domain__order"),
            total=Sum(agreed),
            count=Count(agreed),
        )
        .order_by("position", "code", "assessment_id")
    )
    sums = {}
    names = {}
    for row in rows:
        names.setdefault(row["code"], row["name"])
        if row["count"]:
            sums[(row["assessment_id"], row["code"])] = (row["total"], row["count"])
    series = []
    for code, name in names.items():
        values = []
        for assessment in assessments:
            total, count = sums.get((assessment.pk, code), (0, 0))
            values.append(round(total / count, 1) if count else None)
        series.append((name, values))
    return DomainHistory(dates=[a.created_at.date() for a in assessments], domains=series)


# Reassessment -----------------------------------------------------------------------------------------------


def reassessment_due(*, staff: StaffProfile, today: datetime.date | None = None) -> Assessment | None:
    """The person's latest signed-off assessment if it is older than their service's period and they have
    not started another since."""
    today = today or timezone.localdate()
    assessments = list(Assessment.objects.filter(staff=staff).order_by("-signed_off_at", "-pk")[:50])
    if any(a.status in Assessment.OPEN_STATUSES for a in assessments):
        return None
    latest = next((a for a in assessments if a.status == Assessment.Status.SIGNED_OFF), None)
    if latest is None or latest.signed_off_at is None:
        return None
    return latest if add_months(latest.signed_off_at.date(), staff.service.reassessment_months) <= today else None


def staff_due_reassessment(*, today: datetime.date) -> list[tuple[StaffProfile, Assessment]]:
    """Everyone whose latest signed-off assessment is older than their service's period, not yet reminded."""
    latest_signed_off = Subquery(
        Assessment.objects.filter(staff=OuterRef("pk")).signed_off().order_by("-signed_off_at", "-pk").values("pk")[:1]
    )
    staff = (
        StaffProfile.objects.active()
        .select_related("user", "service")
        .annotate(latest_id=latest_signed_off)
        .filter(latest_id__isnull=False)
        .exclude(assessments__status__in=Assessment.OPEN_STATUSES)
    )
    staff = list(staff)
    assessments = Assessment.objects.in_bulk([person.latest_id for person in staff])
    reminded = set(
        ReassessmentReminder.objects.filter(assessment_id__in=assessments).values_list("assessment_id", flat=True)
    )
    due = []
    for person in staff:
        assessment = assessments[person.latest_id]
        cutoff = add_months(assessment.signed_off_at.date(), person.service.reassessment_months)
        if cutoff <= today and assessment.pk not in reminded:
            due.append((person, assessment))
    return due


# What needs you (the home page) ---------------------------------------------------------------------------


@dataclass
class AssessmentsToDo:
    """What a person's assessments ask of them now, and, for a manager, how many wait for their review."""

    to_continue: Assessment | None = None
    returned: Assessment | None = None
    reassessment_due: Assessment | None = None
    reviews_waiting: int = 0
    first_review: Assessment | None = None


def assessments_needing(*, user, today: datetime.date | None = None) -> AssessmentsToDo:
    """A draft to continue, an assessment returned (with the manager's message as ``return_message``), a
    reassessment due, and reviews waiting. The same few queries however many assessments there are."""
    profile = _profile(user)
    if profile is None:
        return AssessmentsToDo()
    returned_message = Subquery(
        AssessmentStatusChange.objects.filter(assessment=OuterRef("pk"), to_status=Assessment.Status.RETURNED)
        .order_by("-at", "-pk")
        .values("message")[:1]
    )
    editable = list(
        own_assessments(user=user)
        .filter(status__in=Assessment.EDITABLE_STATUSES)
        # Home names the role profile only; each join left out is planning time saved on every visit.
        .select_related(None)
        .select_related("role_profile")
        .annotate(return_message=returned_message)
        .order_by("-created_at", "-pk")[:2]
    )
    todo = AssessmentsToDo(
        to_continue=next((a for a in editable if a.status == Assessment.Status.DRAFT), None),
        returned=next((a for a in editable if a.status == Assessment.Status.RETURNED), None),
    )
    if not editable:
        staff = StaffProfile.objects.select_related("service").get(pk=profile.pk)
        todo.reassessment_due = reassessment_due(staff=staff, today=today)
    if is_line_manager(user) or is_service_manager(user):
        # Home names the person who has waited longest: their name is all it reads of the queue.
        queue = waiting_for_review_by(user=user).select_related(None).select_related("staff__user")
        todo.reviews_waiting = queue.count()
        todo.first_review = queue.first() if todo.reviews_waiting else None
    return todo
