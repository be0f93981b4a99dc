"""Spreadsheets in and out: text a spreadsheet program would run as a formula stays text, and an uploaded
workbook is measured before anything unpacks it.

Lives in the lowest app so every export (training report, team heatmap, framework files) and every import
(staff, framework) uses the one rule.
"""

import io
import zipfile

# An .xlsx is a zip of XML. A real workbook of the sizes people upload (a few thousand rows) unpacks to a few
# megabytes; a "zip bomb" a few megabytes big can unpack to gigabytes and keep a worker busy for minutes.
# The sizes are read from the zip's directory, which costs nothing; the reader never unpacks more than
# a member's stated size, so the limit holds even for a file that lies about it.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so it is shown as
    text and never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_cell(value):
    """Undo ``safe_cell`` on the way back in, so an exported file imports to the same text."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class WorkbookRefused(ValueError):
    """An uploaded workbook that will not be opened, with a message the person can act on."""


def check_workbook(raw: bytes, *, max_unpacked: int = MAX_UNPACKED_BYTES, max_members: int = MAX_MEMBERS) -> None:
    """Refuse an .xlsx that is not a zip, has too many parts, or unpacks to more than ``max_unpacked``."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise WorkbookRefused(
            "This file is not an Excel workbook (.xlsx), although its name says it is. "
            "Save it from your spreadsheet program as .xlsx and try again."
        ) from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > max_members or unpacked > max_unpacked:
        raise WorkbookRefused(
            f"This workbook would unpack to {unpacked // (1024 * 1024)} MB, more than the "
            f"{max_unpacked // (1024 * 1024)} MB a workbook may hold here. Remove what you do not need (images, "
            "extra sheets), or save it as CSV, and try again."
        )
