"""Charts of an assessment's results and of a person's history, each with a table beside it in the page."""

import plotly.graph_objects as go

from competencies.assessments.selectors import DomainHistory, Results
from workforce.common.charts import chart


def ratings_chart(results: Results) -> dict:
    rows = [row for row in results.rows if row.expected is not None]
    codes = [row.rating.competence.code for row in rows]
    figure = go.Figure()
    figure.add_bar(
        name="Own rating", x=codes, y=[r.rating.self_value.value if r.rating.self_value else 0 for r in rows]
    )
    if any(row.rating.manager_value for row in rows):
        figure.add_bar(
            name="Manager's rating",
            x=codes,
            y=[r.rating.manager_value.value if r.rating.manager_value else 0 for r in rows],
        )
    figure.add_scatter(
        name="Expected",
        x=codes,
        y=[r.expected.value for r in rows],
        mode="markers",
        marker={"symbol": "line-ew-open", "size": 18, "line": {"width": 3}},
    )
    figure.update_layout(barmode="group", yaxis={"title": "Scale value", "dtick": 1}, xaxis={"title": "Competence"})
    met = sum(1 for row in rows if row.meets)
    return chart(
        chart_id="ratings-chart",
        title="Ratings against what the role expects",
        figure=figure,
        summary=f"{met} of the {len(rows)} competences the role profile expects are met.",
    )


def domain_history_chart(history: DomainHistory) -> dict:
    figure = go.Figure()
    labels = [date.strftime("%d %b %Y") for date in history.dates]
    for name, values in history.domains:
        figure.add_scatter(name=name, x=labels, y=values, mode="lines+markers")
    figure.update_layout(
        yaxis={"title": "Average rating", "dtick": 1}, xaxis={"title": "Assessment", "type": "category"}
    )
    count = len(history.dates)
    return chart(
        chart_id="domain-history-chart",
        title="How each domain moved across assessments",
        figure=figure,
        summary=f"Average rating in each domain across {count} assessment{'s' if count != 1 else ''}.",
    )
