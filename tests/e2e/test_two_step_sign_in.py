"""Two-step sign-in in the browser: a volunteer sets up an app on a phone, following the page alone; a member
of staff signs in with a code, then with a backup code; the admin asks for the second step too."""

import os
import re
from base64 import b32decode
from binascii import hexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.two_step import authenticator_for, code_for
from workforce import roles
from workforce.accounts import services

PASSWORD = "pathways-test-password"


def shot(page, name):
    """Screenshots for people to look at, when SCREENSHOTS names a folder to keep them in."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def password_step(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_volunteer_sets_up_two_step_sign_in_on_a_phone(phone_page, transactional_db):
    page = phone_page
    UserFactory(username="sam.volunteer@example.org", first_name="Sam", kinds=[roles.PEER_WORKER])
    password_step(page, "sam.volunteer@example.org")
    page.wait_for_url("**/accounts/two-step/set-up/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-step sign-in"
    expect(page.locator("figure.app-qr-code svg")).to_be_visible()
    assert (
        page.locator("nav.nhsuk-header__navigation").count() == 0
        or not page.get_by_role("link", name="My home").count()
    )
    assert_accessible(page)
    shot(page, "two-step-set-up-phone")

    # On the phone itself the QR code cannot be scanned: the key is under "I cannot scan the QR code".
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#secret-key").inner_text().replace(" ", "")
    assert (
        page.get_by_role("link", name="open the link in your authenticator app")
        .get_attribute("href")
        .startswith("otpauth://totp/")
    )
    code = f"{TOTP(b32decode(key)).token():06d}"

    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").get_by_text(services.CODE_FORMAT)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/two-step/backup-codes/")
    assert page.get_by_role("heading", level=1).inner_text() == "Save your backup codes"
    codes = page.locator(".app-backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"\w{4} \w{4}", code) for code in codes)
    assert_accessible(page)
    shot(page, "two-step-backup-codes-phone")
    page.get_by_role("link", name="I have saved my backup codes").click()
    page.wait_for_url("**/my/")
    device = TOTPDevice.objects.get(user__username="sam.volunteer@example.org")
    assert device.confirmed and hexlify(device.bin_key).decode() == device.key


def test_staff_sign_in_with_a_code_then_with_a_backup_code(page, transactional_db):
    user = UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)
    device = authenticator_for(user)
    backup = services.backup_codes_issue(user=user)[0]

    password_step(page, "tom.reid@example.org")
    page.wait_for_url("**/accounts/two-step/verify/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your security code"
    assert_accessible(page)
    shot(page, "two-step-verify")
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Tom"

    page.get_by_role("button", name="Sign out").click()
    password_step(page, "tom.reid@example.org")
    page.wait_for_url("**/accounts/two-step/verify/**")
    page.get_by_text("I do not have my phone").click()
    page.get_by_role("link", name="Use a backup code").click()
    page.get_by_label("Backup code").fill(backup)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/my/")
    expect(page.get_by_text("You have 9 backup codes left")).to_be_visible()
    assert_accessible(page)


def test_the_admin_asks_for_the_second_step(page, transactional_db):
    admin = UserFactory(username="ada.admin@example.org", kinds=[roles.ADMINISTRATOR])
    device = authenticator_for(admin)
    page.goto("/admin/login/")
    page.get_by_label("Email address").or_(page.get_by_label("Username")).first.fill("ada.admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-step/verify/**")
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")


def test_a_passkey_added_after_the_app_signs_in_instead_of_a_code(page, transactional_db):
    from django_otp_webauthn.models import WebAuthnCredential

    from tests.e2e.conftest import sign_in

    user = UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER])
    StaffProfileFactory(user=user)
    # Chromium's virtual authenticator stands in for a phone's or laptop's passkey store.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Two-step sign-in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Two-step sign-in"
    assert_accessible(page)
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_function("() => document.querySelector('#passkey-register-status-message')?.textContent.trim()")
    for _ in range(50):
        if WebAuthnCredential.objects.filter(user=user, confirmed=True).exists():
            break
        page.wait_for_timeout(100)
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1

    page.get_by_role("button", name="Sign out").click()
    password_step(page, "tom.reid@example.org")
    page.wait_for_url("**/accounts/two-step/verify/**")
    assert_accessible(page)
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Tom"
