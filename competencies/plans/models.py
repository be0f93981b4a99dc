"""The development plan that follows a self-assessment: what the person will do, by when, and with what.

An action can name a youth-led training session, or any other learning activity with a web link. The model
stays in the competencies app (same table as before the plan became its own part).
"""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Subquery

__all__ = ["PlanAction"]

HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter a web address that starts with https://.")


class PlanActionQuerySet(models.QuerySet):
    def with_attendance(self):
        """Each action with the person's attendance at its session, when they went (``attended_id``).

        Attending the session is what finishes an action tied to it, from the moment attendance is taken.
        """
        from workforce.models import TrainingAttendance

        attended = TrainingAttendance.objects.filter(
            session_id=OuterRef("session_id"),
            attendee_id=OuterRef("assessment__staff_id"),
            status=TrainingAttendance.Status.ATTENDED,
        )
        place = TrainingAttendance.objects.filter(
            session_id=OuterRef("session_id"), attendee_id=OuterRef("assessment__staff_id")
        )
        return self.annotate(
            attended_id=Subquery(attended.values("pk")[:1]),
            place_status=Subquery(place.values("status")[:1]),
        )

    def not_done(self):
        """Actions still to do: not marked done, and not tied to a session the person has been to."""
        from workforce.models import TrainingAttendance

        attended = TrainingAttendance.objects.filter(
            session_id=OuterRef("session_id"),
            attendee_id=OuterRef("assessment__staff_id"),
            status=TrainingAttendance.Status.ATTENDED,
        )
        return self.exclude(status=PlanAction.Status.DONE).exclude(Exists(attended))


class PlanAction(models.Model):
    """One step of a development plan: what the person will do about a competence, and by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    assessment = models.ForeignKey("competencies.Assessment", on_delete=models.CASCADE, related_name="plan_actions")
    competence = models.ForeignKey(
        "competencies.Competence", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    action = models.TextField("What I will do")
    due_date = models.DateField("By when")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    session = models.ForeignKey(
        "workforce.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        help_text="A youth-led training session that is part of this action.",
    )
    link = models.URLField(
        "Link to the learning",
        max_length=500,
        blank=True,
        validators=[HTTPS_ONLY],
        help_text="A course, article, video or other learning activity on the web.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="plan_action_status_due")]

    def __str__(self):
        return f"{self.action[:60]} (by {self.due_date:%d %b %Y})"

    @property
    def is_done(self) -> bool:
        """Marked done, or its session attended (needs ``with_attendance()``)."""
        return self.status == self.Status.DONE or bool(getattr(self, "attended_id", None))
