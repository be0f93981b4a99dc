"""A service manager asks for the whole service's heatmap spreadsheet, waits on its progress page while a
worker makes it (the page reloads itself, no JavaScript needed), then downloads it: at 1280 and 360 px,
axe clean on every page.

The ``background`` task backend is the database one here, as in production, so the file really waits for
the worker; the test runs the worker once, and the page finds the file by reloading itself.
"""

import io

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, shot, sign_in
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from tests.workforce.downloads.test_worker import run_worker
from workforce import roles
from workforce.downloads.models import Download

PASSWORD = "pathways-test-password"
MANAGER = "ruth.adams@example.org"
DATABASE_BACKEND = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def _service_with_a_team(size=5):
    service = ServiceFactory(name="Harbour L&D", slug="harbour-ld")
    manager = StaffProfileFactory(
        service=service,
        job_title="Service manager",
        user=UserFactory(username=MANAGER, first_name="Ruth", last_name="Adams", kinds=[roles.SERVICE_MANAGER]),
    )
    framework = small_framework()
    for index in range(size):
        person = StaffProfileFactory(
            service=service,
            line_manager=manager,
            user=UserFactory(last_name=f"Person{index:02d}", kinds=[roles.STAFF_MEMBER]),
        )
        assessment = rate_all(start(person, framework), framework, value=3, C01=1)
        sign_off(assessment, framework, manager.user, value=3, C01=1)


def _accessible_but_for_its_reload(page):
    """axe on the page that reloads itself: every rule but meta-refresh, which fails any timed reload.
    The page offers to stop reloading (WCAG 2.2.1's "turn off"), which axe cannot see; the same page with
    reloading stopped is checked with every rule."""
    results = Axe().run(page, options={"rules": {"meta-refresh": {"enabled": False}}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_service_manager_makes_and_downloads_the_whole_service_heatmap(sized_page, transactional_db, settings):
    settings.TASKS = DATABASE_BACKEND
    _service_with_a_team()
    page = sized_page

    sign_in(page, MANAGER, PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(reverse("competencies:team"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Team competences")
    assert_accessible(page)
    shot(page, f"downloads-team-{page.width_name}")

    page.get_by_role("button", name="Make the spreadsheet (XLSX)").click()

    page.wait_for_url("**/downloads/*/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting to start")
    expect(status).to_contain_text("This page checks again every 5 seconds")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    _accessible_but_for_its_reload(page)
    shot(page, f"downloads-waiting-{page.width_name}")
    page.get_by_role("link", name="Stop checking automatically").click()
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Check automatically").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")

    run_worker()

    # No click: the page reloads itself and finds the file ready.
    link = page.get_by_role("link", name="Download team-competences.xlsx")
    expect(link).to_be_visible(timeout=20_000)
    expect(page.get_by_role("status")).to_contain_text("Your file is ready.")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert_accessible(page)
    shot(page, f"downloads-ready-{page.width_name}")
    with page.expect_download() as download:
        link.click()

    assert download.value.suggested_filename == "team-competences.xlsx"
    grid = load_workbook(io.BytesIO(download.value.path().read_bytes()))["Heatmap"]
    assert sum("Person0" in str(row[0].value) for row in grid.iter_rows(min_row=3)) == 5
    assert Download.objects.get().status == Download.Status.READY


def test_staff_member_makes_and_downloads_their_appraisal_pdf(sized_page, transactional_db):
    """The tests' task backend makes the file at once, so the progress page already offers it."""
    service = ServiceFactory(name="Harbour L&D", slug="harbour-ld")
    manager = StaffProfileFactory(service=service, user=UserFactory(kinds=[roles.LINE_MANAGER]))
    staff = StaffProfileFactory(
        service=service,
        line_manager=manager,
        user=UserFactory(username="sam.okafor@example.org", first_name="Sam", last_name="Okafor"),
    )
    framework = small_framework()
    assessment = sign_off(rate_all(start(staff, framework), framework, value=3), framework, manager.user, value=3)
    page = sized_page

    sign_in(page, "sam.okafor@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto(reverse("competencies:assessment-detail", args=[assessment.pk]))
    page.get_by_role("button", name="Make a summary for an appraisal (PDF)").click()

    page.wait_for_url("**/downloads/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment summary (PDF)")
    expect(page.get_by_role("status")).to_contain_text("Your file is ready.")
    assert_accessible(page)
    shot(page, f"downloads-appraisal-pdf-{page.width_name}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download assessment-okafor-").click()

    assert download.value.suggested_filename.startswith("assessment-okafor-")
    assert download.value.path().read_bytes().startswith(b"%PDF")
