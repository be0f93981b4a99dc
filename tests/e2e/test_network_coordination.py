"""A coordinator lets a new member in and records a meeting; the member then sees it. Every page passes axe."""

from playwright.sync_api import expect

from peernet.models import NetworkMembership
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.networks import NetworkFactory, add_member, ensure_migrated_basics
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

PASSWORD = "pathways-test-password"


def test_coordinator_lets_a_member_in_and_records_a_meeting(page):
    ensure_migrated_basics()
    riverside = ServiceFactory(name="Riverside L&D", slug="riverside-ld")
    network = NetworkFactory(name="North peer network", services_=[riverside])
    coordinator = StaffProfileFactory(
        user=UserFactory(username="kim.walsh@example.org", first_name="Kim", last_name="Walsh"), service=riverside
    ).user
    add_member(network, coordinator, coordinator=True)
    StaffProfileFactory(user=UserFactory(username="beth.stone@example.org", first_name="Beth", last_name="Stone"))

    sign_in(page, "beth.stone@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Peer networks").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Ask to join North peer network").click()
    assert_accessible(page)
    page.get_by_label("Why do you want to join? (optional)").fill("To share our volunteer advert.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Asked to join").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "kim.walsh@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/networks/{network.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name="Requests to join (1)").click()
    expect(page.get_by_text("To share our volunteer advert.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Let them join", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Beth Stone is now a member")).to_be_visible()
    assert NetworkMembership.objects.get(user__username="beth.stone@example.org").status == "approved"

    page.goto(f"/networks/{network.slug}/meetings/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Recruiting peer volunteers")
    page.get_by_label("Date").fill("14/03/2026")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Host service (optional)").select_option(label="Riverside L&D")
    page.get_by_label("Actions").fill("Beth to share the advert")
    page.get_by_label("Beth Stone").check()
    page.get_by_role("button", name="Save the meeting").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Recruiting peer volunteers"
    expect(page.get_by_text("Beth to share the advert")).to_be_visible()
    assert_accessible(page)
