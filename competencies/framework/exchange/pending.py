"""A file waiting between its preview and the import: streamed to a temporary file, never held in the
session (a session is a cookie's worth of database row; a framework file can be tens of megabytes).

The session keeps only the file's random name and its SHA-256, so the import reads exactly the bytes the
preview read. Files nobody confirmed are removed after a day.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from competencies.framework.exchange.files import MAX_BYTES
from competencies.framework.exchange.structure import FileProblems, Problem

FOLDER = Path(tempfile.gettempdir()) / "ld-pathways-framework-imports"
KEEP_SECONDS = 24 * 60 * 60
TOO_BIG = "The file is larger than {mb} MB. Split it or remove what you do not need."


def keep(upload, *, limit: int = MAX_BYTES) -> tuple[str, str, bytes]:
    """Stream an upload to a temporary file; returns (token, sha256, content)."""
    FOLDER.mkdir(mode=0o700, exist_ok=True)
    _tidy()
    token = secrets.token_hex(16)
    path = FOLDER / f"{token}.upload"
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                out.close()
                path.unlink(missing_ok=True)
                raise FileProblems([Problem("", TOO_BIG.format(mb=limit // (1024 * 1024)))])
            digest.update(chunk)
            out.write(chunk)
    return token, digest.hexdigest(), path.read_bytes()


def read(token: str, sha256: str) -> bytes | None:
    """The kept file, or None if it has gone or is not the one the preview read."""
    if not token or not all(c in "0123456789abcdef" for c in token):
        return None
    path = FOLDER / f"{token}.upload"
    try:
        content = path.read_bytes()
    except OSError:
        return None
    return content if hashlib.sha256(content).hexdigest() == sha256 else None


def discard(token: str) -> None:
    if token and all(c in "0123456789abcdef" for c in token):
        (FOLDER / f"{token}.upload").unlink(missing_ok=True)


def _tidy() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in FOLDER.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
