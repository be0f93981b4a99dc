"""The competency framework: what each role at each career level is expected to be able to do.

Everything that describes a framework hangs off a ``FrameworkVersion``. A published version is never
edited in place: a new draft is made from it, so assessments keep pointing at the version they used.
"""

import uuid

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

__all__ = [
    "Framework",
    "FrameworkVersion",
    "ServiceArea",
    "CareerLevel",
    "Role",
    "RoleProfile",
    "CompetenceDomain",
    "Competence",
    "ScaleValue",
    "Expectation",
]


# Moodle's description formats: 1 is HTML; 0 (Moodle's own), 2 (plain) and 4 (Markdown) are shown as text.
HTML_FORMAT = 1


def as_html(text: str, exchange: dict):
    """A description as safe markup: HTML from another system is cleaned by nh3 (scripts, styles, event
    handlers and unknown tags go); anything else is text, escaped, with its line breaks kept."""
    if (exchange or {}).get("moodle", {}).get("description_format") == HTML_FORMAT:
        # Safe to mark: nh3 leaves only its allowed tags and attributes, and no scripts, styles or handlers.
        return mark_safe(nh3.clean(text))  # noqa: S308  # nosec B308 B703
    return linebreaks(text, autoescape=True)


LINK_LABELS = {
    "exactMatchOf": "Exact match",
    "isRelatedTo": "Related",
    "precedes": "Comes before",
    "isPeerOf": "Peer of",
    "isPartOf": "Part of",
    "isChildOf": "Also part of",
    "replacedBy": "Replaced by",
    "exemplar": "Example",
    "hasSkillLevel": "Skill level",
    "isTranslationOf": "Translation of",
}


class Framework(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who wrote or publishes the framework.")
    identifier = models.CharField(
        "ID number",
        max_length=100,
        blank=True,
        help_text="The framework's ID number in the system it came from (Moodle's ID number), kept exactly, "
        "so importing the next file from there finds this framework.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FrameworkVersion.Status.PUBLISHED)

    def editable(self):
        return self.filter(status=FrameworkVersion.Status.DRAFT)


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=100, blank=True, help_text="For example the year it was written.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    exchange = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the file it was imported from said that has no field here (Moodle rules, scales and "
        "description formats), kept so an export gives it back unchanged.",
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_number_unique"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="published"), name="one_published_version"
            ),
        ]

    def __str__(self):
        label = f" ({self.label})" if self.label else ""
        return f"{self.framework} v{self.number}{label}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def version_before(self) -> "FrameworkVersion | None":
        """The version this one carries on from: the one it was made from, else the framework's latest
        before it."""
        if self.based_on_id:
            return self.based_on
        return (
            FrameworkVersion.objects.filter(framework=self.framework_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )


class VersionedQuerySet(models.QuerySet):
    def in_version(self, version):
        return self.filter(version=version)


class Versioned(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class ServiceArea(Versioned):
    """A kind of service the framework covers: L&D first; its successor adds courts and others."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="service_areas")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)

    class Meta(Versioned.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="service_area_code_unique")]

    def __str__(self):
        return self.name


class CareerLevel(Versioned):
    """A level of the Career Framework for Health (1 to 9). Levels are not pay bands."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="career_levels")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(9)])
    title = models.CharField(max_length=150)
    descriptor = models.TextField(blank=True)

    class Meta(Versioned.Meta):
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="career_level_unique")]

    def __str__(self):
        return f"Level {self.number}: {self.title}"


class Role(Versioned):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="roles")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    specialisms = models.JSONField(
        default=list, blank=True, help_text="Specialist areas of the role, for example Crown Courts."
    )

    class Meta(Versioned.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="role_code_unique")]

    def __str__(self):
        return self.name


