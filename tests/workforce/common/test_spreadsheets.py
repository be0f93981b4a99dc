"""An uploaded workbook is measured before anything unpacks it: a zip bomb named .xlsx is refused at once.

A 70 MB sheet of nothing compresses to well under a megabyte, so it passes every upload size limit; what it
would unpack to is what the check reads.
"""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import FileProblems
from workforce.common.spreadsheets import MAX_ROWS, MAX_UNPACKED_BYTES, WorkbookRefused, check_workbook
from workforce.people.staff_import import read_staff_file


def _workbook(sheet_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * sheet_bytes + b"</worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    made = _workbook(MAX_UNPACKED_BYTES + 6 * 1024 * 1024)
    assert len(made) < 1024 * 1024  # small enough for every upload limit
    return made


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_opened(bomb):
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused, match="would unpack to 70 MB"):
        check_workbook(bomb)
    assert time.perf_counter() - started < 1


def test_a_real_sized_workbook_passes():
    check_workbook(_workbook(200_000))


def test_a_file_that_is_not_a_zip_is_refused_in_plain_words():
    with pytest.raises(WorkbookRefused, match="not an Excel workbook"):
        check_workbook(b"<html><script>alert(1)</script></html>")


def test_the_staff_import_refuses_a_zip_bomb_in_under_a_second(bomb):
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="would unpack to"):
        read_staff_file(name="staff.xlsx", content=bomb)
    assert time.perf_counter() - started < 1


def test_the_framework_import_refuses_a_zip_bomb_in_under_a_second(bomb):
    started = time.perf_counter()
    with pytest.raises(FileProblems) as refused:
        parse_upload(raw=bomb, filename="framework.xlsx", fmt="xlsx")
    assert time.perf_counter() - started < 1
    assert "would unpack to" in str(refused.value.problems[0].message)


def _saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_of_rows(rows: int) -> bytes:
    """A workbook whose one sheet has ``rows`` empty rows: tiny zipped, huge once a reader builds it."""
    buffer = io.BytesIO()
    body = b"".join(b'<row r="%d"/>' % n for n in range(1, rows + 1))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_a_sheet_with_too_many_rows_is_refused_in_under_a_second():
    raw = _sheet_of_rows(MAX_ROWS * 3)
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused, match="more than 100,000 rows"):
        check_workbook(raw)
    assert time.perf_counter() - started < 1


def test_the_staff_import_refuses_too_many_rows():
    with pytest.raises(ValidationError, match="Split it into smaller files"):
        read_staff_file(name="staff.xlsx", content=_sheet_of_rows(MAX_ROWS + 1))


def test_a_cell_past_the_last_column_is_refused_naming_it():
    book = openpyxl.Workbook()
    book.active.title = "Staff"
    book.active["ZZ3"] = "stray"
    with pytest.raises(WorkbookRefused, match="Sheet Staff has something in cell ZZ3, past column GR"):
        check_workbook(_saved(book))


def test_a_formula_without_a_saved_result_is_refused_naming_sheet_row_and_column():
    book = openpyxl.Workbook()
    book.active.title = "Competences"
    book.active.append(["Code", "Title"])
    book.active.append(["A-1", "=UPPER(A2)"])
    with pytest.raises(WorkbookRefused) as refused:
        check_workbook(_saved(book))
    assert "Sheet Competences, cell B2 (row 2, column B) holds a formula whose result was never saved" in str(
        refused.value
    )
    assert "paste them as values" in str(refused.value)


def test_a_workbook_that_takes_too_long_is_stopped():
    with pytest.raises(WorkbookRefused, match="took more than 0 seconds"):
        check_workbook(_sheet_of_rows(2000), seconds=0)


def test_a_zip_that_understates_its_sizes_is_read_no_further_than_it_says():
    """A bomb whose directory claims small members: the reader stops at the claimed size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (80 * 1024 * 1024) + b"</worksheet>")
    raw = bytearray(buffer.getvalue())
    directory = raw.rfind(b"PK\x01\x02")
    raw[directory + 24 : directory + 28] = (1000).to_bytes(4, "little")  # uncompressed size in the directory
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused):
        check_workbook(bytes(raw))
    assert time.perf_counter() - started < 1


def test_an_ordinary_workbook_with_saved_formulas_passes():
    book = openpyxl.Workbook()
    book.active.append(["Code", "Title"])
    for n in range(500):
        book.active.append([f"A-{n}", f"Competence {n}"])
    check_workbook(_saved(book))
