"""Figures for commissioners, section 2: the workforce, measured against their role profiles.

Everything is counted in the database (four queries, whatever the number of people or ratings): each
person's latest assessment signed off in the period is found with ``NOT EXISTS`` a later one, and their
ratings are joined to what their role profile expects, so no rating is read into Python.

"Meets" is the rule of the assessment results page (``ResultRow.meets`` in
``competencies.assessments.selectors``, through ``ScaleValue.meets``): the agreed rating (the manager's
once given, else the person's own) is at or above the level the role profile expects; a competence left
unrated does not meet it, and a competence the role does not expect is left out. Domains and competences
are matched by code across versions.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from cms.figures.areas import Area
from cms.figures.periods import Period, bucket_series, in_period
from cms.figures.tables import Section, Table, figure, share_number, shown_if
from competencies.models import Assessment, Rating
from workforce.common import charts
from workforce.common.disclosure import SMALLEST_SHOWN, disclose, disclose_share

GAPS_SHOWN = 5


@dataclass(frozen=True)
class DomainCount:
    code: str
    name: str
    people: int  # assessed in at least one competence of the domain their role expects
    meeting: int  # meeting every expectation of their role in the domain


@dataclass(frozen=True)
class CompetenceCount:
    """One competence code across versions; the title is the last in alphabetical order if it changed."""

    code: str
    title: str
    people: int  # assessed in it, their role expecting it
    below: int  # below what their role expects, or not rated


def signed_off_in(area: Area, period: Period):
    """Assessments signed off in the period, of staff in the area."""
    signed_off = Assessment.objects.signed_off().filter(in_period("signed_off_at", period, moment=True))
    return area.filter(signed_off, "staff__service")


def _later_one(period: Period) -> Exists:
    """The same person has an assessment signed off later in the period (by time signed off, then by
    number), so this one is not their latest."""
    return Exists(
        Assessment.objects.signed_off()
        .filter(in_period("signed_off_at", period, moment=True), staff_id=OuterRef("staff_id"))
        .filter(
            Q(signed_off_at__gt=OuterRef("signed_off_at"))
            | Q(signed_off_at=OuterRef("signed_off_at"), pk__gt=OuterRef("pk"))
        )
    )


def latest_in(area: Area, period: Period):
    """Each person's latest assessment signed off in the period."""
    return signed_off_in(area, period).filter(~_later_one(period))


def expected_ratings(area: Area, period: Period):
    """The ratings of the latest assessments that their role profile expects, each annotated with the agreed
    value, so that ``BELOW`` can pick those short of the expectation or not rated."""
    # The assessment's own filters are repeated on the join, so that PostgreSQL keeps only the area's
    # ratings before joining the rest; ``IN`` the latest then keeps one assessment a person.
    ratings = Rating.objects.filter(
        in_period("assessment__signed_off_at", period, moment=True), assessment__status=Assessment.Status.SIGNED_OFF
    )
    return (
        area.filter(ratings, "assessment__staff__service")
        .filter(assessment__in=latest_in(area, period).values("pk"))
        .annotate(
            expected=FilteredRelation(
                "competence__expectations",
                condition=Q(competence__expectations__role_profile_id=F("assessment__role_profile_id")),
            ),
            agreed=Coalesce("manager_value__value", "self_value__value"),
        )
        .filter(expected__isnull=False)
    )


# Not rated, or rated under the level expected: the opposite of ``ResultRow.meets`` for an expected rating.
BELOW = Q(agreed__isnull=True) | Q(agreed__lt=F("expected__proficiency__value"))


def domain_counts(*, area: Area, period: Period) -> list[DomainCount]:
    """By domain code: people assessed in it, and people meeting every expectation in it. One query."""
    rows = (
        expected_ratings(area, period)
        .values(code=F("competence__domain__code"))
        .annotate(
            name=Max("competence__domain__name"),
            people=Count("assessment_id", distinct=True),
            short=Count("assessment_id", distinct=True, filter=BELOW),
        )
        .order_by("code")
    )
    return [DomainCount(row["code"], row["name"], row["people"], row["people"] - row["short"]) for row in rows]


def competence_counts(*, area: Area, period: Period) -> list[CompetenceCount]:
    """By competence code: people assessed in it, and people below expectation in it. One query."""
    rows = (
        expected_ratings(area, period)
        .values(code=F("competence__code"))
        .annotate(title=Max("competence__title"), people=Count("pk"), below=Count("pk", filter=BELOW))
        .order_by("code")
    )
    return [CompetenceCount(row["code"], row["title"], row["people"], row["below"]) for row in rows]


def workforce_section(*, area: Area, period: Period) -> Section:
    """People whose assessment was signed off in the period, and how their latest one stands against their
    role profile. Four queries: people, the trend, domains, competences."""
    totals = signed_off_in(area, period).aggregate(people=Count("pk", filter=~Q(_later_one(period))))
    people = totals["people"]
    domains = domain_counts(area=area, period=period)
    by_competence = competence_counts(area=area, period=period)
    domain_rows = [
        [domain.name, disclose(domain.people), shown_if(domain.people, disclose_share(domain.meeting, domain.people))]
        for domain in domains
    ]
    gaps = sorted(
        (row for row in by_competence if row.people >= SMALLEST_SHOWN and row.below >= SMALLEST_SHOWN),
        key=lambda row: (-row.below / row.people, row.code),
    )[:GAPS_SHOWN]
    labels = period.labels()
    assessed_by = [
        disclose(n) for n in bucket_series(signed_off_in(area, period), "signed_off_at", period, moment=True)
    ]
    chart_domains = [domain for domain in domains if domain.people >= SMALLEST_SHOWN]
    chart = None
    if chart_domains:
        bars = {
            "type": "bar",
            "x": [share_number(domain.meeting, domain.people) for domain in chart_domains],
            "y": [domain.name for domain in chart_domains],
            "orientation": "h",
            "name": "Share meeting expectation",
        }
        shares = figure(
            [bars],
            xaxis={"range": [0, 100], "title": {"text": "Per cent meeting their role's expectation"}},
            yaxis={"automargin": True, "fixedrange": True},
            height=max(300, 60 * len(chart_domains)),
        )
        chart = charts.chart(
            chart_id="workforce-domain-chart",
            title="Share meeting their role's expectation, by domain",
            figure=shares,
            summary=f"Of {disclose(people)} people assessed, the share meeting their role's expectation in "
            f"each of {len(chart_domains)} domains. The table after the chart has the same figures.",
        )
    return Section(
        key="workforce",
        title="Workforce",
        intro="Staff whose self-assessment was signed off by their manager in the period, measured against "
        "the level their role profile expects. Each person counts once, by their latest assessment.",
        tables=[
            Table("assessed", "People assessed", ["Figure", "Number"], [["People assessed", disclose(people)]]),
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
                    [f"{row.code} {row.title}", disclose(row.people), disclose_share(row.below, row.people)]
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
