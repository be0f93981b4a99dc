"""Spreadsheets in and out: text a spreadsheet program would run as a formula stays text, and an uploaded
workbook is measured before anything unpacks it.

Lives in the lowest app so every export (training report, team heatmap, framework files) and every import
(staff, framework) uses the one rule.
"""

import io
import time
import zipfile
import zlib
from xml.parsers import expat

from defusedxml import DefusedXmlException, ElementTree

# An .xlsx is a zip of XML. A real workbook of the sizes people upload (a few thousand rows) unpacks to a few
# megabytes; a "zip bomb" a few megabytes big can unpack to gigabytes and keep a worker busy for minutes.
# The sizes are read from the zip's directory, which costs nothing; the reader never unpacks more than
# a member's stated size, so the limit holds even for a file that lies about it.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000
# Rows and columns are counted as the sheets stream past, so a sheet of a million empty rows (a few
# megabytes zipped) is refused before a reader builds a million rows. The clock bounds whatever else is slow.
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_SECONDS = 10.0

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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(*, headers, rows, file_format: str, name: str, sheet_title: str):
    """One table as a CSV or .xlsx download, every cell through ``safe_cell``."""
    import csv

    from django.http import HttpResponse

    rows = [[safe_cell(cell) for cell in row] for row in rows]
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


class WorkbookRefused(ValueError):
    """An uploaded workbook that will not be opened, with a message the person can act on."""


def check_workbook(
    raw: bytes,
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_members: int = MAX_MEMBERS,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    seconds: float = MAX_SECONDS,
) -> None:
    """Refuse an .xlsx that is not a zip, has too many parts, unpacks to more than ``max_unpacked``, has a
    sheet past ``max_rows`` or ``max_columns``, takes longer than ``seconds`` to read, or holds a formula
    whose result was never saved (a reader would see an empty cell where the person sees a value)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > max_members or unpacked > max_unpacked:
                raise WorkbookRefused(
                    f"This workbook would unpack to {unpacked // (1024 * 1024)} MB, more than the "
                    f"{max_unpacked // (1024 * 1024)} MB a workbook may hold here. Remove what you do not need "
                    "(images, extra sheets), or save it as CSV, and try again."
                )
            # Processor time, not the clock: the limit is on the work a file makes, however busy the machine.
            deadline = time.process_time() + seconds
            names = _sheet_names(archive)
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    name = names.get(member.filename, member.filename.rsplit("/", 1)[-1].removesuffix(".xml"))
                    with archive.open(member) as sheet:
                        _check_sheet(sheet, name, max_rows, max_columns, deadline, seconds)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        raise WorkbookRefused(
            "This file is not an Excel workbook (.xlsx), although its name says it is, or it is damaged. "
            "Save it from your spreadsheet program as .xlsx and try again."
        ) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """{"xl/worksheets/sheet1.xml": "Staff"}, from the workbook and its relationships; empty if unreadable."""
    try:
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        names = {}
        for element in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
            if _local(element.tag) == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                target = targets.get(rid, "").lstrip("/")
                if target:
                    names[target if target.startswith("xl/") else f"xl/{target}"] = element.get("name", "")
        return names
    except (KeyError, ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile):
        return {}


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


class _SheetReader:
    """Counts a worksheet's rows and columns and finds formulas without a saved result, as expat streams
    the XML past: nothing is built, so a sheet is measured at the speed it can be read."""

    def __init__(self, name, max_rows, max_columns):
        self.name, self.max_rows, self.max_columns = name, max_rows, max_columns
        self.rows = 0
        self.cell = ""
        self.formula = self.value = self.in_value = False

    def start(self, tag, attrs):
        tag = tag.rpartition(":")[2]
        if tag == "row":
            number = attrs.get("r", "")
            self.rows = int(number) if number.isdigit() else self.rows + 1
            if self.rows > self.max_rows:
                raise WorkbookRefused(
                    f"Sheet {self.name} has more than {self.max_rows:,} rows, the most a workbook may have here. "
                    "Split it into smaller files, or delete empty rows at the bottom, and try again."
                )
        elif tag == "c":
            self.cell, self.formula, self.value = attrs.get("r", ""), False, False
            letters = self.cell.rstrip("0123456789")
            if letters.isalpha() and letters.isupper() and _column_number(letters) > self.max_columns:
                raise WorkbookRefused(
                    f"Sheet {self.name} has something in cell {self.cell}, past column "
                    f"{_column_letters(self.max_columns)}, the last column a workbook may use here. Delete the "
                    "columns you do not need and try again."
                )
        elif tag == "f":
            self.formula = True
        elif tag == "v":
            self.in_value = True

    def text(self, data):
        if self.in_value and data.strip():
            self.value = True

    def end(self, tag):
        tag = tag.rpartition(":")[2]
        if tag == "v":
            self.in_value = False
        elif tag == "c" and self.formula and not self.value:
            letters = self.cell.rstrip("0123456789")
            digits = self.cell[len(letters) :]
            raise WorkbookRefused(
                f"Sheet {self.name}, cell {self.cell or '(unknown)'} (row {digits or '?'}, column {letters or '?'}) "
                "holds a formula whose result was never saved. Open the file in your spreadsheet program "
                "and save it again, or copy the cells and paste them as values, then try again."
            )


def _check_sheet(sheet, name, max_rows, max_columns, deadline, seconds):
    reader = _SheetReader(name, max_rows, max_columns)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        while chunk := sheet.read(256 * 1024):
            parser.Parse(chunk, False)
            if time.process_time() > deadline:
                raise WorkbookRefused(
                    f"Sheet {name} took more than {seconds:g} seconds to read, so it was stopped. "
                    "Remove what you do not need, or save it as CSV, and try again."
                )
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise WorkbookRefused(
            f"Sheet {name} is damaged (at line {error.lineno}). Save the workbook again as .xlsx and try again."
        ) from None


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
