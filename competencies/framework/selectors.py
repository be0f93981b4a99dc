"""Reads of the framework: published versions, the ladder, role profiles, comparisons and search.

Every function here issues a fixed number of queries, whatever the number of competences.
"""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FrameworkData,
    Known,
    LevelRow,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
)
from competencies.models import (
    CareerLevel,
    Competence,
    CompetenceDomain,
    Expectation,
    Framework,
    FrameworkVersion,
    Role,
    RoleProfile,
    ScaleValue,
    ServiceArea,
)


def published_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.published().select_related("framework").order_by("framework__name")


def current_version(*, framework_slug: str | None = None) -> FrameworkVersion | None:
    """The published version of a framework; with no slug, of the first framework by name."""
    versions = published_versions()
    if framework_slug:
        versions = versions.filter(framework__slug=framework_slug)
    return versions.first()


def frameworks_with_versions() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number"))
    )


def versions_for_exchange() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.select_related("framework").order_by("framework__name", "-number")


def draft_versions() -> QuerySet[FrameworkVersion]:
    return versions_for_exchange().editable()


@dataclass
class LadderRung:
    level: CareerLevel
    profiles: list[RoleProfile]


def ladder(version: FrameworkVersion) -> list[LadderRung]:
    """Career levels from the top down, each with the role profiles at that level (empty levels too)."""
    profiles = list(RoleProfile.objects.in_version(version).select_related("role", "service_area", "level"))
    rungs = []
    for level in CareerLevel.objects.in_version(version).order_by("-number"):
        rungs.append(LadderRung(level, [p for p in profiles if p.level_id == level.pk]))
    return rungs


def roles(version: FrameworkVersion) -> QuerySet[Role]:
    return Role.objects.in_version(version).prefetch_related(
        Prefetch("profiles", queryset=RoleProfile.objects.select_related("level"))
    )


def role_profiles(version: FrameworkVersion) -> QuerySet[RoleProfile]:
    return RoleProfile.objects.in_version(version).select_related("role", "level", "service_area")


def scale(version: FrameworkVersion) -> QuerySet[ScaleValue]:
    return ScaleValue.objects.in_version(version)


def next_profiles(profile: RoleProfile, profiles: list[RoleProfile]) -> list[RoleProfile]:
    """The role profiles at the next career level up that has any, from a list already fetched."""
    higher = [p for p in profiles if p.level.number > profile.level.number]
    if not higher:
        return []
    step = min(p.level.number for p in higher)
    return [p for p in higher if p.level.number == step]


@dataclass
class DomainExpectations:
    domain: CompetenceDomain
    expectations: list[Expectation]


def profile_expectations(profile: RoleProfile) -> list[DomainExpectations]:
    """What a role profile expects, grouped by domain in the framework's order."""
    rows = (
        Expectation.objects.filter(role_profile=profile)
        .select_related("competence__domain", "competence__parent", "proficiency")
        .order_by("competence__domain__order", "competence__domain__pk", "competence__order", "competence__code")
    )
    groups: OrderedDict[int, DomainExpectations] = OrderedDict()
    for row in rows:
        domain = row.competence.domain
        groups.setdefault(domain.pk, DomainExpectations(domain, [])).expectations.append(row)
    return list(groups.values())


@dataclass
class ComparisonRow:
    competence: Competence
    first: Expectation | None
    second: Expectation | None

    @property
    def change(self) -> str:
        """In plain words, what moving from the first profile to the second asks of this competence."""
        if self.first is None:
            return "New"
        if self.second is None:
            return "No longer expected"
        if self.second.proficiency.value > self.first.proficiency.value:
            return "Higher"
        if self.second.proficiency.value < self.first.proficiency.value:
            return "Lower"
        if self.first.core != self.second.core:
            return "Now core" if self.second.core else "Now optional"
        return "Same"


@dataclass
class ComparisonGroup:
    domain: CompetenceDomain
    rows: list[ComparisonRow]


