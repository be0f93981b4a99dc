"""Self-assessments against a role profile and the manager's review (the plan that follows is in ``plans``).

An assessment keeps the framework version and role profile it was made against, so it still reads the
same after the framework moves on. Self and manager ratings sit side by side on one row and neither
overwrites the other.
"""

from django.conf import settings
from django.db import models

__all__ = [
    "Assessment",
    "AssessmentStatusChange",
    "Rating",
    "ReassessmentReminder",
]


class AssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Assessment.OPEN_STATUSES)

    def awaiting_review(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def signed_off(self):
        return self.filter(status=Assessment.Status.SIGNED_OFF)

    def shared(self):
        """Assessments the staff member has handed to their manager at least once."""
        return self.filter(status__in=[Assessment.Status.SUBMITTED, Assessment.Status.SIGNED_OFF])


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        RETURNED = "returned", "Returned to you"
        SIGNED_OFF = "signed_off", "Signed off"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    staff = models.ForeignKey("workforce.StaffProfile", on_delete=models.CASCADE, related_name="assessments")
    version = models.ForeignKey("competencies.FrameworkVersion", on_delete=models.PROTECT, related_name="assessments")
    role_profile = models.ForeignKey("competencies.RoleProfile", on_delete=models.PROTECT, related_name="assessments")
    target_profile = models.ForeignKey(
        "competencies.RoleProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_assessments",
        help_text="The next role the person is working towards, if any.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Bumped on every saved review, so a manager saving a review someone else changed meanwhile is told.
    review_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["staff", "status", "-created_at"], name="assessment_staff_status"),
            # Review queues and home read only the waiting ones, and figures only the signed-off ones in a
            # period: small partial indexes, so neither scans every assessment ever made.
            models.Index(
                fields=["submitted_at", "id"], condition=models.Q(status="submitted"), name="assessment_waiting"
            ),
            models.Index(
                fields=["signed_off_at"], condition=models.Q(status="signed_off"), name="assessment_signed_off"
            ),
        ]

    def __str__(self):
        return f"{self.staff.display_name}: {self.role_profile.title} ({self.created_at:%d %b %Y})"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES


class AssessmentStatusChange(models.Model):
    """Every move of an assessment from one status to another, with who made it and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="history")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=12, choices=Assessment.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Assessment.Status.choices)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.assessment_id}: {self.from_status or 'new'} to {self.to_status}"


class Rating(models.Model):
    """One competence in one assessment: the person's own rating and, beside it, their manager's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    competence = models.ForeignKey("competencies.Competence", on_delete=models.PROTECT, related_name="ratings")
    self_value = models.ForeignKey(
        "competencies.ScaleValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    training = models.ManyToManyField(
        "workforce.TrainingAttendance",
        blank=True,
        related_name="ratings",
        help_text="Training the person attended that shows this competence.",
    )
    carried_forward = models.BooleanField(
        default=False, help_text="The self rating was copied from the person's previous assessment."
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person's rating of the same competence in their previous assessment (in any version of "
        "the framework), shown beside this one.",
    )
    manager_value = models.ForeignKey(
        "competencies.ScaleValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    manager_comment = models.TextField(blank=True)
    manager_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    manager_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save of the person's own rating, so a save from a page opened before someone else's
    # save (another tab, another device) is refused instead of overwriting it.
    self_revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["competence__domain__order", "competence__order", "competence__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "competence"], name="one_rating_each")]

    def __str__(self):
        return f"{self.competence.code}: {self.self_value or 'not rated'}"

    @property
    def wording_changed(self) -> bool:
        """Whether the competence reads differently from when the person rated it last time."""
        return bool(self.previous_id) and self.previous.competence.wording_differs(self.competence)

    @property
    def disagrees(self):
        return bool(self.self_value_id and self.manager_value_id and self.self_value_id != self.manager_value_id)


class ReassessmentReminder(models.Model):
    """A reminder sent because a signed-off assessment grew older than the service's period.

    One per assessment, so the same reminder is never sent twice.
    """

    staff = models.ForeignKey("workforce.StaffProfile", on_delete=models.CASCADE, related_name="reminders")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["assessment"], name="one_reminder_per_assessment")]

    def __str__(self):
        return f"Reminder to {self.staff_id} about assessment {self.assessment_id}"
