"""Plotly figures as the data the ``includes/chart.html`` template draws.

Lives in the lowest app so every app can chart without importing upwards. Figures are built in Python
with plotly; the page loads the vendored cartesian bundle only where a chart is shown.
"""

import json

import plotly.io

NHS_COLOURS = ["#005eb8", "#007f3b", "#ffb81c", "#d5281b", "#330072", "#ae2573", "#4c6272", "#00a499"]


HOUSE_LAYOUT = {
    "font": {"family": "Frutiger W01, Arial, sans-serif", "size": 14, "color": "#212b32"},
    "colorway": NHS_COLOURS,
    "margin": {"l": 60, "r": 20, "t": 30, "b": 60},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
}


def chart(*, chart_id: str, title: str, figure, summary: str) -> dict:
    """``figure`` is a plotly ``Figure``, or the same as plain data (``{"data": [...], "layout": {...}}``).

    Plain data is what the page needs and costs nothing to build; a ``Figure`` checks every property as it
    is set, which takes tens of milliseconds a chart. Pages that draw several charts pass plain data.
    """
    if isinstance(figure, dict):
        layout = dict(figure.get("layout", {}))
        for key, value in HOUSE_LAYOUT.items():
            layout[key] = {**layout[key], **value} if isinstance(layout.get(key), dict) else value
        drawn = {"data": figure["data"], "layout": layout}
    else:
        figure.update_layout(**HOUSE_LAYOUT)
        drawn = json.loads(plotly.io.to_json(figure))
    return {"id": chart_id, "data_id": f"{chart_id}-data", "title": title, "summary": summary, "figure": drawn}