class RoleProfile(Versioned):
    """A role at a career level: what the job is and which competences it expects, at what proficiency."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="role_profiles")
    code = models.SlugField(max_length=50)
    title = models.CharField(max_length=200)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="profiles")
    level = models.ForeignKey(CareerLevel, on_delete=models.PROTECT, related_name="profiles")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="profiles")
    summary = models.TextField(blank=True)
    responsibilities = models.TextField(blank=True, help_text="Main responsibilities, one per line.")

    class Meta(Versioned.Meta):
        ordering = ["level__number", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="role_profile_code_unique")]

    def __str__(self):
        return f"{self.title} (level {self.level.number})"

    def clean(self):
        for field in ("role", "level", "service_area"):
            related = getattr(self, field, None)
            if related is not None and related.version_id != self.version_id:
                raise ValidationError({field: "This belongs to a different version of the framework."})

    @property
    def responsibility_list(self):
        return [line.strip() for line in self.responsibilities.splitlines() if line.strip()]


class CompetenceDomain(Versioned):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=50)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    exchange = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the file it was imported from said that has no field here (Moodle rules, scales and "
        "description formats), kept so an export gives it back unchanged.",
    )

    class Meta(Versioned.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="domain_code_unique")]

    def __str__(self):
        return self.name

    @property
    def description_html(self):
        return as_html(self.description, self.exchange)


class Competence(Versioned):
    """One competence, in Skills for Health's two parts: what the person does, and what they need to know."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="competences")
    domain = models.ForeignKey(CompetenceDomain, on_delete=models.PROTECT, related_name="competences")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    code = models.CharField(max_length=50)
    key = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="The same in every version of the framework, so ratings, evidence, plans, training and "
        "interview questions follow a competence when a new version is published (even if its code or "
        "wording changes).",
    )
    title = models.CharField(max_length=300)
    performance = models.TextField("What the person does", blank=True)
    knowledge = models.TextField("What they need to know and understand", blank=True)
    nos_code = models.CharField(
        "National Occupational Standard",
        max_length=50,
        blank=True,
        help_text="The NOS this competence maps to, if any (for example SFHMH33).",
    )
    exchange = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the file it was imported from said that has no field here (Moodle rules, scales and "
        "description formats), kept so an export gives it back unchanged.",
    )

    class Meta(Versioned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="competence_code_unique"),
            models.UniqueConstraint(fields=["version", "key"], condition=~Q(key=""), name="competence_key_unique"),
        ]
        indexes = [models.Index(fields=["key"], name="competence_key")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        # Imports and copies give a competence its key before it is saved. One made on its own (in the
        # admin, say) carries on from the competence with its code in the version before, if there is one
        # whose line this version does not hold yet; otherwise it starts a line of its own.
        if not self.key:
            self.key = self._key_from_version_before() or uuid.uuid4().hex
        super().save(*args, **kwargs)

    def _key_from_version_before(self) -> str:
        before = self.version.version_before() if self.version_id else None
        if before is None:
            return ""
        key = Competence.objects.filter(version=before, code=self.code).values_list("key", flat=True).first()
        if not key or Competence.objects.filter(version_id=self.version_id, key=key).exists():
            return ""
        return key

    def wording_differs(self, other: "Competence") -> bool:
        """Whether ``other`` (the same competence in another version) says something different."""
        return (self.title, self.performance, self.knowledge) != (other.title, other.performance, other.knowledge)

    @property
    def performance_html(self):
        return as_html(self.performance, self.exchange)

    @property
    def links(self) -> list[tuple[str, list[str]]]:
        """Other competences this one is linked to by the system it came from: CASE associations (exact
        matches, related, preceding, ...) and Moodle cross-references, as (what, [which])."""
        found: dict[str, list[str]] = {}
        for association in (self.exchange or {}).get("case", {}).get("associations", []):
            label = LINK_LABELS.get(association.get("associationType"), association.get("associationType", ""))
            destination = association.get("destinationNodeURI") or {}
            name = destination.get("title") or destination.get("identifier") or destination.get("uri", "")
            found.setdefault(label, []).append(str(name))
        for related in (self.exchange or {}).get("moodle", {}).get("related", []):
            found.setdefault(LINK_LABELS["isRelatedTo"], []).append(related)
        return list(found.items())

    def clean(self):
        if self.domain_id and self.domain.version_id != self.version_id:
            raise ValidationError({"domain": "This domain belongs to a different version of the framework."})
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": "A competence cannot sit inside itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ScaleValue(Versioned):
    """One step of the framework's proficiency scale, lowest first (for example: not yet ... expert)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="scale_values")
    value = models.PositiveSmallIntegerField(help_text="Position on the scale; higher means more proficient.")
    label = models.CharField(max_length=100)
    descriptor = models.TextField(blank=True)
    is_proficient = models.BooleanField(
        default=False, help_text="Whether this value counts as competent when no other expectation is set."
    )

    class Meta(Versioned.Meta):
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="scale_value_unique"),
            models.UniqueConstraint(fields=["version", "label"], name="scale_label_unique"),
        ]

    def __str__(self):
        return self.label

    def meets(self, expected: "ScaleValue") -> bool:
        return self.value >= expected.value


class Expectation(models.Model):
    """A role profile expects a competence at a proficiency, as core or optional."""

    role_profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="expectations")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="expectations")
    proficiency = models.ForeignKey(ScaleValue, on_delete=models.PROTECT, related_name="expectations")
    core = models.BooleanField(default=True)

    class Meta:
        ordering = ["competence__domain__order", "competence__order", "competence__code"]
        constraints = [
            models.UniqueConstraint(fields=["role_profile", "competence"], name="expectation_unique"),
        ]

    def __str__(self):
        kind = "core" if self.core else "optional"
        return f"{self.role_profile.code}: {self.competence.code} at {self.proficiency} ({kind})"

    def clean(self):
        version_id = self.role_profile.version_id if self.role_profile_id else None
        if self.competence_id and self.competence.version_id != version_id:
            raise ValidationError({"competence": "This competence belongs to a different version."})
        if self.proficiency_id and self.proficiency.version_id != version_id:
            raise ValidationError({"proficiency": "This scale value belongs to a different version."})
