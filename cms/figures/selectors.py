"""Figures for commissioners: peer journeys, the workforce and youth-led training, for one area and period.

Everything here is an aggregate. Nothing names or links to a person, every count goes through the one
disclosure rule (``workforce.common.disclosure``), and a share, average or median is shown only when the
count it rests on would itself be shown. Each section is worked out in a fixed number of queries, whatever
the size of the area or the period, so the page costs the same for a service and for England.

A section is a list of ``Table`` objects holding the text as shown. The page, the CSV and the workbook all
draw from the same tables, so a download is exactly what the page shows.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

import plotly.graph_objects as go
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.models import Assessment, Competence, Expectation, Rating, ScaleValue
from peernet.journeys.selectors import MOVED_ON_WELL
from peernet.models import Peer, Stage
from workforce import permissions as workforce_permissions
from workforce.common import charts
from workforce.common.dates import add_months
from workforce.common.disclosure import SMALLEST_SHOWN, SUPPRESSED, disclose, disclose_share
from workforce.models import (
    ConfidenceRating,
    Involvement,
    Region,
    Service,
    TrainingAttendance,
    TrainingSession,
)

NOTHING = "–"
DAYS_PER_MONTH = 30.4375
# Trends by month for a period up to this many months, by quarter beyond.
MONTHLY_UP_TO = 13
GAPS_SHOWN = 5


# --- Areas -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """England, a region or a service. ``value`` is how the filter form names it."""

    kind: str
    pk: int | None
    name: str

    @property
    def value(self) -> str:
        return "england" if self.kind == "england" else f"{self.kind}-{self.pk}"

    def filter(self, queryset, through: str = "service"):
        """Keep what belongs to this area, reached through the ``through`` service relation."""
        if self.kind == "region":
            return queryset.filter(**{f"{through}__region_id": self.pk})
        if self.kind == "service":
            return queryset.filter(**{f"{through}_id": self.pk})
        return queryset


ENGLAND = Area("england", None, "England")


def regions_visible_to(*, user):
    if workforce_permissions.is_commissioner(user) or workforce_permissions.is_administrator(user):
        return Region.objects.order_by("name")
    return Region.objects.none()


def services_visible_to(*, user):
    services = Service.objects.select_related("region").order_by("region__name", "name")
    if workforce_permissions.is_commissioner(user) or workforce_permissions.is_administrator(user):
        return services
    profile = getattr(user, "staff_profile", None)
    if profile is not None and workforce_permissions.is_service_manager(user):
        return services.filter(pk=profile.service_id)
    return services.none()


def areas_for(*, user) -> list[Area]:
    """Every area this user may choose, England first for those who may see every region."""
    areas = []
    regions = list(regions_visible_to(user=user))
    if regions:
        areas.append(ENGLAND)
        areas += [Area("region", region.pk, region.name) for region in regions]
    areas += [Area("service", service.pk, service.name) for service in services_visible_to(user=user)]
    return areas


# --- Periods -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def buckets(self) -> list[tuple[datetime.date, datetime.date, str]]:
        """Months (or quarters for a long period) covering the period, each cut to fit inside it."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        step = 1 if months <= MONTHLY_UP_TO else 3
        first = self.start.replace(day=1)
        if step == 3:
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        buckets = []
        while first <= self.end:
            following = add_months(first, step)
            start, end = max(first, self.start), min(following - datetime.timedelta(days=1), self.end)
            label = f"{first:%b %Y}" if step == 1 else f"{first:%b}–{following - datetime.timedelta(days=1):%b %Y}"
            buckets.append((start, end, label))
            first = following
        return buckets


def bucket_counts(period: Period, days) -> list[int]:
    """How many of ``days`` fall in each of the period's buckets."""
    buckets = period.buckets()
    counts = [0] * len(buckets)
    for day in days:
        for index, (start, end, _label) in enumerate(buckets):
            if start <= day <= end:
                counts[index] += 1
                break
    return counts


# --- Tables ------------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A table as shown: a caption, column headers, and rows of text (the first cell heads its row)."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    chart: dict | None = None
    notes: list[str] = field(default_factory=list)


def shown_if(base: int, text: str) -> str:
    """A share, average or median, shown only when the count it rests on is shown."""
    if base == 0:
        return NOTHING
    if base < SMALLEST_SHOWN:
        return SUPPRESSED
    return text


