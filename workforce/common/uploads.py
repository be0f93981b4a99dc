"""Every uploaded file is offered to the virus scanners named in ``UPLOAD_SCANNERS`` before it is kept.

A scanner is a function taking the file's bytes and returning ``None`` when clean, or the name of what it
found. The default is ``clamd_scan``, which asks a ClamAV daemon where one is configured (``CLAMD_SOCKET``
for a Unix socket, or ``CLAMD_HOST`` and ``CLAMD_PORT``) and is skipped, with a warning in the log, where
none is. ClamAV's own protocol (INSTREAM) is spoken directly: the Python clients for it are unmaintained,
and the protocol is a length-prefixed stream and one reply line.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

REFUSED = (
    "This file was refused by the virus check ({found}). Do not open it again on your computer; ask your IT "
    "service to check it."
)
UNCHECKED = "The virus check could not be reached, so the file was not saved. Try again in a few minutes."
CHUNK = 64 * 1024


def scan_upload(upload) -> None:
    """``scan_content`` for an uploaded file, left rewound for whatever reads it next."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    scan_content(content)


def scan_content(content: bytes) -> None:
    """Raise ValidationError when a scanner flags the file, or when a configured scanner cannot answer."""
    for path in settings.UPLOAD_SCANNERS:
        try:
            found = import_string(path)(content)
        except OSError:
            logger.exception("Upload scanner %s failed", path)
            raise ValidationError(UNCHECKED) from None
        if found:
            logger.warning("Upload refused by %s: %s", path, found)
            raise ValidationError(REFUSED.format(found=found))


def clamd_scan(content: bytes) -> str | None:
    """What ClamAV found in ``content``, or None. Skipped (None) where no daemon is configured."""
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address = settings.CLAMD_SOCKET
    elif settings.CLAMD_HOST:
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = (settings.CLAMD_HOST, settings.CLAMD_PORT)
    else:
        logger.warning("No virus scanner is configured (CLAMD_SOCKET or CLAMD_HOST); the upload was not scanned.")
        return None
    with connection:
        connection.settimeout(settings.CLAMD_TIMEOUT)
        connection.connect(address)
        connection.sendall(b"zINSTREAM\0")
        for start in range(0, len(content), CHUNK):
            piece = content[start : start + CHUNK]
            connection.sendall(struct.pack("!L", len(piece)) + piece)
        connection.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = connection.recv(4096)
            if not part:
                break
            reply += part
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR".
    if answer.endswith("FOUND"):
        return answer.split(":", 1)[-1].removesuffix("FOUND").strip()
    if not answer.endswith("OK"):
        raise OSError(f"clamd answered {answer!r}")
    return None
