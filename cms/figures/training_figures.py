"""Figures for commissioners, section 3: youth-led training.

Counted in the database in five queries, whatever the number of sessions: the sessions, their trend by
month or quarter, who attended and followed up, the young experts' time, and confidence by competence.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.figures.areas import Area
from cms.figures.periods import Period, bucket_series, in_period
from cms.figures.tables import NOTHING, Section, Table, figure, shown_if
from workforce.common import charts
from workforce.common.disclosure import SMALLEST_SHOWN, disclose, disclose_share
from workforce.models import ConfidenceRating, Involvement, TrainingAttendance, TrainingSession


def sessions_held(area: Area, period: Period, now):
    """Youth-led sessions that have started, in the period, for the area (a region's own sessions included)."""
    sessions = TrainingSession.objects.filter(youth_led=True, starts_at__lte=now).filter(
        in_period("starts_at", period, moment=True)
    )
    if area.kind == "region":
        return sessions.filter(region_id=area.pk)
    if area.kind == "service":
        return sessions.filter(service_id=area.pk)
    return sessions


def training_section(*, area: Area, period: Period, now=None) -> Section:
    """Youth-led sessions held in the area in the period: how many, the young experts' time, how confident
    professionals felt before and after, and what they told us three months on."""
    now = now or timezone.now()
    sessions = sessions_held(area, period, now)
    held = sessions.aggregate(sessions=Count("pk"))
    ids = sessions.values("pk")
    attended = TrainingAttendance.objects.filter(session__in=ids, status=TrainingAttendance.Status.ATTENDED)
    reach = attended.aggregate(
        professionals=Count("attendee", distinct=True),
        asked=Count("pk", filter=Q(follow_up_sent_at__isnull=False)),
        answered=Count("follow_up"),
        said_yes_or_no=Count("follow_up", filter=Q(follow_up__changed_practice__isnull=False)),
        changed=Count("follow_up", filter=Q(follow_up__changed_practice=True)),
    )
    time = Involvement.objects.filter(session__in=ids).aggregate(
        hours=Coalesce(Sum("hours"), Decimal("0")), young_experts=Count("young_expert", distinct=True)
    )
    confidence = list(
        ConfidenceRating.objects.filter(feedback__attendance__session__in=ids)
        .values("competence__code", "competence__title")
        .annotate(
            responses=Count("pk"),
            before_total=Sum("before"),
            after_total=Sum("after"),
            more=Count("pk", filter=Q(after__gt=F("before"))),
        )
        .order_by("competence__code")
    )
    total = {
        "responses": sum(row["responses"] for row in confidence),
        "before_total": sum(row["before_total"] for row in confidence),
        "after_total": sum(row["after_total"] for row in confidence),
        "more": sum(row["more"] for row in confidence),
    }

    def average(row, key):
        return shown_if(row["responses"], f"{row[key] / row['responses']:.1f}" if row["responses"] else NOTHING)

    young_experts = time["young_experts"]
    hours = shown_if(young_experts, f"{time['hours'].quantize(Decimal('1')):,}") if young_experts else NOTHING
    labels = period.labels()
    sessions_by = [disclose(n) for n in bucket_series(sessions, "starts_at", period, moment=True)]
    confidence_rows = [
        [
            f"{row['competence__code']} {row['competence__title']}",
            disclose(row["responses"]),
            average(row, "before_total"),
            average(row, "after_total"),
            disclose_share(row["more"], row["responses"]),
        ]
        for row in confidence
    ]
    if confidence:
        confidence_rows.append(
            [
                "All competences",
                disclose(total["responses"]),
                average(total, "before_total"),
                average(total, "after_total"),
                disclose_share(total["more"], total["responses"]),
            ]
        )
    shown_confidence = [row for row in confidence if row["responses"] >= SMALLEST_SHOWN]
    chart = None
    if shown_confidence:
        codes = [row["competence__code"] for row in shown_confidence]
        averages = figure(
            [
                {
                    "type": "bar",
                    "name": name,
                    "x": codes,
                    "y": [round(row[key] / row["responses"], 1) for row in shown_confidence],
                }
                for name, key in (("Before", "before_total"), ("After", "after_total"))
            ],
            barmode="group",
            yaxis={"range": [0, 5], "title": {"text": "Average, 1 to 5"}, "fixedrange": True},
        )
        chart = charts.chart(
            chart_id="confidence-shift-chart",
            title="Confidence before and after the sessions",
            figure=averages,
            summary=f"Average confidence before and after, for {len(shown_confidence)} competences rated by at "
            f"least {SMALLEST_SHOWN} people. The table after the chart has the same figures.",
        )
    return Section(
        key="training",
        title="Youth-led training",
        intro="Training for professionals co-delivered by young experts with lived experience, held in this "
        "area in the period.",
        tables=[
            Table(
                "training",
                "Youth-led training in the period",
                ["Figure", "Number"],
                [
                    ["Sessions held", disclose(held["sessions"])],
                    ["Professionals who attended", disclose(reach["professionals"])],
                    ["Young experts who gave time", disclose(young_experts)],
                    ["Young experts' hours on these sessions", hours],
                    ["Three-month follow-ups asked for", disclose(reach["asked"])],
                    ["Follow-ups answered: said what changed in their practice", disclose(reach["answered"])],
                    ["Share of follow-ups answered", disclose_share(reach["answered"], reach["asked"])],
                    ["Said the session changed how they work", disclose(reach["changed"])],
                    [
                        "Share who said it changed how they work (of those asked yes or no)",
                        disclose_share(reach["changed"], reach["said_yes_or_no"]),
                    ],
                ],
            ),
            Table(
                "confidence",
                "Confidence before and after, from 1 (not at all) to 5 (very)",
                ["Competence", "Ratings given", "Before", "After", "More confident after"],
                confidence_rows,
            ),
            Table(
                "sessions-trend",
                "Sessions held, over the period",
                ["When", "Sessions"],
                [[label, value] for label, value in zip(labels, sessions_by, strict=True)],
            ),
        ],
        chart=chart,
    )
