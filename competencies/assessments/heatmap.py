"""The team heatmap: each person's latest signed-off ratings against their role profile, and its export."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from competencies.assessments.selectors import team_members
from competencies.models import (
    Assessment,
    Expectation,
    Rating,
    ScaleValue,
)
from workforce.models import StaffProfile


@dataclass(slots=True)
class HeatCell:
    value: ScaleValue | None
    expected: ScaleValue | None

    @property
    def gap(self) -> int | None:
        if self.value is None or self.expected is None:
            return None
        return self.value.value - self.expected.value

    @property
    def css(self) -> str:
        gap = self.gap
        if gap is None:
            return "app-gap--none"
        if gap >= 0:
            return "app-gap--met"
        return "app-gap--one" if gap == -1 else "app-gap--more"

    @property
    def text(self) -> str:
        gap = self.gap
        if gap is None:
            return "–"
        return "Meets" if gap >= 0 else f"−{-gap}"


EMPTY_CELL = HeatCell(None, None)


@dataclass
class HeatRow:
    staff: StaffProfile
    assessment: Assessment
    cells: list[HeatCell]


@dataclass
class TeamGap:
    code: str
    title: str
    below: int
    shortfall: int


@dataclass
class TeamHeatmap:
    columns: list[tuple[str, str]]
    rows: list[HeatRow]
    gaps: list[TeamGap]
    without_assessment: list[StaffProfile]
    role_profiles: list[tuple[str, str]]
    domains: list[tuple[str, str]]


def team_heatmap(*, user, role_profile_code: str = "", domain_code: str = "") -> TeamHeatmap:
    """Each person's latest shared assessment, by competence, coloured by the gap to their role's expectation.

    Competences and role profiles are matched by code, so people assessed on different framework versions
    sit in one table. The number of queries does not depend on the size of the team. Ratings are read as
    plain values and share one ScaleValue object per step: a service's table has thousands of cells.
    """
    latest = Subquery(
        Assessment.objects.filter(staff=OuterRef("pk")).shared().order_by("-created_at", "-pk").values("pk")[:1]
    )
    people = list(team_members(user=user).annotate(latest_id=latest).order_by("user__last_name", "user__first_name"))
    assessments = Assessment.objects.select_related("role_profile").in_bulk(
        [p.latest_id for p in people if p.latest_id]
    )
    role_profiles = sorted({(a.role_profile.code, a.role_profile.title) for a in assessments.values()})
    if role_profile_code:
        assessments = {pk: a for pk, a in assessments.items() if a.role_profile.code == role_profile_code}
    scale = {
        value.pk: value
        for value in ScaleValue.objects.filter(version_id__in={a.version_id for a in assessments.values()})
    }
    expectations = {
        (role_profile_id, competence_id): scale.get(proficiency_id)
        for role_profile_id, competence_id, proficiency_id in Expectation.objects.filter(
            role_profile_id__in={a.role_profile_id for a in assessments.values()}
        ).values_list("role_profile_id", "competence_id", "proficiency_id")
    }
    ratings = (
        Rating.objects.filter(assessment_id__in=assessments)
        .order_by("competence__domain__order", "competence__order", "competence__code")
        .values_list(
            "assessment_id",
            "competence_id",
            "competence__code",
            "competence__title",
            "competence__domain__code",
            "competence__domain__name",
            "self_value_id",
            "manager_value_id",
        )
    )
    domains, columns, by_assessment = {}, {}, defaultdict(dict)
    for assessment_id, competence_id, code, title, d_code, d_name, self_id, manager_id in ratings:
        domains.setdefault(d_code, d_name)
        if domain_code and d_code != domain_code:
            continue
        expected = expectations.get((assessments[assessment_id].role_profile_id, competence_id))
        if expected is None:
            continue
        columns.setdefault(code, title)
        by_assessment[assessment_id][code] = HeatCell(scale.get(manager_id or self_id), expected)
    rows, without = [], []
    for person in people:
        assessment = assessments.get(person.latest_id)
        if assessment is None:
            if not role_profile_code:
                without.append(person)
            continue
        cells = by_assessment[assessment.pk]
        rows.append(HeatRow(person, assessment, [cells.get(code, EMPTY_CELL) for code in columns]))
    gaps = []
    for index, (code, title) in enumerate(columns.items()):
        below = [gap for row in rows if (gap := row.cells[index].gap) is not None and gap < 0]
        if below:
            gaps.append(TeamGap(code, title, len(below), -sum(below)))
    gaps.sort(key=lambda gap: (-gap.below, -gap.shortfall, gap.code))
    return TeamHeatmap(
        columns=list(columns.items()),
        rows=rows,
        gaps=gaps[:10],
        without_assessment=without,
        role_profiles=role_profiles,
        domains=sorted(domains.items()),
    )


def team_export_rows(heatmap: TeamHeatmap) -> tuple[list[str], list[list]]:
    headers = [
        "Name",
        "Job title",
        "Role profile",
        "Assessment date",
        "Status",
        "Competence",
        "Title",
        "Expected",
        "Rating",
        "Gap",
    ]
    rows = []
    for row in heatmap.rows:
        for (code, title), cell in zip(heatmap.columns, row.cells, strict=True):
            if cell.expected is None:
                continue
            rows.append(
                [
                    row.staff.display_name,
                    row.staff.job_title,
                    row.assessment.role_profile.title,
                    row.assessment.created_at.date().isoformat(),
                    row.assessment.get_status_display(),
                    code,
                    title,
                    cell.expected.label,
                    cell.value.label if cell.value else "Not rated",
                    cell.gap,
                ]
            )
    return headers, rows
