"""Reads for youth-led training, each filtered by who is asking."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from workforce.common.disclosure import SMALLEST_SHOWN, SUPPRESSED, disclose, disclose_share
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
from workforce.training.hours import hours_text

ATTENDED = TrainingAttendance.Status.ATTENDED
WAITING = TrainingAttendance.Status.WAITING
# Places taken: an offered place is held for the person offered it.
ACTIVE = (TrainingAttendance.Status.SIGNED_UP, TrainingAttendance.Status.OFFERED, TrainingAttendance.Status.ATTENDED)
# What professionals wrote is shown to young experts only once this many have written, so that no answer
# can be told apart as one person's.
QUOTES_FROM = 3


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
            waiting=Count("attendances", filter=Q(attendances__status=WAITING), distinct=True),
            walk_ins=Count(
                "attendances", filter=Q(attendances__walk_in=True, attendances__status=ATTENDED), distinct=True
            ),
        )
    )


def session_attendances(*, session: TrainingSession) -> QuerySet[TrainingAttendance]:
    """Everyone booked on the session, and those who came without booking. The waiting list is apart."""
    return (
        session.attendances.exclude(status__in=(TrainingAttendance.Status.CANCELLED, WAITING))
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


def session_waiting_list(*, session: TrainingSession) -> QuerySet[TrainingAttendance]:
    return (
        session.attendances.filter(status=WAITING)
        .select_related("attendee__user", "attendee__service")
        .order_by("waiting_since", "pk")
    )


def _count_of(model, **filters):
    """A correlated count, so that counting one relation does not multiply a sum over another."""
    rows = model.objects.filter(**filters).order_by().values(*filters).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows[:1]), 0)


def sessions_delivered_by(*, young_expert: YoungExpert, now=None) -> QuerySet[TrainingSession]:
    """The sessions this young expert co-delivered that have taken place, with their hours and how many
    professionals have written back."""
    now = now or timezone.now()
    return (
        young_expert.sessions.filter(starts_at__lte=now)
        .select_related("region", "service")
        .annotate(
            hours=Sum("involvements__hours", filter=Q(involvements__young_expert=young_expert)),
            feedback_count=_count_of(AttendeeFeedback, attendance__session=OuterRef("pk")),
            follow_up_count=_count_of(FollowUp, attendance__session=OuterRef("pk")),
        )
        .order_by("-starts_at")
    )


def sessions_to_deliver(*, young_expert: YoungExpert, now=None) -> QuerySet[TrainingSession]:
    """The sessions this young expert is booked to co-deliver that are still to come, soonest first."""
    now = now or timezone.now()
    return (
        young_expert.sessions.filter(starts_at__gt=now)
        .select_related("region", "service", "facilitator__user")
        .prefetch_related("young_experts")
        .order_by("starts_at")
    )


def sessions_of_young_expert(*, young_expert: YoungExpert) -> QuerySet[TrainingSession]:
    """Every session this young expert co-delivers, held or to come: the ones they may open."""
    return young_expert.sessions.select_related("region", "service", "facilitator__user").prefetch_related(
        "young_experts"
    )


def _shown_share(part: int, whole: int) -> str:
    """A share for a young expert's page, or "" while the numbers are too small to show."""
    share = disclose_share(part, whole)
    return "" if share in (SUPPRESSED, "–") else share


def people_text(count: int) -> str:
    """A number of people as the disclosure rule lets it be shown, in words a young person reads easily."""
    shown = disclose(count)
    if shown == "0":
        return "No one"
    if shown == SUPPRESSED:
        return f"Fewer than {SMALLEST_SHOWN} people"
    return f"About {shown} people"


def _redact(text: str, names) -> str:
    """Take out the names of the people on the session, in case someone wrote their own or a colleague's."""
    if not names:
        return text
    pattern = r"\b(" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")\b"
    return re.sub(pattern, "[name]", text, flags=re.IGNORECASE)


