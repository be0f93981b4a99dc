"""Writes to the framework: importing, copying a version into a new draft, and publishing.

Every import, whatever its format, ends in ``framework_version_write``: the data has been validated by
``competencies.framework.exchange.structure.validate`` and is written in one transaction, matched on codes, so a
second import of the same file updates in place and a bad file changes nothing.
"""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from competencies.framework import selectors
from competencies.framework.exchange import native
from competencies.framework.exchange.structure import FileProblems, FrameworkData, validate
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

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "ld_framework.json"


def _differs(obj, model, name, value) -> bool:
    """Whether setting ``name`` to ``value`` would change ``obj``; relations compare ids, so nothing is
    fetched."""
    field = model._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _upsert(model, version, rows, key, fields, make, *, existing=None, position=None, always=(), on_new=None):
    """Create or update ``rows`` in ``version``, matched on ``key``; returns {key: object}.

    Only rows that differ are written, so importing a file again costs reads, not a rewrite. ``existing``
    lets a caller write one model in several passes (parents before children); ``position`` gives each row
    its order when a pass holds only some rows; fields in ``always`` are set even when None; ``on_new`` is
    called with each new object before it is inserted.
    """
    if existing is None:
        existing = {getattr(obj, key): obj for obj in model.objects.filter(version=version)}
    new, changed = [], []
    for index, row in enumerate(rows):
        # None means "leave as it is": a partial file may name a thing without describing it.
        made = make(row)
        values = {k: v for k, v in made.items() if v is not None or k in always}
        values["order"] = position[made[key]] if position is not None else index
        obj = existing.get(values[key])
        if obj is None:
            obj = model(version=version, **values)
            new.append(obj)
            existing[values[key]] = obj
        elif any(_differs(obj, model, name, value) for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    if on_new is not None:
        for obj in new:
            on_new(obj)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, [*fields, "order"], batch_size=500)
    return existing


def _depths(rows) -> dict[str, int]:
    """How far down the file's own tree each competence sits (0: its parent is not in the file)."""
    parents = {row.code: row.parent for row in rows}
    depths: dict[str, int] = {}
    for code in parents:
        chain, step = [], code
        while step in parents and step not in depths and step not in chain:
            chain.append(step)
            step = parents[step]
        base = depths.get(step, -1) if step in parents else -1
        for offset, link in enumerate(reversed(chain), start=1):
            depths[link] = base + offset
    return depths


def _scale_upsert(version, rows):
    """Scale values are matched on their position; labels may be renamed."""
    existing = {obj.value: obj for obj in ScaleValue.objects.filter(version=version)}
    # Labels are unique in a version; clearing them first lets a file swap two labels round.
    changing = [existing[row.value] for row in rows if row.value in existing]
    for obj in changing:
        obj.label = f"~{obj.pk}"
    if changing:
        ScaleValue.objects.bulk_update(changing, ["label"])
    return _upsert(
        ScaleValue,
        version,
        rows,
        "value",
        ["label", "descriptor", "is_proficient"],
        lambda r: {"value": r.value, "label": r.label, "descriptor": r.descriptor, "is_proficient": r.is_proficient},
    )


class _KeyGiver:
    """Gives each competence new to a version its key: the key of the competence it carries on from in the
    version before (matched on its CASE identifier first, then on its code), or a key of its own.

    The key is what ratings, evidence, plans, training and interview questions follow from one version to
    the next, so a competence whose code or wording changes keeps them.
    """

    def __init__(self, version: FrameworkVersion):
        self.by_identifier, self.by_code = {}, {}
        before = version.version_before()
        if before is not None:
            for key, code, identifier in selectors.case_identifiers(Competence, before, "key", "code"):
                if identifier:
                    self.by_identifier[identifier] = key
                self.by_code[code] = key
        self.taken = set(Competence.objects.filter(version=version).exclude(key="").values_list("key", flat=True))

    def __call__(self, competence: Competence) -> None:
        if competence.key:
            return
        identifier = selectors.case_identifier(competence.exchange)
        key = (identifier and self.by_identifier.get(identifier)) or self.by_code.get(competence.code)
        if not key or key in self.taken:
            key = uuid.uuid4().hex
        competence.key = key
        self.taken.add(key)


