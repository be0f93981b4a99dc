"""The in-memory shape every import format is parsed into, and the one place it is checked."""

import re
from dataclasses import dataclass, field, fields

from competencies.framework import models

CODE_MAX = models.Competence._meta.get_field("code").max_length
TITLE_MAX = models.Competence._meta.get_field("title").max_length


@dataclass
class Problem:
    """Something wrong with a file, said so a person can find and fix it: where, then what."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class FileProblems(Exception):
    """Raised by a parser or by ``validate``: the file cannot be imported, for these reasons."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems[:5]))


@dataclass
class ServiceAreaRow:
    code: str
    name: str
    description: str = ""
    where: str = ""


@dataclass
class LevelRow:
    number: int
    title: str
    descriptor: str = ""
    where: str = ""


@dataclass
class RoleRow:
    code: str
    name: str
    description: str = ""
    specialisms: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class ScaleRow:
    value: int
    label: str
    descriptor: str | None = ""
    is_proficient: bool = False
    where: str = ""


@dataclass
class ProfileRow:
    code: str
    title: str
    role: str
    level: int
    service_area: str
    summary: str = ""
    responsibilities: str = ""
    where: str = ""


@dataclass
class DomainRow:
    code: str
    name: str
    description: str | None = ""
    where: str = ""
    extra: dict = field(default_factory=dict)
    """What a format says that has no field here, by format ({"moodle": {...}}), kept for its export."""


@dataclass
class CompetenceRow:
    code: str
    title: str
    domain: str
    parent: str = ""
    performance: str = ""
    knowledge: str = ""
    nos_code: str = ""
    where: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class ExpectationRow:
    profile: str
    competence: str
    proficiency: str
    core: bool = True
    where: str = ""


@dataclass
class FrameworkData:
    """A framework, or part of one, as read from a file. Lists keep the file's order."""

    name: str = ""
    slug: str = ""
    description: str = ""
    owner: str = ""
    version_number: int | None = None
    version_label: str = ""
    version_notes: str = ""
    identifier: str = ""
    """The framework's ID number in the system the file came from, kept exactly."""
    status: str = ""
    """The version's status (draft, published, retired), for formats that say so (CASE's adoptionStatus)."""
    changed_at: str = ""
    """When the version last changed, ISO 8601, for formats that stamp it (CASE's lastChangeDateTime)."""
    extra: dict = field(default_factory=dict)
    service_areas: list[ServiceAreaRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    scale: list[ScaleRow] = field(default_factory=list)
    profiles: list[ProfileRow] = field(default_factory=list)
    domains: list[DomainRow] = field(default_factory=list)
    competences: list[CompetenceRow] = field(default_factory=list)
    expectations: list[ExpectationRow] = field(default_factory=list)


@dataclass
class Known:
    """What the target version already holds, so a partial file (a spreadsheet of competences) can refer
    to domains, profiles and scale values that are not in the file itself."""

    service_areas: set[str] = field(default_factory=set)
    levels: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    scale_labels: set[str] = field(default_factory=set)
    profiles: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    competence_parents: dict[str, str] = field(default_factory=dict)


def _duplicates(rows, key, what, problems):
    seen = set()
    for row in rows:
        value = key(row)
        if value in seen:
            problems.append(Problem(row.where, f"the {what} {value} appears more than once"))
        seen.add(value)
    return seen


def _required(row, names, problems):
    for name in names:
        value = getattr(row, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem(row.where, f"the {name.replace('_', ' ')} is missing"))


def _limits(model) -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in model._meta.get_fields()
        if getattr(f, "max_length", None) and f.get_internal_type() in ("CharField", "SlugField")
    }


# Which model each kind of row is saved as, so a value too long for its column is refused with the file's
# row before anything is saved (PostgreSQL would refuse it only at the end, as an error page).
ROW_MODELS = {
    "service_areas": models.ServiceArea,
    "levels": models.CareerLevel,
    "roles": models.Role,
    "scale": models.ScaleValue,
    "profiles": models.RoleProfile,
    "domains": models.CompetenceDomain,
    "competences": models.Competence,
}
FRAMEWORK_LIMITS = {
    "identifier": _limits(models.Framework)["identifier"],
    "name": _limits(models.Framework)["name"],
    "slug": _limits(models.Framework)["slug"],
    "owner": _limits(models.Framework)["owner"],
    "version_label": _limits(models.FrameworkVersion)["label"],
}


def _too_long(where, name, value, limit, problems):
    if isinstance(value, str) and len(value) > limit:
        problems.append(
            Problem(
                where,
                f"the {name.replace('_', ' ')} is {len(value)} characters long, and can be at most {limit}. "
                "Shorten it in the file and choose the file again.",
            )
        )


