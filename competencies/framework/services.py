"""Writes to the framework: importing, copying a version into a new draft, and publishing.

Every import, whatever its format, ends in ``framework_version_write``: the data has been validated by
``competencies.framework.exchange.structure.validate`` and is written in one transaction, matched on codes, so a
second import of the same file updates in place and a bad file changes nothing.
"""

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


def _upsert(model, version, rows, key, fields, make):
    """Create or update ``rows`` in ``version``, matched on ``key``; returns {key: object}."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(version=version)}
    new, changed = [], []
    for order, row in enumerate(rows):
        # None means "leave as it is": a partial file may name a thing without describing it.
        values = {**{k: v for k, v in make(row).items() if v is not None}, "order": order}
        obj = existing.get(values[key])
        if obj is None:
            obj = model(version=version, **values)
            new.append(obj)
            existing[values[key]] = obj
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, [*fields, "order"], batch_size=500)
    return existing


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
        ["name", "description"],
        lambda r: {"code": r.code, "name": r.name, "description": r.description},
    )
    competences = _upsert(
        Competence,
        version,
        data.competences,
        "code",
        ["domain", "title", "performance", "knowledge", "nos_code"],
        lambda r: {
            "code": r.code,
            "domain": domains[r.domain],
            "title": r.title,
            "performance": r.performance,
            "knowledge": r.knowledge,
            "nos_code": r.nos_code,
        },
    )
    with_parents = []
    for row in data.competences:
        competence = competences[row.code]
        parent = competences[row.parent] if row.parent else None
        if competence.parent_id != (parent.pk if parent else None):
            competence.parent = parent
            with_parents.append(competence)
    Competence.objects.bulk_update(with_parents, ["parent"], batch_size=500)

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
        slug = data.slug or slugify(data.name)[:200]
        framework = Framework.objects.filter(slug=slug).first() or Framework.objects.filter(name=data.name).first()
        if framework is None:
            framework = Framework.objects.create(
                name=data.name, slug=slug, description=data.description, owner=data.owner
            )
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


def framework_file_import(*, data: FrameworkData, into: FrameworkVersion | None) -> FrameworkVersion:
    """Write a parsed file: into a draft version, updating in place, or as a new draft version of the
    framework the file names."""
    if into is not None:
        return framework_version_write(version=into, data=data)
    if not data.name:
        raise ValidationError(
            "This file does not say which framework it belongs to. Choose a draft version to import it into."
        )
    return framework_import(data=data)


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