@transaction.atomic
def framework_version_write(*, version: FrameworkVersion, data: FrameworkData) -> FrameworkVersion:
    """Write validated data into a draft version: add what is new, update what matches on code.

    Nothing is deleted, so a partial file (only competences, say) leaves the rest of the version alone.
    """
    if not version.is_editable:
        raise ValidationError(
            f"{version} is {version.get_status_display().lower()} and cannot be changed. "
            "Make a new draft version from it first."
        )
    problems = validate(data, selectors.known_in(version))
    if problems:
        raise FileProblems(problems)
    if data.extra:
        version.exchange = {**version.exchange, **data.extra}
        version.save(update_fields=["exchange"])
    for model, rows in ((CompetenceDomain, data.domains), (Competence, data.competences)):
        renames = selectors.renamed_by_identifier(model, version, rows)
        if renames:
            moved = list(model.objects.filter(version=version, code__in=renames))
            for obj in moved:
                obj.code = renames[obj.code]
            model.objects.bulk_update(moved, ["code"], batch_size=500)

    areas = _upsert(
        ServiceArea,
        version,
        data.service_areas,
        "code",
        ["name", "description"],
        lambda r: {"code": r.code, "name": r.name, "description": r.description},
    )
    levels = _upsert(
        CareerLevel,
        version,
        data.levels,
        "number",
        ["title", "descriptor"],
        lambda r: {"number": r.number, "title": r.title, "descriptor": r.descriptor},
    )
    roles = _upsert(
        Role,
        version,
        data.roles,
        "code",
        ["name", "description", "specialisms"],
        lambda r: {"code": r.code, "name": r.name, "description": r.description, "specialisms": r.specialisms},
    )
    _scale_upsert(version, data.scale)
    _upsert(
        RoleProfile,
        version,
        data.profiles,
        "code",
        ["title", "role", "level", "service_area", "summary", "responsibilities"],
        lambda r: {
            "code": r.code,
            "title": r.title,
            "role": roles[r.role],
            "level": levels[r.level],
            "service_area": areas[r.service_area],
            "summary": r.summary,
            "responsibilities": r.responsibilities,
        },
    )
    domains = _upsert(
        CompetenceDomain,
        version,
        data.domains,
        "code",
        ["name", "description", "exchange"],
        lambda r: {"code": r.code, "name": r.name, "description": r.description, "exchange": r.extra or None},
    )
    # Parents are written before their children, a level at a time, so each row is inserted with its
    # parent already set: one INSERT per level instead of rewriting every row's parent afterwards.
    competences = {obj.code: obj for obj in Competence.objects.filter(version=version)}
    position = {row.code: index for index, row in enumerate(data.competences)}
    depths = _depths(data.competences)
    give_key = _KeyGiver(version)
    for depth in sorted(set(depths.values())):
        _upsert(
            Competence,
            version,
            [row for row in data.competences if depths[row.code] == depth],
            "code",
            ["domain", "parent", "title", "performance", "knowledge", "nos_code", "exchange"],
            lambda r: {
                "code": r.code,
                "domain": domains[r.domain],
                "parent": competences[r.parent] if r.parent else None,
                "title": r.title,
                "performance": r.performance,
                "knowledge": r.knowledge,
                "nos_code": r.nos_code,
                "exchange": r.extra or None,
            },
            existing=competences,
            position=position,
            always=("parent",),
            on_new=give_key,
        )

    if data.expectations:
        scale = {obj.label.casefold(): obj for obj in ScaleValue.objects.filter(version=version)}
        profiles = {obj.code: obj for obj in RoleProfile.objects.filter(version=version)}
        existing = {
            (e.role_profile_id, e.competence_id): e for e in Expectation.objects.filter(role_profile__version=version)
        }
        new, changed = [], []
        for row in data.expectations:
            profile, competence = profiles[row.profile], competences[row.competence]
            proficiency = scale[row.proficiency.casefold()]
            expectation = existing.get((profile.pk, competence.pk))
            if expectation is None:
                new.append(
                    Expectation(role_profile=profile, competence=competence, proficiency=proficiency, core=row.core)
                )
            elif expectation.proficiency_id != proficiency.pk or expectation.core != row.core:
                expectation.proficiency, expectation.core = proficiency, row.core
                changed.append(expectation)
        Expectation.objects.bulk_create(new, batch_size=500)
        Expectation.objects.bulk_update(changed, ["proficiency", "core"], batch_size=500)
    return version