def delivered_session_feedback(*, session: TrainingSession) -> dict:
    """What professionals said about a session, for the young experts who delivered it.

    Nothing here names or points to an attendee: counts follow the disclosure rule (1 to 7 is "fewer than
    8"), answers are shown only once ``QUOTES_FROM`` people have written, in alphabetical order rather than
    the order they came in, with the names of everyone on the session taken out; confidence figures are
    shown only for a competence that at least ``SMALLEST_SHOWN`` people rated.
    """
    attendances = list(
        session.attendances.exclude(status=WAITING)
        .select_related("attendee__user", "feedback", "follow_up")
        .prefetch_related(Prefetch("feedback__ratings", queryset=ConfidenceRating.objects.select_related("competence")))
    )
    names = set()
    for attendance in attendances:
        user = attendance.attendee.user
        for name in (user.first_name, user.last_name, *attendance.attendee.display_name.split()):
            if len(name.strip()) >= 2:
                names.add(name.strip())
    came = [attendance for attendance in attendances if attendance.status == ATTENDED]
    feedback = [attendance.feedback for attendance in came if hasattr(attendance, "feedback")]
    follow_ups = [attendance.follow_up for attendance in came if hasattr(attendance, "follow_up")]

    def quotes(texts, count):
        if count < QUOTES_FROM:
            return []
        return sorted((_redact(text, names) for text in texts), key=str.casefold)

    by_competence: dict = {}
    for item in feedback:
        for rating in item.ratings.all():
            by_competence.setdefault(rating.competence, []).append(rating)
    confidence = []
    for competence, ratings in sorted(by_competence.items(), key=lambda pair: pair[0].code):
        if len(ratings) < SMALLEST_SHOWN:
            continue
        more = sum(1 for rating in ratings if rating.after > rating.before)
        confidence.append(
            {
                "competence": competence,
                "people": people_text(len(ratings)),
                "more_confident": disclose_share(more, len(ratings)),
                "before": round(sum(r.before for r in ratings) / len(ratings), 1),
                "after": round(sum(r.after for r in ratings) / len(ratings), 1),
            }
        )
    return {
        "came": people_text(len(came)),
        "wrote": people_text(len(feedback)),
        "wrote_back": people_text(len(follow_ups)),
        "feedback_count": len(feedback),
        "follow_up_count": len(follow_ups),
        "learned": quotes([item.learned for item in feedback], len(feedback)),
        "will_do_differently": quotes([item.will_do_differently for item in feedback], len(feedback)),
        "what_changed": quotes([item.what_changed for item in follow_ups], len(follow_ups)),
        # A share, shown by the same rule as the counts: only once enough people have answered.
        "changed_share": _shown_share(sum(1 for item in follow_ups if item.changed_practice), len(follow_ups)),
        "confidence": confidence,
        "rated": bool(by_competence),
        "quotes_from": QUOTES_FROM,
        "smallest_shown": SMALLEST_SHOWN,
    }


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
            "delivering_label": hours_text(row["sessions"]),
            "total_label": hours_text(row["total"]),
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
        "total_hours": (total_hours := sum((row["total"] for row in hours_rows), Decimal("0"))),
        "total_hours_label": hours_text(total_hours),
        "confidence": confidence_rows,
        "follow_ups": follow_ups,
        "young_expert_views": lundy_rows,
        "young_expert_feedback_count": voices.count(),
    }


def confidence_chart(*, rows) -> dict | None:
    if not rows:
        return None
    from workforce.common.charts import chart

    labels = [row["code"] for row in rows]
    data = [
        {"type": "bar", "name": "Before", "x": labels, "y": [row["before"] for row in rows]},
        {"type": "bar", "name": "After", "x": labels, "y": [row["after"] for row in rows]},
    ]
    layout = {
        "barmode": "group",
        "yaxis": {"range": [0, 5], "title": {"text": "Average confidence (1 to 5)"}, "fixedrange": True},
        "xaxis": {"fixedrange": True},
        # The chart is drawn as one image (role="img"); controls inside it would be focusable parts of an
        # image, which screen readers cannot reach. The table that follows is the way to explore the figures.
        "modebar": {
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
    }
    biggest = max(rows, key=lambda row: row["change"])
    return chart(
        chart_id="confidence-chart",
        title="Confidence before and after, by competence",
        figure={"data": data, "layout": layout},
        summary=(
            f"Average confidence for {len(rows)} competences. The biggest change was in {biggest['code']} "
            f"{biggest['title']}: from {biggest['before']} to {biggest['after']}."
        ),
    )


# What needs you (the home page) ---------------------------------------------------------------------------


@dataclass
class TrainingToDo:
    """A staff member's youth-led training that asks something of them now."""

    booked: list[TrainingAttendance]
    feedback_due: list[TrainingAttendance]
    follow_ups_due: list[TrainingAttendance]


def training_needing(*, staff_profile: StaffProfile | None, now=None, limit: int = 20) -> TrainingToDo:
    """Places to come (booked, offered or waiting), feedback not yet given, and three-month follow-ups asked
    for and not yet answered. One query, however many sessions the person has been to."""
    if staff_profile is None:
        return TrainingToDo([], [], [])
    now = now or timezone.now()
    Status = TrainingAttendance.Status
    to_come = Q(session__starts_at__gte=now, status__in=(Status.SIGNED_UP, Status.OFFERED, Status.WAITING))
    to_answer = Q(status=ATTENDED, session__starts_at__lt=now) & (
        Q(feedback__isnull=True) | Q(follow_up_sent_at__isnull=False, follow_up__isnull=True)
    )
    attendances = list(
        TrainingAttendance.objects.filter(attendee=staff_profile, session__youth_led=True)
        .filter(to_come | to_answer)
        .select_related("session", "feedback", "follow_up")
        .order_by("session__starts_at", "pk")[:limit]
    )
    answered = {"feedback": set(), "follow_up": set()}
    for attendance in attendances:
        for name in answered:
            try:
                getattr(attendance, name)
            except (AttendeeFeedback.DoesNotExist, FollowUp.DoesNotExist):
                continue
            answered[name].add(attendance.pk)
    attended = [a for a in attendances if a.status == ATTENDED]
    return TrainingToDo(
        booked=[a for a in attendances if a.status != ATTENDED],
        feedback_due=[a for a in attended if a.pk not in answered["feedback"]],
        follow_ups_due=[a for a in attended if a.follow_up_sent_at and a.pk not in answered["follow_up"]],
    )
