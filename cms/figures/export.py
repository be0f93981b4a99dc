"""The dashboard as a download: the same tables the page shows, with the same figures hidden.

The workbook has one sheet per section, the CSV one block per table; each starts with what was chosen and
the line that explains the symbols. Every cell goes through ``safe_cell``.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from cms.figures.areas import Area
from cms.figures.periods import Period
from cms.figures.tables import Section
from workforce.common.spreadsheets import XLSX_TYPE, safe_cell

KEY = (
    "* means 1 to 7, hidden so that no one can be identified. Other numbers are rounded to the nearest 5. "
    "A share, average or median is shown only when the number it is worked out from is shown. "
    "'–' means there is nothing to count. 0 means none."
)


def heading(area: Area, period: Period) -> list[list[str]]:
    return [["Figures for", area.name], ["Period", period.label], [KEY]]


def table_rows(section: Section) -> list[list[str]]:
    """A section as spreadsheet rows: each table's caption, headers and rows, then a blank line."""
    rows = [[section.title]]
    for table in section.tables:
        rows += [[table.caption], table.headers, *table.rows, []]
    return rows + [[note] for note in section.notes]


def csv_download(*, area: Area, period: Period, sections: list[Section], name: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in heading(area, period) + [[]]:
        writer.writerow([safe_cell(cell) for cell in row])
    for section in sections:
        for row in table_rows(section):
            writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def xlsx_download(*, area: Area, period: Period, sections: list[Section], name: str) -> HttpResponse:
    workbook = Workbook()
    workbook.active.title = "About"
    for row in heading(area, period):
        workbook.active.append([safe_cell(cell) for cell in row])
    for section in sections:
        sheet = workbook.create_sheet(section.title[:31])
        for row in table_rows(section):
            sheet.append([safe_cell(cell) for cell in row])
        for cells in sheet.iter_rows(min_row=1, max_row=1):
            cells[0].font = Font(bold=True)
        sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
