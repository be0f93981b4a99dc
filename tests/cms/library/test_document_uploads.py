"""Only real documents of the kinds we share are uploaded, within the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.library.documents import DocumentForm, validate_document_upload


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


GOOD = {
    "guide.pdf": b"%PDF-1.7\n...",
    "job.docx": _zip({"[Content_Types].xml": "x", "word/document.xml": "x"}),
    "rota.xlsx": _zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x"}),
    "notes.odt": _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "x"}),
    "episode.mp3": b"ID3\x04\x00" + b"\x00" * 20,
    "episode.m4a": b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 20,
    "episode.ogg": b"OggS" + b"\x00" * 20,
    "episode.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20,
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_real_documents_are_accepted(name):
    validate_document_upload(SimpleUploadedFile(name, GOOD[name]))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "cannot be uploaded"),
        ("page.html", b"<html><script>alert(1)</script></html>", "cannot be uploaded"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF"),
        ("spreadsheet.docx", _zip({"xl/workbook.xml": "x"}), "not a real DOCX"),
        ("archive.docx", b"PK\x03\x04 not really a zip", "not a real DOCX"),
        ("program.exe", b"MZ\x90\x00", "cannot be uploaded"),
        ("no-extension", b"%PDF-1.7", "cannot be uploaded"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_document_upload(SimpleUploadedFile(name, content))


def test_files_over_the_size_limit_are_refused(settings, monkeypatch):
    monkeypatch.setattr("cms.library.documents.MAX_UPLOAD_SIZE", 10)
    with pytest.raises(ValidationError, match="must be smaller than"):
        validate_document_upload(SimpleUploadedFile("guide.pdf", b"%PDF-1.7 and more than ten bytes"))


def test_wagtail_uses_our_document_form():
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document

    assert issubclass(get_document_form(Document), DocumentForm)


@pytest.mark.django_db
def test_the_upload_form_shows_the_reason(settings):
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    form_class = get_document_form(Document)
    form = form_class(
        data={"title": "Disguised page", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile("page.pdf", b"<html></html>")},
        user=None,
    )
    assert not form.is_valid()
    assert "not a real PDF" in str(form.errors["file"])


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>",
        b"%PDF-1.7\n1 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj",
        b"%PDF-1.7\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj",
    ],
)
def test_a_pdf_carrying_a_web_page_or_script_is_refused(content):
    with pytest.raises(ValidationError, match="holds scripts or a web page"):
        validate_document_upload(SimpleUploadedFile("guide.pdf", content))
