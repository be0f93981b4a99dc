"""Upload checks for Wagtail documents: only the kinds of file we share, within a size limit, and the
content must really be what the extension says (a renamed web page or SVG is refused)."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm

MAX_UPLOAD_SIZE = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or 25 * 1024 * 1024


def _zip_holds(upload, check) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return check(archive)
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _office(prefix):
    return lambda upload, head: (
        head.startswith(b"PK\x03\x04")
        and _zip_holds(upload, lambda archive: any(name.startswith(prefix) for name in archive.namelist()))
    )


def _odt(upload, head):
    return head.startswith(b"PK\x03\x04") and _zip_holds(
        upload, lambda archive: archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
    )


def _mp3(upload, head):
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


# What the first bytes of each allowed kind of file look like.
SIGNATURES = {
    "pdf": lambda upload, head: head.startswith(b"%PDF-"),
    "docx": _office("word/"),
    "xlsx": _office("xl/"),
    "odt": _odt,
    "mp3": _mp3,
    "m4a": lambda upload, head: head[4:8] == b"ftyp",
    "ogg": lambda upload, head: head.startswith(b"OggS"),
    "wav": lambda upload, head: head.startswith(b"RIFF") and head[8:12] == b"WAVE",
}


def validate_document_upload(upload) -> None:
    """Raise ValidationError with a message the uploader can act on."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        allowed = ", ".join(sorted(ext.upper() for ext in SIGNATURES))
        raise ValidationError(f"This kind of file cannot be uploaded. Upload one of: {allowed}.")
    if upload.size is not None and upload.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}. Files must be smaller than {filesizeformat(MAX_UPLOAD_SIZE)}."
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    matches = SIGNATURES[extension](upload, head)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            f"The file's content is not a real {extension.upper()} file. Save it again as {extension.upper()} "
            "and upload it."
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with our checks; named in settings as WAGTAILDOCS_DOCUMENT_FORM_BASE."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_document_upload(upload)
        return upload
