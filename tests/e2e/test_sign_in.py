from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles


def test_staff_member_signs_in_and_reaches_my_home(page, transactional_db):
    user = UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    assert_accessible(page)

    sign_in(page, "tom.reid@example.org", "pathways-test-password")
    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Tom"
    assert "staff member" in page.locator(".nhsuk-lede-text").inner_text()
    assert_accessible(page)


def test_wrong_password_is_explained_and_accessible(page, transactional_db):
    UserFactory(username="tom.reid@example.org")
    sign_in(page, "tom.reid@example.org", "not-the-password")
    expect(page.get_by_role("alert").get_by_text("Your email address or password is not right")).to_be_visible()
    assert_accessible(page)
