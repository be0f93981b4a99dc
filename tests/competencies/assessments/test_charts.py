import datetime
import json
import re

import pytest
from django.urls import reverse

from competencies.assessments import charts, selectors
from competencies.models import Assessment
from tests.factories.assessments import SCALE, rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

WORDS = [label for _value, label in SCALE]


def _figures(page: str) -> dict[str, dict]:
    """Every chart's plotly figure on a page, by the id of the element it is drawn in."""
    found = {}
    for chart_id, data_id in re.findall(r'<div id="([\w-]+)" class="app-chart__plot" data-app-chart="([\w-]+)"', page):
        script = re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', page, re.S)
        found[chart_id] = json.loads(script.group(1))
    return found


def _words(axis):
    """An axis's tick words as a person reads them, whichever line each is drawn on."""
    return [text.removeprefix("<br>") for text in axis["ticktext"]]


def _assert_reads_on_a_phone(figure):
    layout = figure["layout"]
    legend = layout["legend"]
    assert legend["orientation"] == "h"
    # At the foot of the whole figure, so plotly keeps it clear of the axis labels above it.
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
    assert (legend["xref"], legend["x"]) == ("container", 0)
    assert max(layout["margin"].values()) <= 16


def test_ratings_chart_is_one_chart_per_domain_with_scale_words_and_grows_with_rows(db):
    framework = small_framework(domains=4, per_domain=11)
    assessment = rate_all(start(_staff(), framework), framework)
    results = selectors.assessment_results(assessment)

    found = charts.ratings_charts(results, scale=framework.scale.values())

    assert [c["id"] for c in found] == ["ratings-chart-d1", "ratings-chart-d2", "ratings-chart-d3", "ratings-chart-d4"]
    for chart in found:
        figure = chart["figure"]
        bars = [trace for trace in figure["data"] if trace["type"] == "bar"]
        # Horizontal bars, a row for each of the domain's 11 competences, never 44 squeezed into one chart.
        assert {trace["orientation"] for trace in bars} == {"h"}
        assert len(bars[0]["y"]) == 11
        axis = figure["layout"]["xaxis"]
        assert _words(axis) == WORDS
        # Every other word a line lower, none turned, so five fit across a phone.
        assert axis["ticktext"][1] == "<br>Developing" and axis["tickangle"] == 0
        assert axis["tickvals"] == [1, 2, 3, 4, 5]
        assert figure["layout"]["height"] >= charts.ROW_HEIGHT * 11
        _assert_reads_on_a_phone(figure)
    assert found[0]["summary"] == "In Domain 1, 11 of the 11 competences the role expects are met."


def test_ratings_chart_draws_no_bar_for_not_rated_and_a_bar_for_the_lowest_step(db):
    framework = small_framework(domains=1, per_domain=3)
    assessment = start(_staff(), framework)
    ratings = list(assessment.ratings.order_by("competence__code"))
    ratings[0].self_value = framework.scale[1]  # "Not yet", the lowest step
    ratings[0].save()

    (chart,) = charts.ratings_charts(selectors.assessment_results(assessment), scale=framework.scale.values())

    own = chart["figure"]["data"][0]
    assert own["name"] == "Own rating"
    # The bar starts half a step below "not yet", so "not yet" shows; an empty rating has no bar at all.
    assert own["base"] == 0.5
    assert own["x"] == [0.5, None, None]
    assert own["hovertext"][1] == "C02 Competence 2: Not rated"


def test_history_chart_has_a_tick_for_every_scale_step(db):
    framework = small_framework()
    staff = _staff()
    manager = _manager_of(staff)
    earlier = sign_off(rate_all(start(staff, framework), framework, value=2), framework, manager, value=2)
    latest = rate_all(start(staff, framework), framework, value=4)
    Assessment.objects.filter(pk=earlier.pk).update(created_at=datetime.datetime(2025, 3, 4, 10, tzinfo=datetime.UTC))
    Assessment.objects.filter(pk=latest.pk).update(created_at=datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC))

    chart = charts.domain_history_chart(
        selectors.domain_history(staff=staff, up_to=latest), scale=framework.scale.values()
    )

    axis = chart["figure"]["layout"]["yaxis"]
    assert axis["ticktext"] == WORDS and axis["tickvals"] == [1, 2, 3, 4, 5]
    assert axis["range"] == [0.5, 5.5]
    assert [trace["y"] for trace in chart["figure"]["data"]] == [[2.0, 4.0], [2.0, 4.0]]
    first = chart["figure"]["data"][0]
    assert first["hovertext"] == ["Domain 1: 2.0, about developing", "Domain 1: 4.0, about proficient"]
    # The axis puts the year under the day; the hover text keeps the date on one line.
    assert first["customdata"] == ["4 Mar 2025", "5 Mar 2026"]
    assert first["x"] == ["4 Mar<br>2025", "5 Mar<br>2026"]
    # Each line has its own marker as well as its own colour.
    assert first["marker"]["symbol"] != chart["figure"]["data"][1]["marker"]["symbol"]
    _assert_reads_on_a_phone(chart["figure"])


def test_results_page_charts_each_domain_on_the_scale_words(client, world):
    framework = small_framework()
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework), framework)
    client.force_login(staff.user)

    page = client.get(reverse("competencies:assessment-results", args=[assessment.pk])).content.decode()

    figures = _figures(page)
    assert set(figures) == {"ratings-chart-d1", "ratings-chart-d2", "domain-history-chart"}
    assert _words(figures["ratings-chart-d1"]["layout"]["xaxis"]) == WORDS
    assert figures["domain-history-chart"]["layout"]["yaxis"]["ticktext"] == WORDS
    assert page.count('<template id="plotly.js-style-global" class="no-inline-styles">') == 1
    assert reverse("competencies:my-progress") in page


@pytest.mark.parametrize("scale", [[(0, "Not yet"), (1, "Developing"), (2, "Competent")]])
def test_scale_axis_follows_the_scale_it_is_given(scale):
    steps = [charts.Step(value, label) for value, label in scale]
    axis = charts.scale_axis(steps)
    assert axis["tickvals"] == [0, 1, 2] and axis["ticktext"] == ["Not yet", "Developing", "Competent"]
    assert axis["range"] == [-0.5, 2.5]
    assert charts.nearest_word(steps, 1.4) == "Developing"
    assert charts.nearest_word(steps, None) == "Not rated"


def _staff():
    return StaffProfileFactory(job_title="Practitioner")


def _manager_of(staff):
    manager = StaffProfileFactory(service=staff.service, user=UserFactory(kinds=[roles.LINE_MANAGER]))
    staff.line_manager = manager
    staff.save()
    return manager.user
