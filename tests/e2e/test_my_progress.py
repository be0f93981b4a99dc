"""My progress and the results charts in a browser, at desktop and phone widths: the scale's words on the
axes, legends under the plot (never over it), a drill-in per competence, and axe clean."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from competencies.models import Assessment
from tests.e2e.conftest import assert_accessible, shot, sign_in
from tests.factories.assessments import SCALE, rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"
# The shipped framework's domain names: long enough to wrap a legend on a phone.
DOMAINS = [
    "Engaging people and using lived experience",
    "Identifying and screening in custody and court",
    "Assessing, reporting and referring",
    "Risk, safeguarding and safety",
    "Working with groups who need a specialist approach",
    "Partnership and the justice system",
    "Supervision, reflection and wellbeing",
    "Leadership and service development",
]


def _three_appraisals():
    framework = small_framework(domains=len(DOMAINS), per_domain=5)
    for domain, name in zip(framework.domains, DOMAINS, strict=True):
        domain.name = name
        domain.save()
    manager = StaffProfileFactory(user=UserFactory(username="priya.shah@example.org", kinds=[roles.LINE_MANAGER]))
    staff = StaffProfileFactory(
        user=UserFactory(
            username="tom.reid@example.org", first_name="Tom", last_name="Reid", kinds=[roles.STAFF_MEMBER]
        ),
        service=manager.service,
        line_manager=manager,
    )
    codes = [competence.code for competence in framework.competences]
    for step in range(2):
        own = {code: 1 + (step + index) % 4 for index, code in enumerate(codes)}
        agreed = {code: min(5, value + 1) for code, value in own.items()}
        done = sign_off(rate_all(start(staff, framework), framework, **own), framework, manager.user, **agreed)
        Assessment.objects.filter(pk=done.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=730 - 365 * step)
        )
    latest = rate_all(start(staff, framework, target=True), framework, value=4, C01=5)
    return framework, latest


def _assert_charts_read(page):
    """Every chart drawn, its legend clear of its plot area, and a tick for each scale word."""
    plots = page.locator(".app-chart__plot")
    expect(plots.first.locator(".main-svg").first).to_be_attached()
    for index in range(plots.count()):
        plot = plots.nth(index)
        expect(plot.locator(".nsewdrag").first).to_be_attached()
        area = plot.locator(".nsewdrag").first.bounding_box()
        legend = plot.locator(".legend").first.bounding_box()
        # The whole legend shows: plotly draws a scroll bar (of some height) only when it does not fit.
        bars = plot.locator(".legend .scrollbar").evaluate_all("bars => bars.map(bar => bar.getBBox().height)")
        assert not any(bars), (plot.get_attribute("id"), bars)
        assert legend["y"] >= area["y"] + area["height"], (plot.get_attribute("id"), legend, area)
        # ...and below the axis labels too, however many lines they take.
        labels = plot.locator(".xtick text").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().bottom)")
        assert legend["y"] >= max(labels), (plot.get_attribute("id"), legend, labels)
        figure = plot.bounding_box()
        assert legend["x"] >= figure["x"] - 1 and legend["x"] + legend["width"] <= figure["x"] + figure["width"] + 1
        ticks = plot.locator(".xtick text, .ytick text").evaluate_all("texts => texts.map(t => t.textContent)")
        assert all(label in ticks for _value, label in SCALE), (plot.get_attribute("id"), ticks)


def _assert_captions_fit(page):
    """A table wider than the screen scrolls, but its caption stays within the screen, whole."""
    width = page.viewport_size["width"]
    for caption in page.locator(".app-table-scroll--fit-caption caption").all():
        box = caption.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (caption.inner_text(), box, width)


def test_my_progress_trends_and_drill_in(sized_page, transactional_db):
    page = sized_page
    _framework, _latest = _three_appraisals()
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/assessments/")
    page.get_by_role("link", name="See my progress across my assessments").click()
    expect(page.get_by_role("heading", name="My progress", level=1)).to_be_visible()
    expect(page.locator("#domain-trend-chart .scatterlayer .trace")).to_have_count(len(DOMAINS))
    _assert_charts_read(page)
    assert page.locator("#domain-trend-table tbody tr").count() == len(DOMAINS)
    _assert_captions_fit(page)
    assert_accessible(page)
    shot(page, f"progress-domains-{page.width_name}")

    page.get_by_label("Competence").select_option("C02")
    page.get_by_role("button", name="Show this competence").click()
    expect(page.locator("#competence-trend-chart .scatterlayer .trace")).to_have_count(2)
    assert page.url.endswith("?competence=C02#competence-trend")
    _assert_charts_read(page)
    rows = page.locator("#competence-trend-table tbody tr").all_inner_texts()
    assert [row.split("\t")[1:] for row in rows] == [
        ["Developing", "Competent"],
        ["Competent", "Proficient"],
        ["Proficient", "Not rated"],
    ]
    assert_accessible(page)
    shot(page, f"progress-competence-{page.width_name}")


def test_results_charts_each_domain_and_keep_legends_clear(sized_page, transactional_db):
    page = sized_page
    _framework, latest = _three_appraisals()
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/assessments/{latest.pk}/results/")
    expect(page.locator("#ratings-chart .app-chart__plot")).to_have_count(len(DOMAINS))
    _assert_charts_read(page)
    # Five competences a domain: the chart grew to fit them, so no bar is a sliver.
    bar = page.locator("#ratings-chart .app-chart__plot").first.locator(".bars .point path").first
    assert bar.bounding_box()["height"] >= 12
    _assert_captions_fit(page)
    assert_accessible(page)
    shot(page, f"progress-results-{page.width_name}")


def test_fewer_than_two_shared_assessments_says_so(page, transactional_db):
    framework = small_framework()
    staff = StaffProfileFactory(user=UserFactory(username="tom.reid@example.org", kinds=[roles.STAFF_MEMBER]))
    rate_all(start(staff, framework), framework)
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/my/progress/")
    expect(page.get_by_text("You have shared 1 assessment so far.")).to_be_visible()
    assert page.locator(".app-chart").count() == 0
    assert_accessible(page)
