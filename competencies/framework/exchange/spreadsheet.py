"""Spreadsheets (XLSX and CSV), read and written through django-import-export resources (``sheets.py``).

The Competences sheet has one row per competence and one column per role profile, holding what that
profile expects ("Competent, core"). An XLSX file also carries the rest of the framework on its own
sheets, so it can rebuild a whole framework; a CSV file is the Competences sheet alone and is imported
into a draft version that already has the role profiles and the scale.
"""

import tablib

from competencies.framework.exchange.files import check_size, decode_text, read_csv
from competencies.framework.exchange.sheets import DETAIL_SHEETS, CompetenceSheet
from competencies.framework.exchange.structure import FileProblems, FrameworkData, Problem
from workforce.common.spreadsheets import WorkbookRefused, check_workbook

COMPETENCES = CompetenceSheet.title


def export(data: FrameworkData, fmt: str) -> bytes:
    sheets = [CompetenceSheet([p.code for p in data.profiles])]
    if fmt == "csv":
        return sheets[0].dataset(sheets[0].rows_of(data)).export("csv").encode("utf-8-sig")
    sheets += [resource() for resource in DETAIL_SHEETS]
    return tablib.Databook([sheet.dataset(sheet.rows_of(data)) for sheet in sheets]).export("xlsx")


def template(profile_codes: list[str], fmt: str) -> bytes:
    """An empty Competences sheet with a column for each role profile of the version it will go into."""
    sheet = CompetenceSheet(profile_codes).dataset([])
    return sheet.export("csv").encode("utf-8-sig") if fmt == "csv" else sheet.export("xlsx")


def _workbook(raw: bytes, fmt: str) -> dict[str, tablib.Dataset]:
    if fmt == "csv":
        text = decode_text(raw, what="CSV file")
        read_csv(text, what="CSV file")  # refuses a cut, short-rowed or semicolon file, naming the row
        try:
            return {COMPETENCES: tablib.Dataset().load(text, "csv")}
        except Exception:  # tablib raises several kinds for text that is not CSV
            raise FileProblems([Problem("", "This file cannot be read as CSV.")]) from None
    check_size(raw)
    try:
        check_workbook(raw)
    except WorkbookRefused as refused:
        raise FileProblems([Problem("", str(refused))]) from None
    try:
        book = tablib.Databook().load(raw, "xlsx")
    except Exception:  # openpyxl raises several kinds for a damaged workbook
        raise FileProblems([Problem("", "This workbook cannot be read. Save it again as .xlsx.")]) from None
    return {sheet.title: sheet for sheet in book.sheets()}


def parse(raw: bytes, fmt: str) -> FrameworkData:
    sheets = _workbook(raw, fmt)
    if COMPETENCES not in sheets:
        raise FileProblems([Problem("", f"The workbook has no sheet called {COMPETENCES}.")])
    data = FrameworkData()
    problems: list[Problem] = []
    for sheet in (
        *(resource() for resource in DETAIL_SHEETS if resource.title in sheets),
        CompetenceSheet.for_dataset(sheets[COMPETENCES]),
    ):
        sheet.read(sheets[sheet.title])
        sheet.add_to(data)
        problems += sheet.problems
    if problems:
        raise FileProblems(problems)
    return data
