"""A service manager keeps a record due for review for longer; a peer reads what we hold about them and
downloads it: on a desktop and on a phone, with axe clean on every page."""

import datetime
import zipfile

import pytest
from playwright.sync_api import expect

from cms.records.models import RecordReview, ReviewDecision
from cms.records.services import records_flag_due
from peernet.models import Peer, Stage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.peers import PeerFactory, active_peer
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=WIDTHS, ids=list(WIDTHS))
def sized_page(request, browser, live_server):
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=width < 500,
        has_touch=width < 500,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_service_manager_keeps_a_record_for_longer(sized_page, transactional_db):
    service = ServiceFactory()
    manager = UserFactory(
        username="ruth.adams@example.org", first_name="Ruth", last_name="Adams", kinds=[roles.SERVICE_MANAGER]
    )
    StaffProfileFactory(user=manager, service=service, job_title="Service manager")
    PeerFactory(
        service=service,
        display_name="Dee M",
        stage=Stage.ENDED,
        ended_on=datetime.date.today() - datetime.timedelta(days=365 * 7),
        outcome=Peer.Outcome.PAID_LD,
    )
    records_flag_due()
    page = sized_page

    sign_in(page, "ruth.adams@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Records due for review").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Records due for review"
    queue = page.locator("#due-records")
    expect(queue.get_by_role("cell", name="Peer record: Dee M").first).to_be_visible()
    assert_accessible(page)

    queue.get_by_role("link", name="Keep for longer").click()
    assert_accessible(page)
    keep_until = datetime.date.today() + datetime.timedelta(days=365)
    page.get_by_label("Keep it until").fill(keep_until.isoformat())
    page.get_by_label("Why keep it for longer?").fill("An open complaint needs it")
    page.get_by_role("button", name="Keep this record").click()
    expect(page.get_by_text(f"is kept until {keep_until.day} {keep_until:%B %Y}")).to_be_visible()
    expect(page.get_by_text("No records are due for review")).to_be_visible()
    expect(page.locator("#recent-decisions").get_by_text("An open complaint needs it")).to_be_visible()
    assert_accessible(page)
    assert RecordReview.objects.get().status == RecordReview.Status.KEPT
    assert ReviewDecision.objects.get().by == manager


def test_peer_reads_and_downloads_what_we_hold_about_them(sized_page, transactional_db, tmp_path):
    user = UserFactory(
        username="alex.green@example.org", first_name="Alex", last_name="Green", kinds=[roles.PEER_WORKER]
    )
    active_peer(user=user, display_name="Alex G")
    page = sized_page

    sign_in(page, "alex.green@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="What we hold about you").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "What we hold about you"
    page.get_by_text("Your checks").click()
    expect(page.get_by_text("DBS check").first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download it all").click()
    saved = tmp_path / "mine.zip"
    download.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "what-we-hold-about-you.pdf" in names
    assert any("checks" in name for name in names)