def compare_profiles(first: RoleProfile, second: RoleProfile) -> list[ComparisonGroup]:
    """Every competence either profile expects, by domain, with both expectations side by side."""
    rows = (
        Expectation.objects.filter(role_profile__in=[first, second])
        .select_related("competence__domain", "proficiency")
        .order_by("competence__domain__order", "competence__domain__pk", "competence__order", "competence__code")
    )
    table: OrderedDict[int, ComparisonRow] = OrderedDict()
    for row in rows:
        entry = table.setdefault(row.competence_id, ComparisonRow(row.competence, None, None))
        if row.role_profile_id == first.pk:
            entry.first = row
        else:
            entry.second = row
    groups: OrderedDict[int, ComparisonGroup] = OrderedDict()
    for entry in table.values():
        domain = entry.competence.domain
        groups.setdefault(domain.pk, ComparisonGroup(domain, [])).rows.append(entry)
    return list(groups.values())


def search_competences(version: FrameworkVersion, *, query: str = "", domain: str = "") -> QuerySet[Competence]:
    competences = (
        Competence.objects.in_version(version)
        .select_related("domain", "parent")
        .order_by("domain__order", "domain__pk", "order", "code")
    )
    if query:
        competences = competences.filter(
            Q(code__icontains=query)
            | Q(title__icontains=query)
            | Q(performance__icontains=query)
            | Q(knowledge__icontains=query)
            | Q(nos_code__icontains=query)
        )
    if domain:
        competences = competences.filter(domain__code=domain)
    return competences.prefetch_related(
        Prefetch(
            "expectations",
            queryset=Expectation.objects.select_related("role_profile__level", "proficiency").order_by(
                "role_profile__level__number", "role_profile__order"
            ),
        )
    )


def domains(version: FrameworkVersion) -> QuerySet[CompetenceDomain]:
    return CompetenceDomain.objects.in_version(version)


def framework_data(version: FrameworkVersion) -> FrameworkData:
    """A whole version as the in-memory structure every export format is written from."""
    framework = version.framework
    data = FrameworkData(
        name=framework.name,
        slug=framework.slug,
        description=framework.description,
        owner=framework.owner,
        version_number=version.number,
        version_label=version.label,
        version_notes=version.notes,
    )
    data.service_areas = [
        ServiceAreaRow(a.code, a.name, a.description) for a in ServiceArea.objects.in_version(version)
    ]
    data.levels = [LevelRow(lv.number, lv.title, lv.descriptor) for lv in CareerLevel.objects.in_version(version)]
    data.roles = [RoleRow(r.code, r.name, r.description, list(r.specialisms)) for r in Role.objects.in_version(version)]
    data.scale = [
        ScaleRow(s.value, s.label, s.descriptor, s.is_proficient) for s in ScaleValue.objects.in_version(version)
    ]
    data.profiles = [
        ProfileRow(p.code, p.title, p.role.code, p.level.number, p.service_area.code, p.summary, p.responsibilities)
        for p in role_profiles(version).order_by("order", "pk")
    ]
    data.domains = [DomainRow(d.code, d.name, d.description) for d in domains(version).order_by("order", "pk")]
    competences = list(
        Competence.objects.in_version(version)
        .select_related("domain", "parent")
        .order_by("domain__order", "domain__pk", "order", "pk")
    )
    data.competences = [
        CompetenceRow(
            c.code, c.title, c.domain.code, c.parent.code if c.parent else "", c.performance, c.knowledge, c.nos_code
        )
        for c in competences
    ]
    data.expectations = [
        ExpectationRow(e.role_profile.code, e.competence.code, e.proficiency.label, e.core)
        for e in Expectation.objects.filter(role_profile__version=version)
        .select_related("role_profile", "competence", "proficiency")
        .order_by(
            "competence__domain__order",
            "competence__domain__pk",
            "competence__order",
            "competence__pk",
            "role_profile__order",
            "role_profile__pk",
        )
    ]
    return data


