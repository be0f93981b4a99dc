"""The record's whole life: records due for review when their retention period ends, what was decided, and
the tombstone left when a record is erased.

A review points at any kind of record (a content type and a row id), because every app's records are
reviewed the same way. Registered with Django through ``cms/models.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["RecordReview", "ReviewDecision", "Erasure"]


class RecordReviewQuerySet(models.QuerySet):
    def due(self):
        return self.filter(status=RecordReview.Status.DUE)

    def in_service(self, service_id):
        return self.filter(service_id=service_id)


class RecordReview(models.Model):
    """One record whose retention period has ended, waiting for someone to decide what happens to it.

    There is one review per record, ever: keeping a record for longer sets a new date, and when that date
    passes the same review is due again. Made only by ``manage.py flag_records_for_review``.
    """

    class Status(models.TextChoices):
        DUE = "due", "Due for review"
        KEPT = "kept", "Kept for longer"
        ERASED = "erased", "Erased"

    kind = models.CharField(max_length=20, help_text="The kind of record, as in RECORDS_RETENTION.")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    service = models.ForeignKey(
        "workforce.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="record_reviews"
    )
    label = models.CharField(max_length=200, help_text="What the record is, in a few words.")
    period_ended_on = models.DateField(help_text="The day its retention period ended.")
    reason = models.CharField(max_length=300, help_text="Why it is due: the period and what it runs from.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    keep_until = models.DateField(null=True, blank=True, help_text="Kept for longer: reviewed again on this day.")
    flagged_at = models.DateTimeField(default=timezone.now)

    objects = RecordReviewQuerySet.as_manager()

    class Meta:
        ordering = ["period_ended_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_review_per_record"),
            models.CheckConstraint(
                condition=~Q(status="kept") | Q(keep_until__isnull=False), name="kept_record_has_a_date"
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_status_display().lower()})"


class ReviewDecision(models.Model):
    """What someone decided about a record due for review, when, and why. Kept after the record is erased."""

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep for longer"
        ERASE = "erase", "Erase"

    review = models.ForeignKey(RecordReview, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=5, choices=Decision.choices)
    keep_until = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.at:%d %b %Y})"


class Erasure(models.Model):
    """The tombstone of an erased record: what kind of record and how many rows went, when, by whom and why.

    It never holds what the record said or whose it was: ``description`` names the kind and the row id only.
    """

    kind = models.CharField(max_length=20, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    description = models.CharField(max_length=300)
    rows = models.JSONField(default=dict, help_text="How many rows of each kind went, by model.")
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.description}, erased {self.at:%d %b %Y}"
