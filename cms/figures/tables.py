"""What a section of the dashboard is made of, and the one way a figure is shown.

A section is a list of ``Table`` objects holding the text as shown. The page, the CSV and the workbook all
draw from the same tables, so a download is exactly what the page shows. Every count goes through the one
disclosure rule (``workforce.common.disclosure``), and a share, average or median is shown only when the
count it rests on would itself be shown.
"""

from dataclasses import dataclass, field

from workforce.common import charts
from workforce.common.disclosure import SMALLEST_SHOWN, SUPPRESSED, disclose_share

NOTHING = "–"


@dataclass
class Table:
    """A table as shown: a caption, column headers, and rows of text (the first cell heads its row)."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    chart: dict | None = None
    notes: list[str] = field(default_factory=list)


def shown_if(base: int, text: str) -> str:
    """A share, average or median, shown only when the count it rests on is shown."""
    if base == 0:
        return NOTHING
    if base < SMALLEST_SHOWN:
        return SUPPRESSED
    return text


def share_number(part: int, whole: int) -> int | None:
    """A disclosed share as a chart may draw it, or None where the table hides it."""
    shown = disclose_share(part, whole)
    return int(shown.rstrip("%")) if shown.endswith("%") else None


def _plotted(shown: str) -> int | None:
    """A disclosed count as a chart may draw it: hidden counts leave a gap, as in the table."""
    return int(shown) if shown.isdigit() else None


# Legends under the chart and no controls, so it reads on a 360 px phone as well as on a desk.
READABLE = {
    "legend": {"orientation": "h", "y": -0.25, "x": 0},
    "xaxis": {"fixedrange": True, "automargin": True},
    "height": 360,
}


def figure(data: list, **layout) -> dict:
    """A figure laid out to read on a phone, ``layout`` adding to it, as the plain data the page draws
    (``charts.chart`` takes it as it is: a plotly ``Figure`` would check every property, which made up much
    of the page's time)."""
    merged = {
        key: {**READABLE[key], **value} if isinstance(READABLE.get(key), dict) else value
        for key, value in layout.items()
    }
    return {"data": data, "layout": {**READABLE, **merged}}


def trend_chart(*, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[str]]], summary: str):
    bars = [
        {"type": "bar", "name": name, "x": labels, "y": [_plotted(value) for value in values]}
        for name, values in series
    ]
    return charts.chart(
        chart_id=chart_id,
        title=title,
        figure=figure(
            bars, barmode="group", yaxis={"title": {"text": "Number"}, "fixedrange": True, "rangemode": "tozero"}
        ),
        summary=summary,
    )