def known_in(version: FrameworkVersion) -> Known:
    """Codes a version already holds, so a partial import may refer to them."""
    return Known(
        service_areas=set(ServiceArea.objects.in_version(version).values_list("code", flat=True)),
        levels=set(CareerLevel.objects.in_version(version).values_list("number", flat=True)),
        roles=set(Role.objects.in_version(version).values_list("code", flat=True)),
        scale_labels=set(ScaleValue.objects.in_version(version).values_list("label", flat=True)),
        profiles=set(RoleProfile.objects.in_version(version).values_list("code", flat=True)),
        domains=set(CompetenceDomain.objects.in_version(version).values_list("code", flat=True)),
        competence_parents={
            code: parent or ""
            for code, parent in Competence.objects.in_version(version).values_list("code", "parent__code")
        },
    )


@dataclass
class ImportPreview:
    """What importing a file would do, worked out without saving anything."""

    problems: list
    framework: str
    target: str
    new_competences: list[str]
    changed_competences: list[str]
    unchanged_competences: list[str]
    domains: int
    profiles: int
    expectations: int
    scale: list[str]
    into_draft: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _competence_changes(data: FrameworkData, into: FrameworkVersion | None):
    """Which competences in the file are new to the version, which would change (their text, place or an
    expectation), and which are the same. Two queries, however big the file."""
    if into is None:
        return [c.code for c in data.competences], [], []
    fields = ("title", "domain__code", "parent__code", "performance", "knowledge", "nos_code")
    before = {
        code: tuple(value or "" for value in values)
        for code, *values in Competence.objects.in_version(into).values_list("code", *fields)
    }
    expected = {
        (competence, profile): (label.casefold(), core)
        for competence, profile, label, core in Expectation.objects.filter(role_profile__version=into).values_list(
            "competence__code", "role_profile__code", "proficiency__label", "core"
        )
    }
    newly_expected = {
        e.competence
        for e in data.expectations
        if expected.get((e.competence, e.profile)) != (e.proficiency.casefold(), e.core)
    }
    new, changed, unchanged = [], [], []
    for c in data.competences:
        now = tuple(value or "" for value in (c.title, c.domain, c.parent, c.performance, c.knowledge, c.nos_code))
        if c.code not in before:
            new.append(c.code)
        elif before[c.code] != now or c.code in newly_expected:
            changed.append(c.code)
        else:
            unchanged.append(c.code)
    return new, changed, unchanged


def import_preview(*, data: FrameworkData, into: FrameworkVersion | None) -> ImportPreview:
    from competencies.framework.exchange.structure import Problem, validate

    known = known_in(into) if into is not None else None
    problems = validate(data, known)
    if into is None and not data.name:
        problems.insert(
            0,
            Problem(
                "", "This file does not say which framework it belongs to. Choose a draft version to import it into."
            ),
        )
    new, changed, unchanged = _competence_changes(data, into)
    if into is not None:
        target = f"Draft version {into.number} of {into.framework}: matching codes are updated in place"
    else:
        framework = Framework.objects.filter(slug=data.slug).first() if data.slug else None
        target = (
            f"A new draft version of {framework}" if framework else f"A new framework, {data.name}, as draft version 1"
        )
    return ImportPreview(
        problems=problems,
        framework=data.name or (str(into.framework) if into else ""),
        target=target,
        new_competences=new,
        changed_competences=changed,
        unchanged_competences=unchanged,
        domains=len(data.domains),
        profiles=len(data.profiles),
        expectations=len(data.expectations),
        scale=[s.label for s in data.scale],
        into_draft=into is not None,
    )


def exportable_versions(*, user) -> QuerySet[FrameworkVersion]:
    """Published and retired versions for everyone signed in; drafts only for those who may import."""
    versions = versions_for_exchange()
    if user.has_perm("competencies.import_framework"):
        return versions
    return versions.exclude(status=FrameworkVersion.Status.DRAFT)
