"""A commissioner opens the figures dashboard from their home, chooses a region and a period, reads a table
and downloads the figures as a spreadsheet and as CSV: on a desktop and on a 360 px phone, axe clean."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from peernet.models import Peer, Stage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import Region

PASSWORD = "pathways-test-password"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 780)}


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


def _region_with_peers() -> Region:
    region = Region.objects.order_by("name").last()
    service = ServiceFactory(name="Harbour L&D", slug="harbour-ld", region=region)
    coordinator = StaffProfileFactory(service=service, job_title="Lead peer support worker")
    today = datetime.date.today()
    Peer.objects.bulk_create(
        Peer(
            display_name=f"Peer {n}",
            service=service,
            coordinator=coordinator,
            stage=Stage.ACTIVE,
            start_date=today - datetime.timedelta(days=40),
        )
        for n in range(12)
    )
    return region


def test_commissioner_reads_and_downloads_figures_for_a_region(sized_page, transactional_db):
    region = _region_with_peers()
    UserFactory(username="helen.marsh@example.org", first_name="Helen", last_name="Marsh", kinds=[roles.COMMISSIONER])
    page = sized_page

    sign_in(page, "helen.marsh@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Figures for commissioners").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for commissioners")
    expect(page.locator("#figures-key")).to_contain_text("* means 1 to 7")
    assert_accessible(page)

    page.get_by_label("Area").select_option(label=region.name)
    page.get_by_label("Period").select_option(label="The last 3 months")
    page.get_by_role("button", name="Show these figures").click()
    expect(page.locator(".nhsuk-lede-text")).to_contain_text(region.name)
    started = page.locator("#table-peers tr", has_text="Peers who started")
    expect(started.locator("td")).to_have_text("10")
    expect(page.locator("#table-peers tr", has_text="Peers who ended").locator("td")).to_have_text("0")
    expect(page.locator("#peer-trend-chart .main-svg").first).to_be_attached()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (XLSX)").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert workbook["About"]["B1"].value == region.name
    peers = list(workbook["Peer journeys and outcomes"].iter_rows(values_only=True))
    assert ("Peers who started", "10") in [row[:2] for row in peers]

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert ["Figures for", region.name] in rows
    assert ["Peers who started", "10"] in rows
