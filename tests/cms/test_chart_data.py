"""A chart's data reaches the page as Django's json_script would put it, and can never end its element."""

import json

from django.template import Context, Template
from django.utils.html import json_script

from cms.templatetags.app_charts import chart_data

HOSTILE = {"title": "</script><script>alert(1)</script> & <b>", "y": [1, 2.5, None], "when": "2026-12-04"}


def test_the_data_reads_back_the_same_as_json_script():
    ours, django = str(chart_data(HOSTILE, "chart-1-data")), json_script(HOSTILE, "chart-1-data")
    body = ours.split(">", 1)[1].rsplit("<", 1)[0]
    assert json.loads(body) == json.loads(django.split(">", 1)[1].rsplit("<", 1)[0]) == HOSTILE
    assert ours.startswith('<script id="chart-1-data" type="application/json">')


def test_nothing_in_the_data_can_close_the_element_or_start_markup():
    body = str(chart_data(HOSTILE, "x")).split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body


def test_the_chart_template_uses_it():
    html = Template('{% include "includes/chart.html" %}').render(
        Context({"chart": {"id": "c", "data_id": "c-data", "title": "T", "summary": "S", "figure": HOSTILE}})
    )
    assert '<script id="c-data" type="application/json">' in html
    assert "</script><script>" not in html
