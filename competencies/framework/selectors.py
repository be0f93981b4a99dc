"""Reads of the framework: published versions, the ladder, role profiles, comparisons and search.

Every function here issues a fixed number of queries, whatever the number of competences.
"""

import datetime
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field

import rules
from django.db.models import Max, Prefetch, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce

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


@dataclass
class BrowsableVersion:
    version: FrameworkVersion
    replaced_on: datetime.datetime | None  # when the next version was published, for a retired one


def browsable_versions(*, framework_slug: str) -> list[BrowsableVersion]:
    """The published and retired versions of a framework, newest first, each retired one with the date it
    was replaced. Drafts are read in the admin, not here."""
    versions = list(
        FrameworkVersion.objects.filter(framework__slug=framework_slug)
        .exclude(status=FrameworkVersion.Status.DRAFT)
        .select_related("framework")
        .order_by("-number")
    )
    rows, replaced_on = [], None
    for version in versions:
        rows.append(
            BrowsableVersion(version, replaced_on if version.status == FrameworkVersion.Status.RETIRED else None)
        )
        replaced_on = version.published_at or replaced_on
    return rows


def browsable_version(*, framework_slug: str, number: int) -> FrameworkVersion | None:
    """A published or retired version by its number; drafts are not shown outside the admin."""
    return (
        FrameworkVersion.objects.filter(framework__slug=framework_slug, number=number)
        .exclude(status=FrameworkVersion.Status.DRAFT)
        .select_related("framework")
        .first()
    )


def frameworks_with_versions() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number"))
    )


def matching_framework(data: FrameworkData) -> tuple[Framework | None, str]:
    """The framework a file belongs to, and what it was matched on: its ID number from the system it came
    from first, then its short name for web addresses, then its name. The preview and the import both ask
    here, so they cannot disagree."""
    for lookup, value, how in (
        ("identifier", data.identifier, "ID number"),
        ("slug", data.slug, "short name"),
        ("name", data.name, "name"),
    ):
        found = Framework.objects.filter(**{lookup: value}).first() if value else None
        if found is not None:
            return found, how
    return None, ""


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

    @property
    def changed(self) -> bool:
        return self.change != "Same"


@dataclass
class ComparisonGroup:
    domain: CompetenceDomain
    rows: list[ComparisonRow]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.changed)


def comparison_summary(groups: list[ComparisonGroup]) -> dict[str, int]:
    """How many competences change and how, over the whole comparison, most asked of first."""
    counts = {"Higher": 0, "New": 0, "Now core": 0, "Lower": 0, "Now optional": 0, "No longer expected": 0}
    same = 0
    for group in groups:
        for row in group.rows:
            if row.changed:
                counts[row.change] += 1
            else:
                same += 1
    return {"changes": sum(counts.values()), "same": same, "by_kind": {k: v for k, v in counts.items() if v}}