def _plotted(shown: str) -> int | None:
    """A disclosed count as a chart may draw it: hidden counts leave a gap, as in the table."""
    return int(shown) if shown.isdigit() else None


def _trend_chart(*, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[str]]], summary: str):
    figure = go.Figure(
        data=[go.Bar(name=name, x=labels, y=[_plotted(value) for value in values]) for name, values in series]
    )
    _readable(figure)
    figure.update_layout(
        barmode="group", yaxis={"title": {"text": "Number"}, "fixedrange": True, "rangemode": "tozero"}
    )
    return charts.chart(chart_id=chart_id, title=title, figure=figure, summary=summary)


def _readable(figure) -> None:
    """Legends under the chart and no controls, so it reads on a 360 px phone as well as on a desk."""
    figure.update_layout(
        legend={"orientation": "h", "y": -0.25, "x": 0},
        xaxis={"fixedrange": True, "automargin": True},
        height=360,
    )


# --- 1. Peer journeys and outcomes -------------------------------------------------------------------------


def peer_section(*, area: Area, period: Period) -> Section:
    """Peers who started, were active and ended in the period, where those who ended went, and how long
    they stayed. One query."""
    rows = list(
        area.filter(Peer.objects.filter(start_date__isnull=False, start_date__lte=period.end))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .values_list("stage", "start_date", "ended_on", "outcome", "paid")
    )
    started = [row for row in rows if period.contains(row[1])]
    ended = [row for row in rows if row[0] == Stage.ENDED and period.contains(row[2])]
    active = [row for row in rows if row[0] in (Stage.ACTIVE, Stage.MOVE_ON, Stage.ENDED)]
    moved_on_well = sum(1 for row in ended if row[3] in MOVED_ON_WELL)
    months = [(row[2] - row[1]).days / DAYS_PER_MONTH for row in ended]
    median = shown_if(len(ended), f"{statistics.median(months):.0f}" if months else NOTHING)
    summary = Table(
        "peers",
        "Peers in the period",
        ["Figure", "Number"],
        [
            ["Peers who started", disclose(len(started))],
            ["Peers active at any time in the period", disclose(len(active))],
            ["Peers who ended", disclose(len(ended))],
            ["Paid peer support workers active", disclose(sum(1 for row in active if row[4]))],
            ["Moved into paid work or education (share of those who ended)", disclose_share(moved_on_well, len(ended))],
            ["Median months from start to end", median],
        ],
    )
    outcomes = Table(
        "peer-outcomes",
        "Where peers who ended went next",
        ["Outcome", "Peers"],
        [[label, disclose(sum(1 for row in ended if row[3] == value))] for value, label in Peer.Outcome.choices],
    )
    labels = [label for _start, _end, label in period.buckets()]
    started_by = [disclose(n) for n in bucket_counts(period, [row[1] for row in started])]
    ended_by = [disclose(n) for n in bucket_counts(period, [row[2] for row in ended])]
    trend = Table(
        "peer-trend",
        "Peers who started and ended, over the period",
        ["When", "Started", "Ended"],
        [[label, s, e] for label, s, e in zip(labels, started_by, ended_by, strict=True)],
    )
    return Section(
        key="peers",
        title="Peer journeys and outcomes",
        intro="Peer support workers and volunteers in this area: who started, who was active and who ended.",
        tables=[summary, outcomes, trend],
        chart=_trend_chart(
            chart_id="peer-trend-chart",
            title="Peers who started and ended",
            labels=labels,
            series=[("Started", started_by), ("Ended", ended_by)],
            summary=f"{disclose(len(started))} started and {disclose(len(ended))} ended in the period. "
            "The table after the chart has the same figures.",
        ),
    )


# --- 2. Workforce ------------------------------------------------------------------------------------------


