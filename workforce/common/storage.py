"""Where uploads are kept: under names the server makes, never the uploader's.

An uploaded file's name is the uploader's text: it can carry a person's name ("Jay Smith risk
assessment.docx"), characters a file system or a shell treats specially, or a path. Every stored file is
named with 128 random bits and the extension the upload checks accepted, in the folder its field asks for
(``documents/``, ``original_images/``), so names reveal nothing, never collide and cannot be guessed. The
title a person gave the file is kept on its record, where the pages show it.
"""

import posixpath
import re
import secrets

from django.core.files.storage import FileSystemStorage, InMemoryStorage

SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


def server_name(filename: str) -> str:
    """``documents/Jay Smith.PDF`` becomes ``documents/3f0c…9a.pdf``; an odd extension is dropped."""
    folder, name = posixpath.split(filename.replace("\\", "/"))
    extension = posixpath.splitext(name)[1].lower()
    if not SAFE_EXTENSION.fullmatch(extension):
        extension = ""
    return posixpath.join(folder, f"{secrets.token_hex(16)}{extension}")


class ServerNamedMixin:
    def generate_filename(self, filename):
        return super().generate_filename(server_name(filename))


class ServerNamedFileSystemStorage(ServerNamedMixin, FileSystemStorage):
    """Local disk, for one instance (production with several instances uses object storage)."""


class ServerNamedInMemoryStorage(ServerNamedMixin, InMemoryStorage):
    """The test suite's storage: the same naming, nothing written to disk."""
