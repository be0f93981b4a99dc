"""Members share resources from the app, and a coordinator approves them before anyone else sees them.

A member's new resource is made as a draft page under their network's hub; a change to a resource their
service holds (one it shared, or a copy it adopted) is saved as a new revision while the published version
stays as it is. Either way a ``ResourceReview`` waits for one of the network's coordinators, who publishes
that revision or sends it back with a note saying what to change. Members never need the Wagtail admin.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ResourceReviewQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(decision=ResourceReview.Decision.WAITING)

    def for_coordinator(self, network_ids):
        return self.filter(resource__network_id__in=network_ids)


class ResourceReview(models.Model):
    """One version of a resource waiting for, or given, a coordinator's decision."""

    class Decision(models.TextChoices):
        WAITING = "waiting", "Waiting for a coordinator"
        APPROVED = "approved", "Approved and shared"
        RETURNED = "returned", "Sent back for changes"

    resource = models.ForeignKey("cms.ResourcePage", on_delete=models.CASCADE, related_name="reviews")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    is_new = models.BooleanField(default=True, help_text="A new resource, rather than a change to a shared one.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="resource_reviews_submitted"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What the coordinator asks to be changed.")

    objects = ResourceReviewQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource"], condition=Q(decision="waiting"), name="one_waiting_review_per_resource"
            )
        ]

    def __str__(self):
        return f"{self.resource.title}: {self.get_decision_display()}"

    @property
    def waiting(self) -> bool:
        return self.decision == self.Decision.WAITING
