"""Reads for youth-led training, each filtered by who is asking."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from workforce.models import (
    AttendeeFeedback,
    ConfidenceRating,
    FollowUp,
    Involvement,
    StaffProfile,
    TrainingAttendance,
    TrainingSession,
    YoungExpert,
    YoungExpertFeedback,
    YouSaidWeDid,
    YouthOrganisation,
)
from workforce.permissions import runs_youth_training

ATTENDED = TrainingAttendance.Status.ATTENDED
ACTIVE = (TrainingAttendance.Status.SIGNED_UP, TrainingAttendance.Status.ATTENDED)


def young_experts_visible_to(*, user) -> QuerySet[YoungExpert]:
    """Everyone for a participation lead; only their own organisation's young experts for its contact."""
    experts = YoungExpert.objects.select_related("organisation")
    if runs_youth_training(user):
        return experts
    if not user.is_authenticated:
        return experts.none()
    return experts.filter(organisation__contact=user)


def youth_organisations() -> QuerySet[YouthOrganisation]:
    return YouthOrganisation.objects.select_related("contact", "region").annotate(
        young_expert_count=Count("young_experts")
    )


def involvements_of(*, young_expert: YoungExpert) -> QuerySet[Involvement]:
    return young_expert.involvements.select_related("session")


def sessions_for_lead() -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(youth_led=True)
        .select_related("service", "region", "facilitator__user")
        .prefetch_related("young_experts")
        .annotate(
            places=Count("attendances", filter=Q(attendances__status__in=ACTIVE), distinct=True),
            attended=Count("attendances", filter=Q(attendances__status=ATTENDED), distinct=True),
        )
    )


def session_attendances(*, session: TrainingSession) -> QuerySet[TrainingAttendance]:
    return (
        session.attendances.exclude(status=TrainingAttendance.Status.CANCELLED)
        .select_related("attendee__user", "attendee__service", "feedback", "follow_up")
        .prefetch_related(Prefetch("feedback__ratings", queryset=ConfidenceRating.objects.select_related("competence")))
        .order_by("attendee__user__last_name", "attendee__user__first_name")
    )


def sessions_open_to(*, staff_profile: StaffProfile, now=None) -> QuerySet[TrainingSession]:
    """Upcoming youth-led sessions for this person's service, or open to their whole region."""
    now = now or timezone.now()
    region_id = staff_profile.service.region_id
    return (
        sessions_for_lead()
        .filter(starts_at__gte=now)
        .filter(Q(service_id=staff_profile.service_id) | Q(service__isnull=True, region_id=region_id))
        .order_by("starts_at")
    )


def attendances_of(*, staff_profile: StaffProfile) -> QuerySet[TrainingAttendance]:
    return (
        staff_profile.training_attendances.filter(session__youth_led=True)
        .exclude(status=TrainingAttendance.Status.CANCELLED)
        .select_related("session", "feedback", "follow_up")
        .order_by("-session__starts_at")
    )


def attended_sessions_for(*, staff_profile: StaffProfile, competence_codes) -> dict[str, list[TrainingAttendance]]:
    """For each competence code, the sessions this person attended that cover it (newest first).

    Used as evidence in the self-assessment. Codes with no attended session are left out.
    """
    codes = set(competence_codes)
    result: dict[str, list[TrainingAttendance]] = defaultdict(list)
    if not codes:
        return {}
    attendances = (
        TrainingAttendance.objects.filter(attendee=staff_profile, status=ATTENDED, session__competences__code__in=codes)
        .select_related("session")
        .prefetch_related("session__competences")
        .distinct()
        .order_by("-session__starts_at")
    )
    for attendance in attendances:
        for competence in attendance.session.competences.all():
            if competence.code in codes and attendance not in result[competence.code]:
                result[competence.code].append(attendance)
    return dict(result)


def you_said_we_did_records() -> QuerySet[YouSaidWeDid]:
    return YouSaidWeDid.objects.select_related("service", "session")


def sessions_delivered_by(*, young_expert: YoungExpert, now=None) -> QuerySet[TrainingSession]:
    now = now or timezone.now()
    return (
        young_expert.sessions.filter(starts_at__lte=now)
        .select_related("region", "service")
        .annotate(hours=Sum("involvements__hours", filter=Q(involvements__young_expert=young_expert)))
        .order_by("-starts_at")
    )


# Reports ------------------------------------------------------------------------------------------------