def only_changes(groups: list[ComparisonGroup]) -> list[ComparisonGroup]:
    """The comparison without the competences that stay the same (and without domains left empty)."""
    kept = [ComparisonGroup(group.domain, [row for row in group.rows if row.changed]) for group in groups]
    return [group for group in kept if group.rows]


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
        identifier=framework.identifier,
        extra=dict(version.exchange),
        status=version.status,
        changed_at=(version.published_at or version.created_at).isoformat(timespec="seconds"),
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
    data.domains = [
        DomainRow(d.code, d.name, d.description, extra=dict(d.exchange))
        for d in domains(version).order_by("order", "pk")
    ]
    competences = list(
        Competence.objects.in_version(version)
        .select_related("domain", "parent")
        .order_by("domain__order", "domain__pk", "order", "pk")
    )
    data.competences = [
        CompetenceRow(
            c.code,
            c.title,
            c.domain.code,
            c.parent.code if c.parent else "",
            c.performance,
            c.knowledge,
            c.nos_code,
            extra=dict(c.exchange),
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
class KindChanges:
    """For one kind of thing (competences, say): what an import would create, change, keep as it is, and
    what is in the version but not in the file (dropped only when the person ticks to say so)."""

    kind: str
    created: list[str]
    changed: list[str]
    kept: list[str]
    dropped: list[str]


@dataclass
class ImportPreview:
    """What importing a file would do, worked out without saving anything. ``fingerprint`` lets the import
    check that it is about to do exactly this."""

    problems: list
    framework: str
    target: str
    kinds: list[KindChanges]
    into_draft: bool = False
    matched_on: str = ""
    scale: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def _kind(self, name):
        return next((k for k in self.kinds if k.kind == name), KindChanges(name, [], [], [], []))

    @property
    def new_competences(self):
        return self._kind("Competences").created

    @property
    def changed_competences(self):
        return self._kind("Competences").changed

    @property
    def unchanged_competences(self):
        return self._kind("Competences").kept

    @property
    def dropped(self) -> int:
        return sum(len(k.dropped) for k in self.kinds)

    def fingerprint(self, *, drop: bool) -> str:
        summary = [(k.kind, k.created, k.changed, k.dropped if drop else []) for k in self.kinds]
        return hashlib.sha256(json.dumps([self.target, summary], default=str).encode()).hexdigest()


def _text(value):
    return "" if value is None else value


# Each kind: its model, how the file names one, and which fields are compared (model lookup, row attribute).
PREVIEW_KINDS = [
    ("Service areas", "service_areas", ServiceArea, ("code",), [("name", "name"), ("description", "description")]),
    ("Career levels", "levels", CareerLevel, ("number",), [("title", "title"), ("descriptor", "descriptor")]),
    (
        "Roles",
        "roles",
        Role,
        ("code",),
        [("name", "name"), ("description", "description"), ("specialisms", "specialisms")],
    ),
    (
        "Scale values",
        "scale",
        ScaleValue,
        ("value",),
        [("label", "label"), ("descriptor", "descriptor"), ("is_proficient", "is_proficient")],
    ),
    (
        "Role profiles",
        "profiles",
        RoleProfile,
        ("code",),
        [
            ("title", "title"),
            ("role__code", "role"),
            ("level__number", "level"),
            ("service_area__code", "service_area"),
            ("summary", "summary"),
            ("responsibilities", "responsibilities"),
        ],
    ),
    (
        "Domains",
        "domains",
        CompetenceDomain,
        ("code",),
        [("name", "name"), ("description", "description"), ("exchange", "extra")],
    ),
    (
        "Competences",
        "competences",
        Competence,
        ("code",),
        [
            ("title", "title"),
            ("domain__code", "domain"),
            ("parent__code", "parent"),
            ("performance", "performance"),
            ("knowledge", "knowledge"),
            ("nos_code", "nos_code"),
            ("exchange", "extra"),
        ],
    ),
]


def case_identifier(extra) -> str:
    return ((extra or {}).get("case") or {}).get("item", {}).get("identifier", "")


# The CASE identifier inside a stored ``exchange``, read by the database, so no row's JSON is decoded here.
CASE_IDENTIFIER = KeyTextTransform("identifier", KeyTransform("item", KeyTransform("case", "exchange")))


def case_identifiers(model, version: FrameworkVersion, *fields: str):
    """(``fields``..., CASE identifier or "") for each of ``model``'s rows in ``version``."""
    return model.objects.in_version(version).values_list(
        *fields, Coalesce(CASE_IDENTIFIER, Value(""), output_field=TextField())
    )


def renamed_by_identifier(model, version: FrameworkVersion, rows) -> dict[str, str]:
    """{code now: code in the file} for domains or competences a CASE file names by the same identifier
    under a new code, so a second import updates them in place rather than adding them again."""
    wanted = {case_identifier(r.extra): r.code for r in rows if case_identifier(r.extra)}
    if not wanted:
        return {}
    existing = dict(case_identifiers(model, version, "code"))
    renames = {}
    for code, identifier in existing.items():
        new = wanted.get(identifier) if identifier else None
        if new and new != code and new not in existing:
            renames[code] = new
    return renames


def _changes(name, rows, model, key, compared, into, extra_changed=()):
    if into is None:
        return KindChanges(name, [str(getattr(r, key[0])) for r in rows], [], [], [])
    lookups = [lookup for lookup, _ in compared]
    renames = renamed_by_identifier(model, into, rows) if model in (Competence, CompetenceDomain) else {}
    in_file = {getattr(r, key[0]): r for r in rows}
    # The version's rows are compared as they stream past, a few hundred at a time, rather than all held at
    # once: a competence's kept CASE or Moodle fields are a dictionary of their own, and 10,000 of them
    # decoded together cost more memory than the whole file.
    differs, dropped = {}, []
    stored = model.objects.in_version(into).values_list(key[0], *lookups)
    for stored_code, *values in stored.iterator(chunk_size=500):
        code = renames.get(stored_code, stored_code)
        row = in_file.get(code)
        if row is None:
            dropped.append(str(code))
            continue
        differs[code] = code in extra_changed or any(
            getattr(row, attribute) not in (None, {}) and _text(getattr(row, attribute)) != _text(old)
            for (_, attribute), old in zip(compared, values, strict=True)
        )
    created, changed, kept = [], [], []
    for code in in_file:
        (created if code not in differs else changed if differs[code] else kept).append(str(code))
    return KindChanges(name, created, changed, kept, dropped)


def _expectation_changes(data: FrameworkData, into):
    if into is None:
        return KindChanges("Expectations", [f"{e.profile}: {e.competence}" for e in data.expectations], [], [], [])
    before = {
        (profile, competence): (label.casefold(), core)
        for profile, competence, label, core in Expectation.objects.filter(role_profile__version=into).values_list(
            "role_profile__code", "competence__code", "proficiency__label", "core"
        )
    }
    created, changed, kept = [], [], []
    for e in data.expectations:
        name = f"{e.profile}: {e.competence}"
        old = before.get((e.profile, e.competence))
        if old is None:
            created.append(name)
        elif old != (e.proficiency.casefold(), e.core):
            changed.append(name)
        else:
            kept.append(name)
    in_file = {(e.profile, e.competence) for e in data.expectations}
    dropped = [f"{p}: {c}" for p, c in before if (p, c) not in in_file]
    return KindChanges("Expectations", created, changed, kept, dropped)


def import_preview(*, data: FrameworkData, into: FrameworkVersion | None, whole: bool = True) -> ImportPreview:
    """What the import would do. ``whole`` says the file holds a whole framework, so anything of a kind it
    carries that the version has and the file has not would be dropped (if the person ticks to say so)."""
    from competencies.framework.exchange.structure import Problem, validate

    known = known_in(into) if into is not None else None
    problems = validate(data, known)
    matched_on = ""
    if into is not None:
        target = f"Draft version {into.number} of {into.framework}: matching codes are updated in place"
    elif not data.name:
        problems.insert(
            0,
            Problem(
                "", "This file does not say which framework it belongs to. Choose a draft version to import it into."
            ),
        )
        target = ""
    else:
        framework, matched_on = matching_framework(data)
        if framework is not None:
            number = (framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            target = f"A new draft version ({number}) of {framework}, the framework with the same {matched_on}"
        else:
            target = f"A new framework, {data.name}, as draft version 1"
    expectations = _expectation_changes(data, into)
    changed_by_expectation = {
        name.split(": ", 1)[1] for name in (*expectations.created, *expectations.changed, *expectations.dropped)
    }
    kinds = []
    for name, attribute, model, key, compared in PREVIEW_KINDS:
        rows = getattr(data, attribute)
        if not rows and name != "Competences":
            continue
        extra = changed_by_expectation if name == "Competences" else ()
        change = _changes(name, rows, model, key, compared, into, extra)
        if not whole:
            change.dropped = []
        kinds.append(change)
    if data.expectations or (whole and data.profiles):
        if not whole:
            expectations.dropped = []
        kinds.append(expectations)
    return ImportPreview(
        problems=problems,
        framework=data.name or (str(into.framework) if into else ""),
        target=target,
        kinds=kinds,
        into_draft=into is not None,
        matched_on=matched_on,
        scale=[s.label for s in data.scale],
    )


def exportable_versions(*, user) -> QuerySet[FrameworkVersion]:
    """Published and retired versions for everyone signed in; drafts only for those who may import."""
    versions = versions_for_exchange()
    if rules.has_perm("competencies.import_framework", user):
        return versions
    return versions.exclude(status=FrameworkVersion.Status.DRAFT)