def _check_lengths(data: "FrameworkData", problems: list[Problem]) -> None:
    for name, limit in FRAMEWORK_LIMITS.items():
        label = {"identifier": "ID number", "slug": "short name for web addresses"}.get(name, name)
        _too_long("the framework", label, getattr(data, name), limit, problems)
    for kind, model in ROW_MODELS.items():
        limits = _limits(model)
        rows = getattr(data, kind)
        checked = [f.name for f in fields(rows[0]) if f.name in limits] if rows else []
        for row in rows:
            for name in checked:
                _too_long(row.where, name, getattr(row, name), limits[name], problems)


def validate(data: FrameworkData, known: Known | None = None) -> list[Problem]:
    """Every problem with the data, in file order. An empty list means it can be written."""
    known = known or Known()
    problems: list[Problem] = []
    if not data.competences:
        return [Problem("", "The file has no competences in it.")]

    for row in data.service_areas:
        _required(row, ("code", "name"), problems)
    for row in data.roles:
        _required(row, ("code", "name"), problems)
    for row in data.levels:
        _required(row, ("title",), problems)
        if not 1 <= row.number <= 9:
            problems.append(Problem(row.where, f"career level {row.number} is not between 1 and 9"))
    for row in data.scale:
        _required(row, ("label",), problems)
    for row in data.profiles:
        _required(row, ("code", "title"), problems)
    for row in data.domains:
        _required(row, ("code", "name"), problems)
    for row in data.competences:
        _required(row, ("code", "title", "domain"), problems)
    _check_lengths(data, problems)

    areas = _duplicates(data.service_areas, lambda r: r.code, "service area code", problems) | known.service_areas
    levels = _duplicates(data.levels, lambda r: r.number, "career level", problems) | known.levels
    roles = _duplicates(data.roles, lambda r: r.code, "role code", problems) | known.roles
    _duplicates(data.scale, lambda r: r.value, "scale value", problems)
    labels = _duplicates(data.scale, lambda r: r.label.casefold(), "scale label", problems)
    labels |= {label.casefold() for label in known.scale_labels}
    profiles = _duplicates(data.profiles, lambda r: r.code, "role profile code", problems) | known.profiles
    domains = _duplicates(data.domains, lambda r: r.code, "domain code", problems) | known.domains
    codes = _duplicates(data.competences, lambda r: r.code, "competence code", problems)

    for row in data.profiles:
        if row.role and row.role not in roles:
            problems.append(Problem(row.where, f"the role {row.role} is not in the framework"))
        if row.level not in levels:
            problems.append(Problem(row.where, f"career level {row.level} is not in the framework"))
        if row.service_area and row.service_area not in areas:
            problems.append(Problem(row.where, f"the service area {row.service_area} is not in the framework"))

    parents = dict(known.competence_parents)
    for row in data.competences:
        parents[row.code] = row.parent
        if row.domain and row.domain not in domains:
            problems.append(Problem(row.where, f"the domain {row.domain} is not in the framework"))
        if row.parent and row.parent not in codes and row.parent not in known.competence_parents:
            problems.append(Problem(row.where, f"the parent {row.parent} is not in the file"))
    for row in data.competences:
        if _in_loop(row.code, parents):
            problems.append(Problem(row.where, f"{row.code} sits inside itself through its parents (a loop)"))

    everything = codes | set(known.competence_parents)
    seen_pairs = set()
    for row in data.expectations:
        if row.profile not in profiles:
            problems.append(Problem(row.where, f"the role profile {row.profile} is not in the framework"))
        if row.competence not in everything:
            problems.append(Problem(row.where, f"the competence {row.competence} is not in the file"))
        if row.proficiency.casefold() not in labels:
            problems.append(Problem(row.where, f"'{row.proficiency}' is not a value on the framework's scale"))
        if (row.profile, row.competence) in seen_pairs:
            problems.append(Problem(row.where, f"{row.profile} expects {row.competence} more than once"))
        seen_pairs.add((row.profile, row.competence))
    return sorted(problems, key=_position)


def _position(problem: Problem) -> int:
    """Problems are checked kind by kind; people fix them row by row."""
    match = re.search(r"\brow (\d+)", problem.where)
    return int(match.group(1)) if match else 0


def _in_loop(code: str, parents: dict[str, str]) -> bool:
    seen = {code}
    current = parents.get(code)
    while current:
        if current in seen:
            return current == code
        seen.add(current)
        current = parents.get(current)
    return False
