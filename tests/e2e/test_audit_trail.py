import datetime

from auditlog.context import set_actor
from playwright.sync_api import expect

from peernet.models import Supervision
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.peers import PeerFactory
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"
SENTINEL = "SENTINEL-7Q2X"


def test_service_manager_searches_the_trail_for_a_peer_record(page, transactional_db):
    service = ServiceFactory()
    manager = UserFactory(
        username="morgan.lee@example.org", first_name="Morgan", last_name="Lee", kinds=[roles.SERVICE_MANAGER]
    )
    StaffProfileFactory(user=manager, service=service, job_title="Service manager")
    coordinator = StaffProfileFactory(service=service, job_title="Lead peer support worker")
    with set_actor(coordinator.user):
        peer = PeerFactory(service=service, coordinator=coordinator, display_name="Alex G")
        supervision = Supervision.objects.create(
            peer=peer,
            held_on=datetime.date(2026, 1, 5),
            supervisor=coordinator,
            wellbeing=Supervision.Wellbeing.OK,
            notes="",
            next_due_on=datetime.date(2026, 2, 5),
        )
        supervision.notes = SENTINEL
        supervision.save()

    sign_in(page, "morgan.lee@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Audit trail").first.click()
    assert_accessible(page)
    page.get_by_label("Whose record").fill("Alex G")
    page.get_by_role("button", name="Search").click()

    table = page.locator("table.nhsuk-table")
    expect(table.get_by_role("cell", name="create").first).to_be_visible()
    expect(table.get_by_role("cell", name="update").first).to_be_visible()
    assert "Notes: (empty) to [hidden]" in table.inner_text()
    assert SENTINEL not in page.content()
    assert_accessible(page)
