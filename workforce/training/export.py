"""The youth-led training report as a spreadsheet. Text that a spreadsheet would run as a formula is made safe."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from workforce.common.spreadsheets import safe_cell
from workforce.training.hours import hours_number


def _sheet(workbook, title, headings, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(headings)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def report_workbook(figures: dict) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    for label, value in [
        ("From", figures["start"] or "The first session"),
        ("To", figures["end"] or "Today"),
        ("Sessions held", figures["session_count"]),
        ("Professionals reached", figures["professionals_reached"]),
        ("Feedback forms", figures["feedback_count"]),
        ("Young experts' hours", float(hours_number(figures["total_hours"]))),
    ]:
        summary.append([label, value])
    _sheet(
        workbook,
        "Sessions",
        ["Session", "Date", "Where", "Young experts", "Attended"],
        (
            [row["title"], row["date"], row["where"], row["young_experts"], row["attended"]]
            for row in figures["sessions"]
        ),
    )
    _sheet(
        workbook,
        "Young experts' hours",
        ["Young expert", "Youth organisation", "Hours delivering sessions", "All hours"],
        (
            [
                row["name"],
                row["organisation"],
                float(hours_number(row["delivering"])),
                float(hours_number(row["total"])),
            ]
            for row in figures["hours"]
        ),
    )
    _sheet(
        workbook,
        "Confidence",
        ["Code", "Competence", "Responses", "Before", "After", "Change"],
        (
            [row["code"], row["title"], row["responses"], row["before"], row["after"], row["change"]]
            for row in figures["confidence"]
        ),
    )
    _sheet(
        workbook,
        "Young experts' views",
        ["Question", "Yes", "Partly", "No"],
        ([row["question"], row["yes"], row["partly"], row["no"]] for row in figures["young_expert_views"]),
    )
    _sheet(
        workbook,
        "Follow-up answers",
        ["Session", "Answered", "What changed"],
        ([row["session"], row["date"], row["answer"]] for row in figures["follow_ups"]),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
