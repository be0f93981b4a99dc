"""Charts of an assessment's results and of a person's progress, each with a table beside it in the page.

Every chart puts the scale's own words (not yet ... expert) on its rating axis, one tick per step, keeps
its legend under the plot and its margins small, so it still reads on a 360 px phone.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from competencies.assessments.selectors import DomainHistory, Results
from competencies.models import ScaleValue
from workforce.common.charts import chart

# Small margins: the axes grow them to fit their labels (automargin). The legend is placed against the foot of
# the whole figure, not of the plot, so plotly keeps room for it below the axis labels however tall they grow
# (two lines, or turned on a phone), and it starts at the figure's left edge, so it has the full width.
MARGIN = {"l": 8, "r": 16, "t": 8, "b": 8}
LEGEND = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
    # Never a legend that scrolls inside the chart: it may take the whole height, and the height allows for it.
    "maxheight": 1,
}
# Each line of a trend chart has its own colour and marker, so lines can be told apart without colour, and
# every colour stands out from white by at least 3 to 1 (the NHS warm yellow does not, so it is left out).
TREND_STYLES = [
    ("#005eb8", "circle"),
    ("#007f3b", "square"),
    ("#d5281b", "diamond"),
    ("#330072", "triangle-up"),
    ("#ae2573", "x"),
    ("#425563", "triangle-down"),
    ("#8a1538", "star"),
    ("#768692", "cross"),
]
# Chart text is 16 px: the page's body text on a phone, its small print on a desktop.
FONT_SIZE = 16
# Height of one competence in the ratings chart (two bars and a marker) and of the axis and legend around them.
ROW_HEIGHT, FRAME_HEIGHT = 56, 150
LINE_CHART_HEIGHT, LEGEND_LINE_HEIGHT = 380, 22
# A legend entry is never wider than this many characters a line, so it fits a 360 px phone; longer names wrap.
LEGEND_LINE = 28


@dataclass
class Step:
    """One step of a scale, as the axis shows it."""

    value: int
    label: str


def steps_of(scale: Sequence[ScaleValue]) -> list[Step]:
    return [Step(value.value, value.label) for value in sorted(scale, key=lambda v: v.value)]


def scale_axis(steps: Sequence[Step], *, stagger: bool = False, **extra) -> dict:
    """An axis with one tick per scale step, labelled with the step's word, and room for the ends.

    Across the page (``stagger``) every other word drops to a second line and none is turned, so five words
    fit side by side on a phone without overlapping or being cut off."""
    values = [step.value for step in steps]
    words = [step.label for step in steps]
    if stagger:
        words = [word if index % 2 == 0 else f"<br>{word}" for index, word in enumerate(words)]
    axis = {
        "tickmode": "array",
        "tickvals": values,
        "ticktext": words,
        "automargin": True,
        "fixedrange": True,
        "zeroline": False,
        "gridcolor": "#d8dde0",
    }
    if stagger:
        axis["tickangle"] = 0
    if values:
        axis["range"] = [min(values) - 0.5, max(values) + 0.5]
    return {**axis, **extra}


def phone_friendly(result: dict, *, height: int) -> dict:
    """Legend under the plot, small margins, text as big as the page's own and a fixed height, applied after
    the house look."""
    layout = result["figure"].setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "size": FONT_SIZE}
    layout["margin"] = MARGIN
    layout["legend"] = LEGEND
    layout["height"] = height
    layout["hoverlabel"] = {"align": "left"}
    return result


def legend_name(name: str) -> str:
    """A series name as its legend entry shows it: wrapped onto short lines, since plotly never wraps one."""
    return "<br>".join(textwrap.wrap(name, LEGEND_LINE)) or name


def _label(value: ScaleValue | None) -> str:
    return value.label if value is not None else "Not rated"


def ratings_charts(results: Results, *, scale: Sequence[ScaleValue]) -> list[dict]:
    """One horizontal bar chart per domain: each competence the role expects, the person's own rating, their
    manager's, and what the role expects, on the scale's words. It grows with its rows, so never squeezes."""
    steps = steps_of(scale)
    base = min((step.value for step in steps), default=0) - 0.5
    charts = []
    for domain in results.domains:
        rows = [row for row in domain.rows if row.expected is not None]
        if not rows:
            continue
        codes = [row.rating.competence.code for row in rows]
        titles = [f"{row.rating.competence.code} {row.rating.competence.title}" for row in rows]
        series = [("Own rating", [row.rating.self_value for row in rows])]
        if any(row.rating.manager_value for row in rows):
            series.append(("Manager's rating", [row.rating.manager_value for row in rows]))
        data = [
            {
                "type": "bar",
                "name": name,
                "orientation": "h",
                "y": codes,
                "base": base,
                # A bar runs from below the lowest step to the rating, so "not yet" still shows; no bar is "not rated".
                "x": [value.value - base if value is not None else None for value in values],
                "hovertext": [f"{title}: {_label(value)}" for title, value in zip(titles, values, strict=True)],
                "hovertemplate": "%{hovertext}<extra>" + name + "</extra>",
            }
            for name, values in series
        ]
        data.append(
            {
                "type": "scatter",
                "name": "Expected",
                "orientation": "h",
                "y": codes,
                "x": [row.expected.value for row in rows],
                "mode": "markers",
                "marker": {"symbol": "line-ns-open", "size": 22, "line": {"width": 4}, "color": "#212b32"},
                "hovertext": [
                    f"{title}: expects {row.expected.label}" for title, row in zip(titles, rows, strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra>Expected</extra>",
            }
        )
        figure = {
            "data": data,
            "layout": {
                "barmode": "group",
                "xaxis": scale_axis(steps, stagger=True, side="bottom"),
                "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True, "type": "category"},
            },
        }
        met = sum(1 for row in rows if row.meets)
        name = domain.domain.name
        charts.append(
            phone_friendly(
                chart(
                    chart_id=f"ratings-chart-{slugify(domain.domain.code)}",
                    title=f"{name}: ratings against what the role expects",
                    figure=figure,
                    summary=f"In {name}, {met} of the {len(rows)} competences the role expects "
                    f"{'is' if len(rows) == 1 else 'are'} met.",
                ),
                height=FRAME_HEIGHT + ROW_HEIGHT * len(rows),
            )
        )
    return charts


def _date_labels(dates: Sequence) -> tuple[list[str], list[str]]:
    """Each assessment's date, as hover text shows it and as the axis does (the year on a second line, so
    several fit across a phone unturned). A second one on the same day gets "(2)" instead of sitting on top."""
    labels, ticks, seen = [], [], {}
    for date in dates:
        day, year = date.strftime("%-d %b"), date.strftime("%Y")
        seen[day, year] = seen.get((day, year), 0) + 1
        again = f" ({seen[day, year]})" if seen[day, year] > 1 else ""
        labels.append(f"{day} {year}{again}")
        ticks.append(f"{day}<br>{year}{again}")
    return labels, ticks


def trend_figure(*, dates: Sequence, series: Sequence[tuple[str, Sequence[float | None]]], steps, hover) -> dict:
    """Lines over assessments, one category each, so assessments a day apart still read apart."""
    labels, ticks = _date_labels(dates)
    data = []
    for index, (name, values) in enumerate(series):
        colour, symbol = TREND_STYLES[index % len(TREND_STYLES)]
        data.append(
            {
                "type": "scatter",
                "name": legend_name(name),
                "x": ticks,
                "customdata": labels,
                "y": list(values),
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2},
                "marker": {"color": colour, "symbol": symbol, "size": 9},
                "connectgaps": False,
                "hovertext": [hover(name, value) for value in values],
                "hovertemplate": "%{customdata}: %{hovertext}<extra></extra>",
            }
        )
    layout = {"yaxis": scale_axis(steps), "xaxis": {"type": "category", "automargin": True, "fixedrange": True}}
    return {"data": data, "layout": layout}


def nearest_word(steps: Sequence[Step], value: float | None) -> str:
    """The scale's word for an average: the nearest step (a mean of 2.4 on a 0-4 scale is "about competent")."""
    if value is None or not steps:
        return "Not rated"
    return min(steps, key=lambda step: abs(step.value - value)).label


