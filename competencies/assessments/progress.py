"""My progress: how a person's ratings moved across all the assessments they have shared with their manager.

Only ever the signed-in person's own assessments, so there is no one else's to ask for. Domains and
competences are matched by their code, so a line carries on across framework versions. The page runs the
same few queries however many assessments or competences there are.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from competencies.assessments import charts
from competencies.assessments.selectors import own_assessments
from competencies.models import Assessment, Rating, ScaleValue
from workforce.common.views import crumbs, require

# Fewer than this many shared assessments and there is no line to draw yet.
ENOUGH_FOR_A_TREND = 2


@dataclass
class Rated:
    """One rating as a number on the scale and the scale's word for it."""

    value: int
    label: str


@dataclass
class CompetenceTrend:
    code: str
    title: str
    domain_code: str
    own: list[Rated | None] = field(default_factory=list)
    manager: list[Rated | None] = field(default_factory=list)


@dataclass
class DomainTrend:
    """A domain's average agreed rating at each assessment: the manager's rating of each competence where
    they gave one, otherwise the person's own (as the results page counts it)."""

    code: str
    name: str
    averages: list[float | None] = field(default_factory=list)
    competences: list[CompetenceTrend] = field(default_factory=list)


@dataclass
class Progress:
    assessments: list[Assessment]
    scale: list[ScaleValue]
    domains: list[DomainTrend]

    @property
    def dates(self) -> list[datetime.date]:
        return [timezone.localdate(assessment.created_at) for assessment in self.assessments]

    @property
    def has_trend(self) -> bool:
        return len(self.assessments) >= ENOUGH_FOR_A_TREND

    def domain_rows(self) -> list[tuple[DomainTrend, list[str]]]:
        """Each domain with its averages as the table shows them: the number and the nearest scale word."""
        steps = charts.steps_of(self.scale)
        return [
            (
                domain,
                [
                    f"{value} ({charts.nearest_word(steps, value).lower()})" if value is not None else "Not rated"
                    for value in domain.averages
                ],
            )
            for domain in self.domains
        ]

    def competence_rows(self, trend: CompetenceTrend) -> list[tuple[Assessment, Rated | None, Rated | None]]:
        return list(zip(self.assessments, trend.own, trend.manager, strict=True))

    def competence(self, code: str) -> CompetenceTrend | None:
        return next((c for domain in self.domains for c in domain.competences if c.code == code), None)

    def competence_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(d.name, [(c.code, f"{c.code} {c.title}") for c in d.competences]) for d in self.domains]


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def progress_of(*, user) -> Progress:
    """The person's shared (submitted or signed-off) assessments, oldest first, with each domain's average
    and each competence's own and manager's rating at each. Names are the newest assessment's wording."""
    assessments = list(own_assessments(user=user).shared().order_by("created_at", "pk"))
    if not assessments:
        return Progress(assessments=[], scale=[], domains=[])
    position = {assessment.pk: index for index, assessment in enumerate(assessments)}
    ratings = (
        Rating.objects.filter(assessment__in=assessments)
        .order_by("competence__domain__order", "competence__order", "competence__code")
        .values_list(
            "assessment_id",
            "competence__code",
            "competence__title",
            "competence__domain__code",
            "competence__domain__name",
            "self_value__value",
            "self_value__label",
            "manager_value__value",
            "manager_value__label",
        )
    )
    count = len(assessments)
    domains: dict[str, DomainTrend] = {}
    competences: dict[str, CompetenceTrend] = {}
    agreed: dict[tuple[str, int], list[int]] = {}
    newest_title: dict[str, int] = {}
    newest_name: dict[str, int] = {}
    for assessment_id, code, title, domain_code, domain_name, own, own_label, manager, manager_label in ratings:
        at = position[assessment_id]
        domain = domains.setdefault(domain_code, DomainTrend(domain_code, domain_name, [None] * count))
        trend = competences.get(code)
        if trend is None:
            trend = competences[code] = CompetenceTrend(code, title, domain_code, [None] * count, [None] * count)
            domain.competences.append(trend)
        if at >= newest_title.get(code, -1):
            newest_title[code], trend.title = at, title
        if at >= newest_name.get(domain_code, -1):
            newest_name[domain_code], domain.name = at, domain_name
        trend.own[at] = Rated(own, own_label) if own is not None else None
        trend.manager[at] = Rated(manager, manager_label) if manager is not None else None
        value = manager if manager is not None else own
        if value is not None:
            agreed.setdefault((domain_code, at), []).append(value)
    for domain in domains.values():
        domain.averages = [_average(agreed.get((domain.code, at), [])) for at in range(count)]
    scale = list(ScaleValue.objects.filter(version_id=assessments[-1].version_id).order_by("value"))
    return Progress(assessments=assessments, scale=scale, domains=list(domains.values()))


class CompetenceChoiceForm(forms.Form):
    competence = forms.ChoiceField(label="Competence")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [("", "Choose a competence"), *choices]


def my_progress(request):
    require(request.user, "competencies.view_own_progress")
    progress = progress_of(user=request.user)
    form = CompetenceChoiceForm(request.GET or None, choices=progress.competence_choices())
    chosen = progress.competence(form.cleaned_data["competence"]) if form.is_valid() else None
    context = {
        "progress": progress,
        "form": form,
        "chosen": chosen,
        "crumbs": crumbs(("My assessments", reverse("competencies:assessment-list")), ("My progress", "")),
    }
    if progress.has_trend:
        steps = charts.steps_of(progress.scale)
        context["domain_chart"] = charts.domain_trend_chart(dates=progress.dates, domains=progress.domains, steps=steps)
        context["domain_rows"] = progress.domain_rows()
        if chosen is not None:
            context["competence_rows"] = progress.competence_rows(chosen)
            context["competence_chart"] = charts.competence_trend_chart(dates=progress.dates, trend=chosen, steps=steps)
    return render(request, "competencies/assessments/progress.html", context)
