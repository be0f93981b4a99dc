"""The team heatmap: each person's latest signed-off ratings against their role profile, and its export."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils.text import slugify

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


def competence_anchor(code: str) -> str:
    """The id of a competence's row on the results page (results.html slugifies the code the same way)."""
    return f"competence-{slugify(code)}"


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
    # The domains over the columns, in order: (domain name, how many columns it spans).
    groups: list[tuple[str, int]] = field(default_factory=list)


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
    domains, columns, column_domain, by_assessment = {}, {}, {}, defaultdict(dict)
    for assessment_id, competence_id, code, title, d_code, d_name, self_id, manager_id in ratings:
        domains.setdefault(d_code, d_name)
        if domain_code and d_code != domain_code:
            continue
        expected = expectations.get((assessments[assessment_id].role_profile_id, competence_id))
        if expected is None:
            continue
        columns.setdefault(code, title)
        column_domain.setdefault(code, d_name)
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
    groups: list[list] = []
    for code in columns:
        if groups and groups[-1][0] == column_domain[code]:
            groups[-1][1] += 1
        else:
            groups.append([column_domain[code], 1])
    return TeamHeatmap(
        columns=list(columns.items()),
        rows=rows,
        gaps=gaps[:10],
        without_assessment=without,
        role_profiles=role_profiles,
        domains=sorted(domains.items()),
        groups=[(name, span) for name, span in groups],
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


# The page's colours (cms/static/cms/css/app.css, .app-gap--*), so the spreadsheet reads the same way.
FILLS = {"app-gap--met": "CCE5D8", "app-gap--one": "FFF2CC", "app-gap--more": "F7D4D1", "app-gap--none": "F0F4F5"}
KEY = [
    ("Meets", "app-gap--met", "meets or goes beyond the role"),
    ("−1", "app-gap--one", "one step below"),
    ("−2", "app-gap--more", "two or more steps below"),
    ("–", "app-gap--none", "not expected or not rated"),
]


def team_export_workbook(heatmap: TeamHeatmap) -> bytes:
    """The heatmap as the page shows it (a sheet of people by competence, coloured the same, domains over the
    columns, a key), then one row per person and competence for sorting and filtering.

    Written in openpyxl's write-only mode, which streams rows instead of holding every cell as an object:
    a whole service's table is tens of thousands of cells.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from workforce.common.spreadsheets import safe_cell

    workbook = Workbook(write_only=True)
    grid = workbook.create_sheet("Heatmap")
    fills = {css: PatternFill("solid", start_color=colour, end_color=colour) for css, colour in FILLS.items()}
    bold, centred = Font(bold=True), Alignment(horizontal="center")
    styled = {}

    def cell(value, *, css=None, header=False):
        made = WriteOnlyCell(grid, value=safe_cell(value))
        if css:
            made.fill = fills[css]
            made.alignment = centred
        if header:
            made.font = bold
        return made

    def gap_cell(css, text):
        # One styled cell object per colour and text would be shared between rows, which openpyxl's
        # write-only mode allows: each row is written out as it is appended.
        if (css, text) not in styled:
            styled[css, text] = cell(text, css=css)
        return styled[css, text]

    grid.freeze_panes = "C3"
    domain_row = [cell(""), cell("")]
    for name, span in heatmap.groups:
        domain_row += [cell(name, header=True)] + [cell("") for _ in range(span - 1)]
    grid.append(domain_row)
    grid.append(
        [cell("Name", header=True), cell("Role profile", header=True)]
        + [cell(code, header=True) for code, _title in heatmap.columns]
    )
    for row in heatmap.rows:
        grid.append(
            [cell(row.staff.display_name), cell(row.assessment.role_profile.title)]
            + [gap_cell(c.css, c.text) for c in row.cells]
        )
    grid.append([])
    grid.append([cell("Key", header=True)])
    for text, css, meaning in KEY:
        grid.append([cell(text, css=css), cell(meaning)])

    headers, rows = team_export_rows(heatmap)
    long = workbook.create_sheet("Team competences")
    long.append(headers)
    for values in rows:
        long.append([safe_cell(value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
