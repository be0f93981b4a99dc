"""Spreadsheets (XLSX and CSV), written through django-import-export resources and read back through the
same resources' fields and widgets (``sheets.py``). A workbook's cells are read by ``xlsx.py``, a CSV file's
by the strict reader every text file goes through (``files.read_csv``), each row with its own number.

The Competences sheet has one row per competence and one column per role profile, holding what that
profile expects ("Competent, core"). An XLSX file also carries the rest of the framework on its own
sheets, so it can rebuild a whole framework; a CSV file is the Competences sheet alone and is imported
into a draft version that already has the role profiles and the scale.
"""

import tablib

from competencies.framework.exchange import xlsx
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


def _workbook(raw: bytes, fmt: str) -> dict[str, tuple[list, list]]:
    """{sheet title: (header, [(row number, values), ...])}, read whole or refused whole."""
    if fmt == "csv":
        text = decode_text(raw, what="CSV file")
        # Refuses a cut, short-rowed or semicolon file, naming the row.
        table = read_csv(text, what="CSV file")
        return {COMPETENCES: (table.header, table.rows)}
    check_size(raw)
    try:
        check_workbook(raw)
    except WorkbookRefused as refused:
        raise FileProblems([Problem("", str(refused))]) from None
    try:
        return xlsx.read(raw)
    except xlsx.Unreadable:
        raise FileProblems([Problem("", "This workbook cannot be read. Save it again as .xlsx.")]) from None


def parse(raw: bytes, fmt: str) -> FrameworkData:
    sheets = _workbook(raw, fmt)
    if COMPETENCES not in sheets:
        raise FileProblems([Problem("", f"The workbook has no sheet called {COMPETENCES}.")])
    data = FrameworkData()
    problems: list[Problem] = []
    for sheet in (
        *(resource() for resource in DETAIL_SHEETS if resource.title in sheets),
        CompetenceSheet.for_header(sheets[COMPETENCES][0]),
    ):
        sheet.read(*sheets.pop(sheet.title))
        sheet.add_to(data)
        problems += sheet.problems
    if problems:
        raise FileProblems(problems)
    return data
