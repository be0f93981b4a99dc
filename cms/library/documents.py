"""Upload checks for Wagtail documents: the kinds of file networks share, within a size limit, checked
by ``workforce.common.file_checks`` (content must be what the extension says; then the virus check)."""

from django.conf import settings
from wagtail.documents.forms import BaseDocumentForm

from workforce.common.file_checks import SIGNATURES as ALL_KINDS
from workforce.common.file_checks import validate_upload

MAX_UPLOAD_SIZE = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or 25 * 1024 * 1024
# What networks share: documents and audio (podcast episodes).
SIGNATURES = {kind: ALL_KINDS[kind] for kind in ("pdf", "docx", "xlsx", "odt", "mp3", "m4a", "ogg", "wav")}


def validate_document_upload(upload) -> None:
    """Raise ValidationError with a message the uploader can act on."""
    validate_upload(upload, kinds=SIGNATURES, max_size=MAX_UPLOAD_SIZE)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with our checks; named in settings as WAGTAILDOCS_DOCUMENT_FORM_BASE."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_document_upload(upload)
        return upload
