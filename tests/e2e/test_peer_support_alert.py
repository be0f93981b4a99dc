"""A coordinator records a supervision where the peer needs extra support now, sees the alert where they
work, and closes it by recording what was done: on a desktop and on a small phone, with axe clean."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from peernet.models import SupportAlert
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.peers import active_peer
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}


@pytest.fixture(params=WIDTHS, ids=list(WIDTHS))
def sized_page(request, browser, live_server):
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _coordinator(first, last, service):
    user = UserFactory(
        username=f"{first}.{last}@example.org".lower(),
        first_name=first,
        last_name=last,
        kinds=[roles.PEER_COORDINATOR, roles.STAFF_MEMBER],
    )
    return StaffProfileFactory(user=user, service=service, job_title="Lead peer support worker")


def test_coordinator_handles_a_support_alert(sized_page, transactional_db):
    service = ServiceFactory()
    jordan = _coordinator("Jordan", "Blake", service)
    taylor = _coordinator("Taylor", "Brooks", service)
    peer = active_peer(service=service, coordinator=jordan, cover_coordinator=taylor, display_name="Robin L")
    page = sized_page

    sign_in(page, "jordan.blake@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(f"/peers/{peer.pk}/")
    page.get_by_role("link", name="Record supervision").click()
    page.get_by_label("Needs extra support now").check()
    page.get_by_label("Notes (optional)").fill("A hard week at court.")
    page.get_by_role("button", name="Save supervision").click()
    expect(page.get_by_text("Supervision with Robin L is saved.")).to_be_visible()

    # Both coordinators are emailed at once, without the notes.
    alert = SupportAlert.objects.get()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["jordan.blake@example.org", "taylor.brooks@example.org"]
    assert "A hard week" not in mail.outbox[0].body

    # The record shows the alert at the top and in the next action.
    callout = page.locator(".nhsuk-warning-callout", has_text="Needs extra support now")
    expect(callout).to_be_visible()
    expect(page.get_by_text("Needs extra support now (seen")).to_be_visible()
    assert_accessible(page)

    # The dashboard lists it under "Needs attention".
    page.goto("/peers/")
    attention = page.locator("#support-alerts")
    expect(attention.get_by_role("link", name="Robin L")).to_be_visible()
    assert_accessible(page)
    attention.get_by_role("link", name="Robin L").click()

    page.get_by_role("link", name="Record what was done").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record what was done"
    assert_accessible(page)
    page.get_by_role("button", name="Save and close the alert").click()
    assert "Say what was done to support them." in page.get_by_role("alert").inner_text()
    assert SupportAlert.objects.open().count() == 1
    assert_accessible(page)
    page.get_by_label("What was done?").fill("Rang Robin the same day. Agreed a week off court work.")
    page.get_by_role("button", name="Save and close the alert").click()
    expect(page.get_by_text("The support alert for Robin L is closed.")).to_be_visible()
    expect(page.get_by_text("Rang Robin the same day")).to_be_visible()
    assert page.locator(".nhsuk-warning-callout", has_text="Needs extra support now").count() == 0
    assert_accessible(page)
    alert.refresh_from_db()
    assert not alert.is_open and alert.closed_by == jordan.user

    page.goto("/peers/")
    assert page.locator("#support-alerts").count() == 0
    assert_accessible(page)
