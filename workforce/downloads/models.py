"""Files people asked for that take too long to make in a request.

A ``Download`` is one request for a file (the team heatmap spreadsheet, the training report): who asked,
what and with which filters, how far it has got, and the finished file. The file is kept in the default
storage under a name the server makes (``downloads/<random>.xlsx``), never in public media or Wagtail's
documents, and is served only to the person who asked (``workforce.open_download``). It expires after
``KEEP_FOR``; ``manage.py clean_downloads`` (and every build) deletes expired files and their rows.

The file is made by a task on the ``background`` backend: django-tasks-db keeps the queue in the database
and ``manage.py db_worker --backend background`` runs it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

__all__ = ["Download"]

KEEP_FOR = datetime.timedelta(days=1)


class Download(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        WORKING = "working", "Being made"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="downloads")
    kind = models.CharField(max_length=40)
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="downloads/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="download_requested_by_idx")]

    def __str__(self):
        return f"{self.kind} for {self.requested_by_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.WORKING)


@receiver(post_delete, sender=Download, dispatch_uid="download_file_deleted_with_its_row")
def _delete_the_file(sender, instance, **kwargs):
    # However the row goes (expiry, or its person being erased), the file goes with it.
    if instance.file:
        instance.file.delete(save=False)