def _free_slug(slug: str) -> str:
    """A framework matched on nothing else may still share a slug with another (two ID numbers that differ
    only in case): the new one gets the next free slug."""
    taken = set(Framework.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug[:190]}-{n}"
    return candidate


def _next_number(framework: Framework) -> int:
    return (framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def framework_import(*, data: FrameworkData, framework: Framework | None = None) -> FrameworkVersion:
    """A whole framework from a file, as a new draft version: of ``framework`` if given, otherwise of the
    framework the file names (made if it does not exist yet)."""
    problems = validate(data)
    if problems:
        raise FileProblems(problems)
    if framework is None:
        if not data.name:
            raise ValidationError("The file does not name its framework.")
        framework, _ = selectors.matching_framework(data)
        if framework is None:
            framework = Framework.objects.create(
                name=data.name,
                slug=_free_slug(data.slug or slugify(data.name)[:200] or "framework"),
                description=data.description,
                owner=data.owner,
                identifier=data.identifier,
            )
        elif data.identifier and not framework.identifier:
            framework.identifier = data.identifier
            framework.save(update_fields=["identifier"])
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=_next_number(framework),
        label=data.version_label,
        notes=data.version_notes,
    )
    return framework_version_write(version=version, data=data)


@transaction.atomic
def framework_version_copy(*, version: FrameworkVersion, notes: str = "") -> FrameworkVersion:
    """A new draft with everything in ``version``, to be edited and published in its place."""
    data = selectors.framework_data(version)
    draft = FrameworkVersion.objects.create(
        framework=version.framework,
        number=_next_number(version.framework),
        label=version.label,
        notes=notes or f"Draft made from version {version.number}.",
        based_on=version,
    )
    return framework_version_write(version=draft, data=data)


@transaction.atomic
def framework_version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft. The version published before it is retired; assessments made against it keep it."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(f"{version} is already {version.get_status_display().lower()}.")
    if not Competence.objects.filter(version=version).exists():
        raise ValidationError("A version with no competences cannot be published.")
    FrameworkVersion.objects.filter(framework=version.framework_id).published().update(
        status=FrameworkVersion.Status.RETIRED
    )
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def framework_load_shipped(*, path: Path = SHIPPED_FILE) -> tuple[FrameworkVersion, bool]:
    """Load and publish the framework file shipped with the product. Loading it again changes nothing: if
    the framework already has a version with the file's number, that version is left as it is."""
    data = native.parse(path.read_bytes())
    framework = Framework.objects.filter(slug=data.slug).first()
    if framework is not None:
        existing = framework.versions.filter(number=data.version_number).first()
        if existing is not None:
            return existing, False
    else:
        framework = Framework.objects.create(
            name=data.name, slug=data.slug, description=data.description, owner=data.owner
        )
    problems = validate(data)
    if problems:
        raise FileProblems(problems)
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=data.version_number or _next_number(framework),
        label=data.version_label,
        notes=data.version_notes,
    )
    framework_version_write(version=version, data=data)
    return framework_version_publish(version=version), True


CHANGED_SINCE_PREVIEW = (
    "The framework has changed since you checked this file, so it was not imported. Choose the file again "
    "to see what it would do now."
)


