"""Two-step sign-in: a password alone reaches nothing; setting up an app is a guided flow; codes are single
use and throttled; backup codes work once; nobody can skip the step by setting up an app of their own."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.workforce import UserFactory
from tests.two_step import authenticator_for, code_for, password_only_login
from workforce.accounts import services
from workforce.accounts.demo import DEMO_TOTP_KEY, demo_code
from workforce.accounts.middleware import SECOND_STEP_VIEWS

PASSWORD = "pathways-test-password"
VERIFY = reverse("workforce:two-step-verify")
SET_UP = reverse("workforce:two-step-set-up")


def sign_in_with_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def enrolled(user):
    authenticator_for(user)
    return user


def test_password_alone_is_sent_to_the_second_step(client, enrolled):
    response = sign_in_with_password(client, enrolled)
    assert response.url == reverse("my-home")
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fmy%2F"


def test_password_alone_reaches_no_admin_page_and_no_download(db):
    admin = UserFactory(is_superuser=True)
    authenticator_for(admin)
    client = Client()
    client.post(reverse("wagtailadmin_login"), {"username": admin.username, "password": PASSWORD})
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:add_subpage", args=[1]),
        "/documents/1/a.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url


def test_password_alone_cannot_post_a_form(client, enrolled):
    sign_in_with_password(client, enrolled)
    response = client.post(reverse("workforce:two-step-backup-codes"))
    assert response.status_code == 302 and response.url == VERIFY
    assert not StaticToken.objects.filter(device__user=enrolled).exists()


def test_right_code_lets_the_person_in_with_a_new_session_key(client, enrolled):
    sign_in_with_password(client, enrolled)
    key_after_password = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(authenticator_for(enrolled)), "next": "/my/"})
    assert response.status_code == 302 and response.url == "/my/"
    assert client.session.session_key != key_after_password
    assert client.get(reverse("my-home")).status_code == 200


def test_next_is_never_another_site(client, enrolled):
    sign_in_with_password(client, enrolled)
    response = client.post(VERIFY, {"code": code_for(authenticator_for(enrolled)), "next": "https://evil.example/"})
    assert response.url == reverse("my-home")


def test_wrong_code_says_what_to_do(client, enrolled):
    sign_in_with_password(client, enrolled)
    response = client.post(
        VERIFY, {"code": "000000" if code_for(authenticator_for(enrolled)) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert services.CODE_WRONG in response.content.decode()
    response = client.post(VERIFY, {"code": "12ab"})
    assert services.CODE_FORMAT in response.content.decode()


def test_a_code_works_once(enrolled):
    device = authenticator_for(enrolled)
    first, second = Client(), Client()
    sign_in_with_password(first, enrolled)
    sign_in_with_password(second, enrolled)
    code = code_for(device)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert services.CODE_WRONG in response.content.decode()


def test_wrong_codes_slow_the_next_try_down(client, enrolled):
    device = authenticator_for(enrolled)
    sign_in_with_password(client, enrolled)
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    client.post(VERIFY, {"code": wrong})
    client.post(VERIFY, {"code": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the second try was refused before it was checked
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 200
    assert re.search(r"Wait \d+ seconds?, then try again", response.content.decode())
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=60)
    )
    assert client.post(VERIFY, {"code": right}).status_code == 302


def test_throttle_doubles_with_each_wrong_code(enrolled):
    device = authenticator_for(enrolled)
    device.throttling_failure_count = 5
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=10)
    device.save()
    allowed, why = device.verify_is_allowed()
    assert not allowed  # 16 seconds after the fifth wrong code
    assert (why["locked_until"] - device.throttling_failure_timestamp).total_seconds() == 16


def test_backup_code_works_once(client, enrolled):
    codes = services.backup_codes_issue(user=enrolled)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in_with_password(client, enrolled)
    response = client.post(f"{VERIFY}?backup=1", {"code": f"{codes[0][:4]} {codes[0][4:].upper()}"})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=enrolled).count() == 9
    other = Client()
    sign_in_with_password(other, enrolled)
    response = other.post(f"{VERIFY}?backup=1", {"code": codes[0]})
    assert response.status_code == 200
    assert services.BACKUP_WRONG in response.content.decode()


def test_new_backup_codes_replace_the_old_ones(enrolled):
    old = services.backup_codes_issue(user=enrolled)
    new = services.backup_codes_issue(user=enrolled)
    held = set(StaticToken.objects.filter(device__user=enrolled).values_list("token", flat=True))
    assert held == set(new) and not held & set(old)
    assert StaticDevice.objects.filter(user=enrolled).count() == 1


def test_setting_up_an_app_step_by_step(client, user):
    sign_in_with_password(client, user)
    response = client.get(reverse("my-home"))
    assert response.url == f"{SET_UP}?next=%2Fmy%2F"
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "Set up two-step sign-in" in body
    assert "otpauth://totp/" in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The page can be opened again without a new key.
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    response = client.post(SET_UP, {"code": "abc"})
    assert services.CODE_FORMAT in response.content.decode()
    response = client.post(SET_UP, {"code": code_for(device)})
    assert response.status_code == 302 and response.url == reverse("workforce:two-step-backup-codes")
    page = client.get(response.url)
    shown = re.findall(r"<code>(\w{4}) (\w{4})</code>", page.content.decode())
    assert len(shown) == 10
    held = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert {a + b for a, b in shown} == held
    assert 'href="/my/"' in page.content.decode()
    # Shown once only.
    assert client.get(reverse("workforce:two-step-backup-codes")).status_code == 302
    assert client.get(reverse("my-home")).status_code == 200


def test_someone_with_only_the_password_cannot_set_up_an_app_of_their_own(client, enrolled):
    sign_in_with_password(client, enrolled)
    response = client.get(SET_UP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    attacker = TOTPDevice.objects.create(user=enrolled, name="Attacker", confirmed=False)
    response = client.post(SET_UP, {"code": code_for(attacker)})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    with pytest.raises(services.ValidationError):
        request = type("Request", (), {"user": enrolled})()
        services.authenticator_confirm(request=request, device=attacker, code=code_for(attacker))
    assert client.get(reverse("my-home")).status_code == 302


def test_replacing_the_app_ends_other_sessions_and_asks_for_a_new_one(enrolled):
    elsewhere, here = Client(), Client()
    elsewhere.force_login(enrolled)
    here.force_login(enrolled)
    services.backup_codes_issue(user=enrolled)
    response = here.post(reverse("workforce:two-step-replace"))
    assert response.url == SET_UP
    assert not TOTPDevice.objects.filter(user=enrolled, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=enrolled).exists()
    assert elsewhere.get(reverse("my-home")).status_code == 302
    assert here.get(reverse("my-home")).url.startswith(SET_UP)


def test_password_reset_does_not_skip_the_second_step(client, enrolled):
    client.post(reverse("password_reset"), {"email": enrolled.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a-brand-new-passphrase-2026"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert client.get(reverse("my-home")).url.startswith(reverse("login"))
    client.post(reverse("login"), {"username": enrolled.username, "password": new_password})
    assert client.get(reverse("my-home")).url.startswith(VERIFY)


def test_unverified_pages_show_no_menu(client, enrolled):
    sign_in_with_password(client, enrolled)
    page = client.get(VERIFY).content.decode()
    assert "nhsuk-header__navigation-link" not in page


def test_only_the_second_step_pages_are_open_before_it():
    assert {
        "workforce:two-step-verify",
        "workforce:two-step-set-up",
        "workforce:session-keepalive",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
        "login",
        "logout",
        "wagtailadmin_login",
        "wagtailadmin_logout",
    } == SECOND_STEP_VIEWS


def test_demo_key_gives_the_code_an_app_would(db):
    from binascii import unhexlify

    assert demo_code() == f"{TOTP(unhexlify(DEMO_TOTP_KEY)).token():06d}"


def test_demo_accounts_get_the_demo_app_and_others_do_not(db):
    from workforce.accounts import demo

    demo_person = UserFactory(email="demo.person@example.org", username="demo.person@example.org")
    real_person = UserFactory(email="real.person@nhs.net", username="real.person@nhs.net")
    demo.load()
    demo.load()
    assert TOTPDevice.objects.get(user=demo_person).key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user=real_person).exists()


def test_password_only_login_helper_really_is_unverified(client, enrolled):
    password_only_login(client, enrolled)
    assert client.get(reverse("my-home")).status_code == 302


def test_readme_gives_the_demo_key():
    from pathlib import Path

    from workforce.accounts.demo import demo_secret

    assert demo_secret() in (Path(__file__).parents[3] / "README.md").read_text()
