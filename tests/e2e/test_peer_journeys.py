import datetime
import re

from playwright.sync_api import expect

from peernet.models import ActivityLog, CaseAllocation, Peer, Stage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.peers import active_peer
from tests.factories.workforce import RegionFactory, ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"


def _coordinator(service=None):
    user = UserFactory(
        username="jordan.blake@example.org",
        first_name="Jordan",
        last_name="Blake",
        kinds=[roles.PEER_COORDINATOR, roles.STAFF_MEMBER],
    )
    return StaffProfileFactory(user=user, service=service or ServiceFactory(), job_title="Lead peer support worker")


def _record_check(page, kind_label):
    page.get_by_role("link", name="Record a check").click()
    page.get_by_label(kind_label, exact=True).check()
    page.get_by_role("button", name="Save check").click()
    expect(page.get_by_text("The check for Alex G is saved.")).to_be_visible()


def test_coordinator_takes_a_volunteer_from_enquiry_to_an_ending(page, transactional_db):
    coordinator = _coordinator()
    sign_in(page, "jordan.blake@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/peers/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a peer").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Alex G")
    page.get_by_label("Peer support volunteer").check()
    page.get_by_role("button", name="Add peer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Alex G"
    assert_accessible(page)

    for stage in ("Application", "Interview", "Checks", "Induction training"):
        page.get_by_role("link", name="Move to another stage").click()
        page.get_by_label(stage, exact=True).check()
        page.get_by_role("button", name="Move stage").click()
        expect(page.get_by_text("Alex G has moved stage.")).to_be_visible()

    # Only the DBS check is done: becoming active is refused, and the page says what is missing.
    _record_check(page, "DBS check")
    page.get_by_role("link", name="Move to another stage").click()
    assert_accessible(page)
    page.get_by_label("Active", exact=True).check()
    page.get_by_role("button", name="Move stage").click()
    summary = page.get_by_role("alert")
    assert "cannot become active yet" in summary.inner_text()
    assert "2 references" in summary.inner_text() and "a right to work check" in summary.inner_text()
    assert_accessible(page)

    page.goto(f"/peers/{Peer.objects.get().pk}/")
    _record_check(page, "Reference")
    _record_check(page, "Reference")
    _record_check(page, "Right to work")
    page.get_by_role("link", name="Move to another stage").click()
    page.get_by_label("Active", exact=True).check()
    page.get_by_role("button", name="Move stage").click()
    expect(page.get_by_text("Alex G has moved stage.")).to_be_visible()
    peer = Peer.objects.get()
    assert peer.stage == Stage.ACTIVE and peer.planned_end_date is not None
    assert_accessible(page)

    # Supervision.
    page.get_by_role("link", name="Record supervision").click()
    assert_accessible(page)
    page.get_by_label("Doing well").check()
    page.get_by_label("Actions (optional)").fill("Shadow a court session")
    page.get_by_role("button", name="Save supervision").click()
    expect(page.get_by_text("Shadow a court session")).to_be_visible()

    # A mistake in a check is put right from the record.
    page.get_by_role("link", name=re.compile(r"^Change DBS check done")).click()
    expect(page.get_by_role("heading", name="Correct a check")).to_be_visible()
    assert_accessible(page)
    corrected = datetime.date.today() - datetime.timedelta(days=2)
    page.get_by_label("Date done").fill(corrected.isoformat())
    page.get_by_label("On the DBS Update Service", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The check for Alex G is corrected.")).to_be_visible()
    expect(page.get_by_role("cell", name=corrected.strftime("%-d %b %Y"), exact=True)).to_be_visible()
    assert peer.checks.get(kind="dbs").update_service == "subscribed"

    # A high-risk case is refused for a volunteer, with the reason.
    page.get_by_role("link", name="Allocate a case").click()
    page.get_by_label("Case reference").fill("CUS-4821")
    page.get_by_label("Police custody").check()
    page.get_by_label("High").check()
    page.get_by_role("button", name="Allocate case").click()
    assert "Volunteers only take low-risk cases" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    assert not CaseAllocation.objects.exists()
    page.get_by_label("Low").check()
    page.get_by_role("button", name="Allocate case").click()
    expect(page.get_by_role("cell", name="CUS-4821", exact=True)).to_be_visible()

    # Hours the peer logged are approved here.
    ActivityLog.objects.create(peer=peer, worked_on=datetime.date.today(), activity="court", hours=3)
    page.reload()
    page.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    assert ActivityLog.objects.get().status == ActivityLog.Status.APPROVED

    # The end, with where they go next.
    page.get_by_role("link", name="End the journey").click()
    assert_accessible(page)
    page.get_by_label("Paid employment in Liaison and Diversion").check()
    page.get_by_role("button", name="End the journey").click()
    expect(page.get_by_text("Alex G's journey has ended")).to_be_visible()
    peer.refresh_from_db()
    assert peer.stage == Stage.ENDED and peer.outcome == Peer.Outcome.PAID_LD
    page.goto("/peers/")
    assert_accessible(page)
    assert coordinator.pk


def test_peer_logs_hours_and_reads_supervision_actions_on_a_phone(phone_page, transactional_db):
    coordinator = _coordinator()
    user = UserFactory(username="alex.green@example.org", first_name="Alex", kinds=[roles.PEER_WORKER])
    StaffProfileFactory(user=user, service=coordinator.service, job_title="Peer support volunteer")
    peer = active_peer(service=coordinator.service, coordinator=coordinator, user=user, display_name="Alex G")
    peer.supervisions.create(
        held_on=datetime.date.today(),
        supervisor=coordinator,
        wellbeing="good",
        actions="Book safeguarding refresher",
        next_due_on=datetime.date.today() + datetime.timedelta(days=28),
    )
    page = phone_page
    sign_in(page, "alex.green@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="My journey").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "My journey"
    expect(page.get_by_text("Book safeguarding refresher")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log your hours").click()
    assert_accessible(page)
    page.get_by_label("Court").check()
    page.get_by_label("Hours").fill("2.5")
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_text("Your hours are saved")).to_be_visible()
    expect(page.get_by_text("2.5 hours (waiting for approval)")).to_be_visible()
    assert_accessible(page)


def test_commissioner_sees_only_suppressed_figures(page, transactional_db):
    region = RegionFactory(code="Y99", name="Test North")
    service = ServiceFactory(name="Test North L&D", region=region)
    for index in range(9):
        active_peer(service=service, display_name=f"Named Volunteer {index}")
    active_peer(service=service, paid=True, display_name="Named Paid")
    UserFactory(username="helen.marsh@example.org", kinds=[roles.COMMISSIONER])
    sign_in(page, "helen.marsh@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.goto("/peers/outcomes/")
    assert_accessible(page)
    page.get_by_role("link", name="Test North").click()
    assert_accessible(page)
    row = page.get_by_role("row", name="Test North L&D")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0] == "10"  # 10 started, rounded to the nearest 5
    assert cells[5] == "*"  # one paid peer: hidden
    assert "Named" not in page.content()
    assert page.get_by_role("link", name="Named Volunteer 0").count() == 0


def test_service_manager_approves_an_extension_and_sees_outcomes(page, transactional_db):
    from peernet.models import Extension
    from workforce.common.dates import add_months

    coordinator = _coordinator()
    manager = UserFactory(username="sam.okafor@example.org", first_name="Sam", kinds=[roles.SERVICE_MANAGER])
    StaffProfileFactory(user=manager, service=coordinator.service, job_title="Service manager")
    peer = active_peer(service=coordinator.service, coordinator=coordinator, months_ago=16, display_name="Robin L")
    new_end = add_months(peer.planned_end_date, 3)
    Extension.objects.create(
        peer=peer, new_end_date=new_end, reason="Finishing the NVQ", requested_on=datetime.date.today()
    )
    sign_in(page, "sam.okafor@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Peers", exact=True).first.click()
    expect(page.get_by_text("Finishing the NVQ")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Robin L").first.click()
    assert page.get_by_role("link", name="Move to another stage").count() == 0
    page.get_by_role("button", name="Approve extension").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    assert_accessible(page)
    peer.refresh_from_db()
    assert peer.planned_end_date == new_end
    page.goto("/peers/outcomes/")
    expect(page.get_by_text("Peers started", exact=True)).to_be_visible()
    assert_accessible(page)