@transaction.atomic
def framework_file_import(
    *,
    data: FrameworkData,
    into: FrameworkVersion | None,
    whole: bool = True,
    drop: bool = False,
    fingerprint: str = "",
) -> FrameworkVersion:
    """Write a parsed file: into a draft version, updating in place (and, with ``drop``, removing what the
    preview listed as not in the file), or as a new draft version of the framework the file names.
    ``fingerprint`` is the preview's: if the import would now do anything else, nothing is written."""
    if into is not None:
        into = FrameworkVersion.objects.select_for_update().get(pk=into.pk)
    preview = None
    if fingerprint or drop:
        # Worked out again inside the transaction, so what is written is what the person was shown.
        preview = selectors.import_preview(data=data, into=into, whole=whole)
        if preview.problems:
            raise FileProblems(preview.problems)
        if fingerprint and preview.fingerprint(drop=drop) != fingerprint:
            raise ValidationError(CHANGED_SINCE_PREVIEW)
    if into is None:
        if not data.name:
            raise ValidationError(
                "This file does not say which framework it belongs to. Choose a draft version to import it into."
            )
        return framework_import(data=data)
    framework_version_write(version=into, data=data)
    if preview is not None and drop and preview.dropped:
        _drop(into, {k.kind: k.dropped for k in preview.kinds})
    return into


def _drop(version: FrameworkVersion, dropped: dict[str, list[str]]) -> None:
    """Remove what the preview listed as in the version but not in the file, from the leaves inwards."""
    pairs = [name.split(": ", 1) for name in dropped.get("Expectations", [])]
    if pairs:
        by_profile: dict[str, list[str]] = {}
        for profile, competence in pairs:
            by_profile.setdefault(profile, []).append(competence)
        for profile, competences in by_profile.items():
            Expectation.objects.filter(
                role_profile__version=version, role_profile__code=profile, competence__code__in=competences
            ).delete()
    kinds = [
        ("Competences", Competence, "code", False),
        ("Role profiles", RoleProfile, "code", False),
        ("Domains", CompetenceDomain, "code", False),
        ("Roles", Role, "code", False),
        ("Career levels", CareerLevel, "number", True),
        ("Service areas", ServiceArea, "code", False),
        ("Scale values", ScaleValue, "value", True),
    ]
    for kind, model, key, numeric in kinds:
        keys = dropped.get(kind, [])
        if not keys:
            continue
        keys = [int(k) for k in keys] if numeric else keys
        gone = model.objects.filter(version=version, **{f"{key}__in": keys})
        if model is Competence:
            orphans = list(
                Competence.objects.filter(version=version, parent__code__in=keys)
                .exclude(code__in=keys)
                .values_list("code", flat=True)
            )
            if orphans:
                raise ValidationError(
                    f"{', '.join(orphans)} would lose the competence they sit under, which is not in the file. "
                    "Add it to the file, or give them another parent, and choose the file again."
                )
        try:
            if model is Competence:
                gone.update(parent=None)
            gone.delete()
        except ProtectedError:
            raise ValidationError(
                f"Some {kind.lower()} that are not in the file are still in use (by an assessment or by "
                "something else in the framework), so nothing was imported. Import without removing them, "
                "or remove what uses them first."
            ) from None


@transaction.atomic
def framework_version_delete(*, version: FrameworkVersion) -> None:
    """Delete a draft and everything in it. Published and retired versions stay: people were assessed
    against them."""
    if not version.is_editable:
        raise ValidationError(f"{version} is {version.get_status_display().lower()}; only a draft can be deleted.")
    try:
        # Things inside a version protect each other (a domain its competences, a role its profiles), so
        # they go from the leaves inwards.
        Expectation.objects.filter(role_profile__version=version).delete()
        Competence.objects.filter(version=version).update(parent=None)
        for model in (Competence, RoleProfile, CompetenceDomain, Role, CareerLevel, ServiceArea, ScaleValue):
            model.objects.filter(version=version).delete()
        version.delete()
    except ProtectedError:
        raise ValidationError(f"{version} is in use elsewhere, so it cannot be deleted.") from None


@transaction.atomic
def framework_delete(*, framework: Framework) -> None:
    """Delete a framework that has only drafts."""
    if framework.versions.exclude(status=FrameworkVersion.Status.DRAFT).exists():
        raise ValidationError(f"{framework} has a published or retired version, so it cannot be deleted.")
    for version in framework.versions.all():
        framework_version_delete(version=version)
    framework.delete()
