"""Files and links a person attaches to a rating as evidence: a certificate, a reflective account, a
supervision record, a course page.

Files are kept under server-made names in the default storage's ``evidence/`` folder, which no URL serves
directly: they are only ever sent by the download view, which applies the assessment's own rules (the
person and their managers). They are never Wagtail documents, which belong to networks.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

__all__ = ["EvidenceItem"]

HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter a web address that starts with https://.")


class EvidenceItem(models.Model):
    rating = models.ForeignKey("competencies.Rating", on_delete=models.CASCADE, related_name="evidence_items")
    title = models.CharField(max_length=120, help_text="What it is, in a few words.")
    file = models.FileField(upload_to="evidence/", blank=True)
    link = models.URLField(max_length=500, blank=True, validators=[HTTPS_ONLY])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "competencies"
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(link="")) | (~models.Q(file="") & models.Q(link="")),
                name="evidence_is_a_file_or_a_link",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if self.file and "." in self.file.name else ""
