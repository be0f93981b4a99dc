"""``charts.chart`` takes a plotly Figure or the same figure as plain data, and draws them the same."""

import plotly.graph_objects as go

from workforce.common.charts import HOUSE_LAYOUT, chart


def test_plain_data_and_a_figure_get_the_same_house_look():
    bar = {"type": "bar", "name": "Before", "x": ["A", "B"], "y": [2, 4]}
    plain = chart(
        chart_id="c", title="T", summary="S", figure={"data": [bar], "layout": {"font": {"size": 16}, "height": 300}}
    )
    made = chart(
        chart_id="c",
        title="T",
        summary="S",
        figure=go.Figure(
            data=[go.Bar(**{k: v for k, v in bar.items() if k != "type"})], layout={"font": {"size": 16}, "height": 300}
        ),
    )
    for drawn in (plain["figure"], made["figure"]):
        layout = drawn["layout"]
        assert layout["height"] == 300
        # The house look wins over the figure's own, key by key within a setting.
        assert layout["font"] == {**{"size": 16}, **HOUSE_LAYOUT["font"]}
        assert layout["colorway"] == HOUSE_LAYOUT["colorway"] and layout["plot_bgcolor"] == "#ffffff"
        assert drawn["data"][0]["type"] == "bar" and list(drawn["data"][0]["y"]) == [2, 4]
    assert plain["data_id"] == "c-data" and plain["figure"]["data"] == [bar]
