"""An uploaded workbook is measured before anything unpacks it: a zip bomb named .xlsx is refused at once.

A 70 MB sheet of nothing compresses to well under a megabyte, so it passes every upload size limit; what it
would unpack to is what the check reads.
"""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError

from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import FileProblems
from workforce.common.spreadsheets import MAX_UNPACKED_BYTES, WorkbookRefused, check_workbook
from workforce.people.staff_import import read_staff_file


def _workbook(sheet_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * sheet_bytes + b"/>")
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
