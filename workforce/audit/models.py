"""Who read what, and the permits that let an erasure remove audit history.

Changes are recorded by django-auditlog in its own table (``auditlog_logentry``), for the models listed in
``workforce/audit/registry.py``. Reads, refused attempts and sign-ins are recorded here, in ``AccessEvent``,
one row per request, by ``workforce/audit/middleware.py`` and the auth signal receivers in services.py.

Both tables are append-only in the database itself (triggers made by migration 0008, see
``workforce/audit/database.py``): an UPDATE or DELETE is refused, whoever sends it. The two exceptions are a
user being deleted (their actor column becomes empty, nothing else changes) and an erasure, which deletes
rows only while an ``AuditErasurePermit`` for that record exists in the same transaction.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

__all__ = ["AccessEvent", "AuditErasurePermit"]


class AccessEventQuerySet(models.QuerySet):
    def for_record(self, content_type: ContentType, object_pk) -> "AccessEventQuerySet":
        return self.filter(content_type=content_type, object_pk=str(object_pk))


class AccessEvent(models.Model):
    """One person opening, or being refused, a sensitive page; or signing in or out."""

    class Outcome(models.TextChoices):
        READ = "read", "Opened"
        REFUSED = "refused", "Refused"
        SIGNED_IN = "signed_in", "Signed in"
        SIGNED_OUT = "signed_out", "Signed out"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"

    # Kept when the user is deleted, so the trail still says who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    url_name = models.CharField(max_length=150, blank=True)
    # The kind of record and its id; empty for sign-ins and for refused URLs that name no known kind.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_pk = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_pk"], name="access_event_record")]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.url_name or ''} at {self.at:%d %b %Y %H:%M}".strip()


class AuditErasurePermit(models.Model):
    """Lets the database delete one record's audit history, for as long as this row exists.

    Only ``history_erase`` makes one, and removes it again in the same transaction, so no permit is ever seen
    by another transaction or left behind.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_pk"], name="one_permit_per_record")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_pk}"
