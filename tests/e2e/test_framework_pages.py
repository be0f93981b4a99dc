"""A staff member browses the framework: ladder, a role profile, a comparison and a search, all accessible."""

from competencies.services.framework import framework_load_shipped
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles


def test_staff_member_browses_the_framework(page, phone_page):
    framework_load_shipped()
    user = UserFactory(username="chris.hall@example.org", first_name="Chris", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)

    sign_in(page, "chris.hall@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Career framework").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "L&D Workforce Career and Competency Framework"
    assert page.get_by_text("project's own encoding of the framework's structure").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Peer support worker", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Peer support worker"
    assert page.get_by_role("heading", name="Engaging people and using lived experience").is_visible()
    assert_accessible(page)

    page.get_by_label("To role profile").select_option("str-worker")
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What changes from peer support worker to support time recovery worker")
    assert_accessible(page)

    page.goto(page.url.split("/compare/")[0] + "/competences/")
    page.get_by_label("Search competences").fill("safeguard")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="LD-RSK-03 Safeguard adults at risk").is_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/issue3/search.png", full_page=False)

    sign_in(phone_page, "chris.hall@example.org", "pathways-test-password")
    phone_page.goto(page.url.split("/competences/")[0] + "/compare/?first=practitioner&second=specialist-practitioner")
    assert phone_page.get_by_role("table").first.is_visible()
    assert_accessible(phone_page)
    phone_page.screenshot(path="/tmp/issue3/compare-phone.png", full_page=False)
