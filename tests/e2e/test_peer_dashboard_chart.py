"""The coordinator's peers page draws each journey from start to end, with today marked, on a desktop and on
a phone; the table below it carries the same dates."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, shot, sign_in
from tests.e2e.test_peer_journeys import PASSWORD, _coordinator
from tests.factories.peers import active_peer


def test_coordinator_sees_every_journey_drawn(sized_page, transactional_db):
    coordinator = _coordinator()
    for months, name in ((2, "Alex G"), (7, "Sam R"), (13, "Jo P")):
        active_peer(coordinator=coordinator, service=coordinator.service, display_name=name, months_ago=months)
    page = sized_page
    sign_in(page, "jordan.blake@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/peers/")
    chart = page.locator("#peer-timeline")
    expect(chart.locator(".main-svg").first).to_be_attached()
    # One bar for each peer, named on the axis, and the dotted line for today.
    for name in ("Alex G", "Sam R", "Jo P"):
        expect(chart.locator(".ytick text", has_text=name)).to_have_count(1)
    expect(chart.locator(".shapelayer path")).to_have_count(1)
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert_accessible(page)
    shot(page, f"peer-dashboard-{page.width_name}")
