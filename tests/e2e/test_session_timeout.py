"""The warning before a session times out: it appears, it is accessible, "Stay signed in" keeps the session,
and a person who does not answer ends up on the sign-in page told why.

The timeouts are cut to seconds so the test need not wait half an hour; the server and the page both read them
from the settings, as they would the service's own.
"""

import time

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles

PASSWORD = "pathways-test-password"
WARNING = "You are about to be signed out"


def _staff_member():
    user = UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)
    return user


def test_warning_appears_and_staying_signed_in_keeps_the_session(page, settings, transactional_db):
    # The warning comes about 3 seconds after the page opens; the other 17 leave room for the accessibility
    # check on a busy machine before the button is pressed.
    settings.SESSION_IDLE_TIMEOUT = 20
    settings.SESSION_IDLE_WARNING = 17
    _staff_member()
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")

    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_contain_text("You will be signed out in")
    expect(dialog).to_contain_text("because you have not used the site.")
    button = dialog.get_by_role("button", name="Stay signed in")
    expect(button).to_be_focused()
    assert_accessible(page)

    # The dialog also goes if the page reloads to sign in, so the answer itself is what shows it worked.
    with page.expect_response("**/accounts/keep-signed-in/") as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 204
    stayed_at = time.monotonic()
    expect(dialog).to_be_hidden()
    # Past the time the first page's session would have ended, well within a timeout of the button.
    page.wait_for_timeout(17_500)
    assert time.monotonic() - stayed_at < 20
    page.goto("/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tom")


def test_without_an_answer_the_page_goes_to_sign_in_and_says_why(page, settings, transactional_db):
    settings.SESSION_IDLE_TIMEOUT = 6
    settings.SESSION_IDLE_WARNING = 4
    _staff_member()
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    expect(page.get_by_role("dialog", name=WARNING)).to_be_visible(timeout=8_000)

    page.wait_for_url("**/accounts/login/**", timeout=15_000)
    expect(page.get_by_role("status")).to_contain_text(
        "You were signed out because you had not used the site for 6 seconds. Sign in again."
    )
    assert_accessible(page)
    page.goto("/my/")
    page.wait_for_url("**/accounts/login/**")