def _average_hover(steps):
    def hover(name, value):
        if value is None:
            return f"{name}: not rated"
        return f"{name}: {value}, about {nearest_word(steps, value).lower()}"

    return hover


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _domain_lines(*, chart_id: str, title: str, dates, series, steps, summary: str) -> dict:
    figure = trend_figure(dates=dates, series=series, steps=steps, hover=_average_hover(steps))
    # On a phone the legend stacks one entry a row under the plot: leave room for every line of it, so the
    # plot keeps its height.
    lines = sum(legend_name(name).count("<br>") + 1 for name, _values in series)
    return phone_friendly(
        chart(chart_id=chart_id, title=title, figure=figure, summary=summary),
        height=LINE_CHART_HEIGHT + LEGEND_LINE_HEIGHT * lines,
    )


def domain_history_chart(history: DomainHistory, *, scale: Sequence[ScaleValue]) -> dict:
    return _domain_lines(
        chart_id="domain-history-chart",
        title="How each domain moved across assessments",
        dates=history.dates,
        series=history.domains,
        steps=steps_of(scale),
        summary=f"Average agreed rating in each domain across {_plural(len(history.dates), 'assessment')}.",
    )


def domain_trend_chart(*, dates, domains, steps: Sequence[Step]) -> dict:
    """My progress: one line per domain, the average agreed rating at each shared assessment."""
    return _domain_lines(
        chart_id="domain-trend-chart",
        title="Average agreed rating in each domain",
        dates=dates,
        series=[(domain.name, domain.averages) for domain in domains],
        steps=steps,
        summary=f"One line for each of {_plural(len(domains), 'domain')}, across {_plural(len(dates), 'assessment')}. "
        "Each point is the average of the domain's ratings: your manager's where they gave one, otherwise yours.",
    )


def competence_trend_chart(*, dates, trend, steps: Sequence[Step]) -> dict:
    """My progress, one competence: the person's own rating and their manager's at each shared assessment."""
    series = [
        ("Your rating", [rated.value if rated else None for rated in trend.own]),
        ("Manager's rating", [rated.value if rated else None for rated in trend.manager]),
    ]
    words = {step.value: step.label for step in steps}
    figure = trend_figure(
        dates=dates,
        series=series,
        steps=steps,
        hover=lambda name, value: f"{name}: {words.get(value, value) if value is not None else 'not rated'}",
    )
    for trace in figure["data"]:
        if trace["name"] == "Manager's rating":
            trace["line"] = {**trace["line"], "dash": "dash"}
            trace["marker"] = {**trace["marker"], "symbol": "diamond"}
    return phone_friendly(
        chart(
            chart_id="competence-trend-chart",
            title=f"{trend.code} {trend.title}: your rating and your manager's",
            figure=figure,
            summary=f"Your own rating and your manager's for {trend.code} across {_plural(len(dates), 'assessment')}.",
        ),
        height=LINE_CHART_HEIGHT,
    )