def report_figures(*, start: datetime.date | None = None, end: datetime.date | None = None, now=None) -> dict:
    """The youth-led training report: every figure the page, the chart and the spreadsheet show.

    ``start`` and ``end`` (both included) limit it to sessions held, and time given, in that period.
    """
    now = now or timezone.now()
    in_period = Q(starts_at__lte=now)
    hours_in_period = Q()
    if start:
        in_period &= Q(starts_at__date__gte=start)
        hours_in_period &= Q(date__gte=start)
    if end:
        in_period &= Q(starts_at__date__lte=end)
        hours_in_period &= Q(date__lte=end)
    held = sessions_for_lead().filter(in_period).order_by("starts_at")
    held_ids = TrainingSession.objects.filter(youth_led=True).filter(in_period).values("pk")
    session_rows = [
        {
            "title": session.title,
            "date": timezone.localtime(session.starts_at).date(),
            "where": "Online" if session.online else session.location,
            "young_experts": len(session.young_experts.all()),
            "attended": session.attended,
        }
        for session in held
    ]
    attended = TrainingAttendance.objects.filter(status=ATTENDED, session__in=held_ids)
    hours = (
        Involvement.objects.filter(hours_in_period)
        .values("young_expert", "young_expert__display_name", "young_expert__organisation__name")
        .annotate(total=Sum("hours"), sessions=Sum("hours", filter=Q(kind=Involvement.Kind.SESSION)))
        .order_by("young_expert__display_name", "young_expert")
    )
    hours_rows = [
        {
            "name": row["young_expert__display_name"],
            "organisation": row["young_expert__organisation__name"],
            "delivering": row["sessions"] or Decimal("0"),
            "total": row["total"],
        }
        for row in hours
    ]
    confidence = (
        ConfidenceRating.objects.filter(feedback__attendance__session__in=held_ids)
        .values("competence__code", "competence__title")
        .annotate(responses=Count("pk"), before=Avg("before"), after=Avg("after"))
        .order_by("competence__code")
    )
    confidence_rows = [
        {
            "code": row["competence__code"],
            "title": row["competence__title"],
            "responses": row["responses"],
            "before": round(row["before"], 1),
            "after": round(row["after"], 1),
            "change": round(row["after"] - row["before"], 1),
        }
        for row in confidence
    ]
    follow_ups = [
        {
            "session": answer.attendance.session.title,
            "date": timezone.localtime(answer.answered_at).date(),
            "answer": answer.what_changed,
        }
        for answer in FollowUp.objects.filter(attendance__session__in=held_ids)
        .select_related("attendance__session")
        .order_by("-answered_at")
    ]
    voices = YoungExpertFeedback.objects.filter(session__in=held_ids)
    answers = YoungExpertFeedback.Answer
    lundy = voices.aggregate(
        **{
            f"{question}_{answer}": Count("pk", filter=Q(**{question: answer}))
            for question in ("voice", "audience", "influence")
            for answer in answers.values
        }
    )
    lundy_rows = [
        {
            "question": str(YoungExpertFeedback._meta.get_field(question).verbose_name),
            **{answer: lundy[f"{question}_{answer}"] for answer in answers.values},
        }
        for question in ("voice", "audience", "influence")
    ]
    return {
        "start": start,
        "end": end,
        "sessions": session_rows,
        "session_count": len(session_rows),
        "professionals_reached": attended.values("attendee").distinct().count(),
        "feedback_count": AttendeeFeedback.objects.filter(attendance__session__in=held_ids).count(),
        "hours": hours_rows,
        "total_hours": sum((row["total"] for row in hours_rows), Decimal("0")),
        "confidence": confidence_rows,
        "follow_ups": follow_ups,
        "young_expert_views": lundy_rows,
        "young_expert_feedback_count": voices.count(),
    }


def confidence_chart(*, rows) -> dict | None:
    if not rows:
        return None
    import plotly.graph_objects as go

    from workforce.common.charts import chart

    labels = [row["code"] for row in rows]
    figure = go.Figure(
        data=[
            go.Bar(name="Before", x=labels, y=[row["before"] for row in rows]),
            go.Bar(name="After", x=labels, y=[row["after"] for row in rows]),
        ]
    )
    figure.update_layout(
        barmode="group",
        yaxis={"range": [0, 5], "title": {"text": "Average confidence (1 to 5)"}, "fixedrange": True},
        xaxis={"fixedrange": True},
        # The chart is drawn as one image (role="img"); controls inside it would be focusable parts of an
        # image, which screen readers cannot reach. The table that follows is the way to explore the figures.
        modebar={
            "remove": [
                "zoom",
                "pan",
                "select",
                "lasso",
                "zoomIn",
                "zoomOut",
                "autoScale",
                "resetScale",
                "toImage",
                "sendChartToCloud",
            ]
        },
    )
    biggest = max(rows, key=lambda row: row["change"])
    return chart(
        chart_id="confidence-chart",
        title="Confidence before and after, by competence",
        figure=figure,
        summary=(
            f"Average confidence for {len(rows)} competences. The biggest change was in {biggest['code']} "
            f"{biggest['title']}: from {biggest['before']} to {biggest['after']}."
        ),
    )
