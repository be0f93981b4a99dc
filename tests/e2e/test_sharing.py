"""A member shares a guide from the app; a coordinator reads it, sends it back with a note, then approves the
changed version; another member then finds it. At a desktop's width and a phone's, with axe on each page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, shot, sign_in
from tests.factories.networks import (  # noqa: F401  (disk_media is a fixture)
    NetworkFactory,
    add_member,
    disk_media,
    ensure_migrated_basics,
    hub_for,
)
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

PASSWORD = "pathways-test-password"
TITLE = "Paying volunteers' expenses on the day"


@pytest.fixture
def network_people(request, tmp_path):
    request.getfixturevalue("disk_media")
    ensure_migrated_basics()
    network = NetworkFactory(name="North peer network")
    hub_for(network)
    people = {
        "ellis": ("ellis.ward@example.org", "Ellis", "Riverside L&D", False),
        "kim": ("kim.walsh@example.org", "Kim", "Moorland L&D", True),
        "grace": ("grace.lin@example.org", "Grace", "Harbour L&D", False),
    }
    for email, first_name, service, coordinator in people.values():
        user = StaffProfileFactory(
            user=UserFactory(username=email, first_name=first_name), service=ServiceFactory(name=service)
        ).user
        add_member(network, user, coordinator=coordinator)
    guide = tmp_path / "expenses-guide.pdf"
    guide.write_bytes(b"%PDF-1.4\n% How we pay expenses\n")
    return {"network": network, "guide": guide}


def _sign_in_as(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)
    page.wait_for_url("**/my/")


def test_a_member_shares_a_coordinator_approves_and_others_find_it(sized_page, network_people, transactional_db):
    page, width = sized_page, sized_page.width_name
    _sign_in_as(page, "ellis.ward@example.org")
    page.goto("/resources/")
    page.get_by_role("link", name="Share a resource").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share a resource")
    assert_accessible(page)
    page.get_by_label("What kind of resource is it?").select_option(label="Guide")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("How we pay bus fares and lunch on the day.")
    page.get_by_label("More about it (optional)").fill("We keep a cash box at each court.")
    page.get_by_label("Members of every network").check()
    page.get_by_label("Files (optional)").set_input_files(str(network_people["guide"]))
    shot(page, f"share-form-{width}")
    page.get_by_role("button", name="Send it for approval").click()
    expect(page.get_by_text("is waiting for a coordinator of the North peer network")).to_be_visible()
    expect(page.get_by_text("Waiting for a coordinator", exact=True)).to_be_visible()
    assert_accessible(page)

    _sign_in_as(page, "kim.walsh@example.org")
    expect(page.get_by_role("heading", name="Resources waiting for your approval")).to_be_visible()
    page.get_by_role("link", name=f"Check {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("We keep a cash box at each court.")).to_be_visible()
    expect(page.get_by_role("link", name="expenses-guide.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send it back").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what needs to change")
    assert_accessible(page)
    page.get_by_label("Or send it back: what needs to change?").fill("Please say who to ask if the box is empty.")
    page.get_by_role("button", name="Send it back").click()
    expect(page.get_by_text("Sent back to Ellis")).to_be_visible()

    _sign_in_as(page, "ellis.ward@example.org")
    page.get_by_role("link", name=f"Change {TITLE}").click()
    expect(page.get_by_text("Please say who to ask if the box is empty.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("More about it (optional)").fill(
        "We keep a cash box at each court.\n\nIf it is empty, ask the duty coordinator."
    )
    page.get_by_role("button", name="Send the changes for approval").click()
    expect(page.get_by_text("are waiting for a coordinator to approve them")).to_be_visible()

    _sign_in_as(page, "kim.walsh@example.org")
    page.goto("/resources/waiting/")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("If it is empty, ask the duty coordinator.")).to_be_visible()
    shot(page, f"share-review-{width}")
    page.get_by_role("button", name="Approve and share it").click()
    expect(page.get_by_text("is shared. We have told Ellis")).to_be_visible()

    _sign_in_as(page, "grace.lin@example.org")
    page.goto("/resources/?q=expenses")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("If it is empty, ask the duty coordinator.")).to_be_visible()
    assert_accessible(page)
    shot(page, f"share-published-{width}")
