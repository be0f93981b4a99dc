"""Plotly figures as the data the ``includes/chart.html`` template draws.

Lives in the lowest app so every app can chart without importing upwards. Figures are built in Python
with plotly; the page loads the vendored cartesian bundle only where a chart is shown.
"""

import json

import plotly.io

NHS_COLOURS = ["#005eb8", "#007f3b", "#ffb81c", "#d5281b", "#330072", "#ae2573", "#4c6272", "#00a499"]


def chart(*, chart_id: str, title: str, figure, summary: str) -> dict:
    figure.update_layout(
        font={"family": "Frutiger W01, Arial, sans-serif", "size": 14, "color": "#212b32"},
        colorway=NHS_COLOURS,
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
    )
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "summary": summary,
        "figure": json.loads(plotly.io.to_json(figure)),
    }
