"""Stored file names are made by the server: nothing of the uploader's name is kept on disk."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents.models import Document

from workforce.common.storage import server_name

RANDOM = r"[0-9a-f]{32}"


@pytest.mark.parametrize(
    "uploaded, folder, extension",
    [
        ("documents/Jay Smith risk assessment.PDF", "documents", ".pdf"),
        ("original_images/photo.jpeg", "original_images", ".jpeg"),
        ("documents/report.tar.gz", "documents", ".gz"),
        ("documents/evil.p<h>p", "documents", ""),
        ("documents/no-extension", "documents", ""),
    ],
)
def test_server_name_keeps_only_the_folder_and_a_safe_extension(uploaded, folder, extension):
    name = server_name(uploaded)
    assert re.fullmatch(rf"{re.escape(folder)}/{RANDOM}{re.escape(extension)}", name)


def test_two_uploads_of_one_name_never_share_a_stored_name():
    assert server_name("documents/a.pdf") != server_name("documents/a.pdf")


def test_the_default_storage_names_every_upload(db):
    document = Document.objects.create(title="Risk assessment for Jay Smith")
    document.file.save("Jay Smith risk assessment.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    assert "Jay" not in document.file.name
    assert re.fullmatch(rf"documents/{RANDOM}\.pdf", document.file.name)
    assert default_storage.exists(document.file.name)
    assert document.title == "Risk assessment for Jay Smith"