def _in_period(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__date__gte": period.start, f"{field_name}__date__lte": period.end})


def workforce_section(*, area: Area, period: Period) -> Section:
    """People whose assessment was signed off in the period, and how their latest one stands against their
    role profile. Five queries, whatever the number of people.

    "Meets" is the rule of the assessment results page (``ResultRow.meets``, through ``ScaleValue.meets``):
    the agreed rating (the manager's once given, else the person's own) is at or above the level the role
    profile expects, and a competence left unrated does not meet it. Domains and competences are matched
    by code across versions.
    """
    signed_off = Assessment.objects.signed_off().filter(_in_period("signed_off_at", period))
    signed_off = area.filter(signed_off, "staff__service").order_by("signed_off_at", "pk")
    dates, latest, versions = [], {}, set()
    for pk, staff, at, version, profile in signed_off.values_list(
        "pk", "staff_id", "signed_off_at", "version_id", "role_profile_id"
    ):
        dates.append(at)
        versions.add(version)
        latest[staff] = (pk, profile)  # in date order, so the last one seen is the latest
    people = latest.keys()
    profile_of = dict(latest.values())
    # The scale, the expectations and the ratings are read as plain numbers, each table on its own, and put
    # together here: joining them in the database costs more than the few sums below.
    step = {value.pk: value for value in ScaleValue.objects.filter(version_id__in=versions)}
    expectations = {
        (profile, competence): step[proficiency]
        for profile, competence, proficiency in Expectation.objects.filter(
            role_profile_id__in=set(profile_of.values())
        ).values_list("role_profile_id", "competence_id", "proficiency_id")
    }
    ratings = Rating.objects.filter(assessment_id__in=list(profile_of)).values_list(
        "assessment_id", "competence_id", "manager_value_id", "self_value_id"
    )
    short_by: dict[tuple[int, int], int] = {}  # (assessment, competence) -> 1 if short of expectation
    tally: dict[int, list[int]] = {}  # competence -> [people assessed in it, people below]
    for assessment_id, competence_id, manager_value, self_value in ratings.iterator(chunk_size=5000):
        expected = expectations.get((profile_of[assessment_id], competence_id))
        if expected is None:
            continue  # the role does not expect it, as on the results page
        agreed = manager_value or self_value
        below = agreed is None or not step[agreed].meets(expected)
        short_by[assessment_id, competence_id] = below
        counts = tally.setdefault(competence_id, [0, 0])
        counts[0] += 1
        counts[1] += below
    competences = {
        pk: row
        for pk, *row in Competence.objects.filter(pk__in=list(tally)).values_list(
            "pk", "code", "title", "domain_id", "domain__code", "domain__name"
        )
    }
    domain_code = {domain_id: (code, name) for _c, _t, domain_id, code, name in competences.values()}
    short_in_domain: dict[tuple[int, int], int] = {}
    for (assessment_id, competence_id), below in short_by.items():
        key = (assessment_id, competences[competence_id][2])
        short_in_domain[key] = short_in_domain.get(key, 0) + below
    domains: dict[str, list] = {}  # domain code -> [name, people assessed in it, people meeting all of it]
    for (_assessment, domain_id), short in short_in_domain.items():
        code, name = domain_code[domain_id]
        entry = domains.setdefault(code, [name, 0, 0])
        entry[1] += 1
        entry[2] += short == 0
    by_code: dict[str, dict] = {}
    for pk, (people_in, below_in) in tally.items():
        code, title = competences[pk][:2]
        row = by_code.setdefault(code, {"competence__code": code, "competence__title": title, "people": 0, "short": 0})
        row["people"] += people_in
        row["short"] += below_in
    by_competence = list(by_code.values())
    domain_rows = [
        [name, disclose(base), shown_if(base, disclose_share(met, base))]
        for _code, (name, base, met) in sorted(domains.items())
    ]
    gaps = sorted(
        (row for row in by_competence if row["people"] >= SMALLEST_SHOWN and row["short"] >= SMALLEST_SHOWN),
        key=lambda row: (-row["short"] / row["people"], row["competence__code"]),
    )[:GAPS_SHOWN]
    labels = [label for _start, _end, label in period.buckets()]
    assessed_by = [disclose(n) for n in bucket_counts(period, [timezone.localtime(at).date() for at in dates])]
    chart_domains = [
        (name, base, met) for _code, (name, base, met) in sorted(domains.items()) if base >= SMALLEST_SHOWN
    ]
    chart = None
    if chart_domains:
        figure = go.Figure(
            data=[
                go.Bar(
                    x=[_share_number(met, base) for _n, base, met in chart_domains],
                    y=[name for name, _b, _m in chart_domains],
                    orientation="h",
                    name="Share meeting expectation",
                )
            ]
        )
        _readable(figure)
        figure.update_layout(
            xaxis={"range": [0, 100], "title": {"text": "Per cent meeting their role's expectation"}},
            yaxis={"automargin": True, "fixedrange": True},
            height=max(300, 60 * len(chart_domains)),
        )
        chart = charts.chart(
            chart_id="workforce-domain-chart",
            title="Share meeting their role's expectation, by domain",
            figure=figure,
            summary=f"Of {disclose(len(people))} people assessed, the share meeting their role's expectation in "
            f"each of {len(chart_domains)} domains. The table after the chart has the same figures.",
        )
    return Section(
        key="workforce",
        title="Workforce",
        intro="Staff whose self-assessment was signed off by their manager in the period, measured against "
        "the level their role profile expects. Each person counts once, by their latest assessment.",
        tables=[
            Table("assessed", "People assessed", ["Figure", "Number"], [["People assessed", disclose(len(people))]]),
            Table(
                "domains",
                "Share meeting their role's expectation, by domain",
                ["Domain", "People assessed in it", "Meeting every expectation"],
                domain_rows,
            ),
            Table(
                "gaps",
                "Biggest gaps: competences most often below expectation",
                ["Competence", "People assessed in it", "Below expectation"],
                [
                    [
                        f"{row['competence__code']} {row['competence__title']}",
                        disclose(row["people"]),
                        disclose_share(row["short"], row["people"]),
                    ]
                    for row in gaps
                ],
            ),
            Table(
                "assessed-trend",
                "People assessed, over the period",
                ["When", "Assessments signed off"],
                [[label, value] for label, value in zip(labels, assessed_by, strict=True)],
            ),
        ],
        chart=chart,
        notes=[
            f"Gaps are listed only for competences where at least {SMALLEST_SHOWN} people were assessed and at "
            f"least {SMALLEST_SHOWN} were below."
        ],
    )


def _share_number(part: int, whole: int) -> int | None:
    shown = disclose_share(part, whole)
    return int(shown.rstrip("%")) if shown.endswith("%") else None


# --- 3. Youth-led training ---------------------------------------------------------------------------------


def _sessions_in(area: Area, period: Period, now):
    sessions = TrainingSession.objects.filter(youth_led=True, starts_at__lte=now).filter(
        _in_period("starts_at", period)
    )
    if area.kind == "region":
        return sessions.filter(region_id=area.pk)
    if area.kind == "service":
        return sessions.filter(service_id=area.pk)
    return sessions


def training_section(*, area: Area, period: Period, now=None) -> Section:
    """Youth-led sessions held in the area in the period: how many, the young experts' time, how confident
    professionals felt before and after, and what they told us three months on. Five queries."""
    now = now or timezone.now()
    sessions = _sessions_in(area, period, now)
    session_dates = [timezone.localtime(at).date() for at in sessions.values_list("starts_at", flat=True)]
    ids = sessions.values("pk")
    attended = TrainingAttendance.objects.filter(session__in=ids, status=TrainingAttendance.Status.ATTENDED)
    reach = attended.aggregate(
        professionals=Count("attendee", distinct=True),
        asked=Count("pk", filter=Q(follow_up_sent_at__isnull=False)),
        answered=Count("follow_up"),
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
    labels = [label for _start, _end, label in period.buckets()]
    sessions_by = [disclose(n) for n in bucket_counts(period, session_dates)]
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
        figure = go.Figure(
            data=[
                go.Bar(
                    name="Before",
                    x=codes,
                    y=[round(row["before_total"] / row["responses"], 1) for row in shown_confidence],
                ),
                go.Bar(
                    name="After",
                    x=codes,
                    y=[round(row["after_total"] / row["responses"], 1) for row in shown_confidence],
                ),
            ]
        )
        _readable(figure)
        figure.update_layout(
            barmode="group", yaxis={"range": [0, 5], "title": {"text": "Average, 1 to 5"}, "fixedrange": True}
        )
        chart = charts.chart(
            chart_id="confidence-shift-chart",
            title="Confidence before and after the sessions",
            figure=figure,
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
                    ["Sessions held", disclose(len(session_dates))],
                    ["Professionals who attended", disclose(reach["professionals"])],
                    ["Young experts who gave time", disclose(young_experts)],
                    ["Young experts' hours on these sessions", hours],
                    ["Three-month follow-ups asked for", disclose(reach["asked"])],
                    ["Follow-ups answered: said what changed in their practice", disclose(reach["answered"])],
                    ["Share of follow-ups answered", disclose_share(reach["answered"], reach["asked"])],
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


def figures(*, area: Area, period: Period, now=None) -> list[Section]:
    return [
        peer_section(area=area, period=period),
        workforce_section(area=area, period=period),
        training_section(area=area, period=period, now=now),
    ]
