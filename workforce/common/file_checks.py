"""Upload checks shared by every part that takes files: only the kinds of file a part allows, within its
size limit, whose content really is what the extension says (a renamed web page or SVG is refused), then
the virus scanners (``uploads.scan_upload``)."""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from workforce.common.uploads import scan_upload


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


# A PDF may carry a web page or scripts that a browser or PDF reader runs (the file starts "%PDF-", so it
# passes a first-bytes check). Shared documents never need them. PDF names are case-sensitive and end at a
# delimiter, so random bytes in a compressed stream almost never match; a script hidden inside a compressed
# object stream is for the virus scanner (workforce/common/uploads.py) to find.
ACTIVE_PDF_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)[\s/<\[(]")
WEB_CONTENT = re.compile(rb"<(?:script|html|svg|iframe)[\s>/]", re.IGNORECASE)


def _pdf(upload, head):
    if not head.startswith(b"%PDF-"):
        return False
    upload.seek(0)
    content = upload.read()
    return not (ACTIVE_PDF_NAMES.search(content) or WEB_CONTENT.search(content))


# What each kind of file must look like inside.
SIGNATURES = {
    "png": lambda upload, head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpg": lambda upload, head: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda upload, head: head.startswith(b"\xff\xd8\xff"),
    "pdf": _pdf,
    "docx": _office("word/"),
    "xlsx": _office("xl/"),
    "odt": _odt,
    "mp3": _mp3,
    "m4a": lambda upload, head: head[4:8] == b"ftyp",
    "ogg": lambda upload, head: head.startswith(b"OggS"),
    "wav": lambda upload, head: head.startswith(b"RIFF") and head[8:12] == b"WAVE",
}


def validate_upload(upload, *, kinds: dict, max_size: int) -> None:
    """Raise ValidationError, with a message the uploader can act on, unless ``upload`` is one of ``kinds``
    (extension: content check), no bigger than ``max_size``, really what its extension says, and clean."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in kinds:
        allowed = ", ".join(sorted(ext.upper() for ext in kinds))
        raise ValidationError(f"This kind of file cannot be uploaded. Upload one of: {allowed}.")
    if upload.size is not None and upload.size > max_size:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}. Files must be smaller than {filesizeformat(max_size)}."
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    matches = kinds[extension](upload, head)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            f"The file's content is not a real {extension.upper()} file, or it holds scripts or a web page. "
            f"Save it again as a plain {extension.upper()} and upload it."
        )
    scan_upload(upload)
