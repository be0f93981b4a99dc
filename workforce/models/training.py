from django.core.exceptions import ValidationError
from django.db import models

from .people import Region, Service, StaffProfile

__all__ = ["TrainingSession", "TrainingAttendance"]


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        from django.utils import timezone

        return self.filter(starts_at__gte=now or timezone.now())

    def for_competences(self, competence_ids):
        return self.filter(competences__in=competence_ids).distinct()


class TrainingSession(models.Model):
    """A training session for professionals. Youth-led sessions are co-delivered by young experts."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Leave blank for an online session.")
    online = models.BooleanField(default=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="training_sessions",
        help_text="The service the session is for. Leave blank for a session open to the whole region.",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="training_sessions")
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    youth_led = models.BooleanField(default=False)
    facilitator = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilitated_sessions"
    )
    competences = models.ManyToManyField(
        "competencies.Competence", blank=True, related_name="training_sessions",
        help_text="The framework competences this session helps people develop.",
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    def clean(self):
        if self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        if self.service_id and self.region_id and self.service.region_id != self.region_id:
            raise ValidationError({"service": "This service is in a different region."})


class TrainingAttendance(models.Model):
    """A staff member's place on a training session, and whether they came."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", "Signed up"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    attendee = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="training_attendances")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    signed_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "attendee"], name="one_place_per_person"),
        ]

    def __str__(self):
        return f"{self.attendee.display_name} at {self.session.title}: {self.get_status_display()}"
