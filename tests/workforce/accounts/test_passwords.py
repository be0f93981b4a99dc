"""The password policy (at least 12 characters, not common, not all numbers, not like your name), Argon2
hashing, and that a new password signs the person out everywhere else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cms.settings import base
from tests.factories.workforce import UserFactory
from tests.two_step import second_step, sign_in
from workforce.models import UserSession

PASSWORD = "pathways-test-password"
User = get_user_model()
TOO_SHORT = "This password is too short. It must contain at least 12 characters."
ELEVEN = "kx7-ravel-q"
TWELVE = "kx7-ravel-qm"


def refusals(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def signed_in_client(user):
    client = Client()
    assert sign_in(client, user.username, PASSWORD)
    return client


def is_signed_in(client):
    return client.get(reverse("my-home")).status_code == 200


@pytest.mark.parametrize(
    "password, refusal",
    [
        (ELEVEN, TOO_SHORT),
        ("password1234", "This password is too common."),
        ("1q2w3e4r5t6y", "This password is too common."),
        ("384920175638", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused(db, password, refusal):
    assert refusal in refusals(password)


def test_password_like_the_persons_email_is_refused(db):
    user = UserFactory.build(username="morgan.pricewell@example.org", email="morgan.pricewell@example.org")
    assert "The password is too similar to the username." in refusals("morgan.pricewell", user)


@pytest.mark.parametrize(
    "password",
    [TWELVE, "correct horse battery staple", "k" * 120 + "-Ä7-" + "q" * 76, "Grün-Straße-Ünïcødé-🔑-ᚠᛇᚻ"],
    ids=["twelve characters", "a passphrase", "200 characters", "unicode"],
)
def test_strong_passwords_are_accepted(db, password):
    assert refusals(password) == []


def test_200_character_password_signs_in(db, client):
    password = "k" * 120 + "-Ä7-" + "q" * 76
    assert len(password) == 200
    user = UserFactory(password=password)
    assert sign_in(client, user.username, password)


def test_base_settings_hash_new_passwords_with_argon2_and_still_check_older_hashes():
    # cms.settings.test hashes with MD5 for speed, so the setting every other environment uses is read here.
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]
    assert "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher" in base.PASSWORD_HASHERS[1:]


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_old_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(db, client):
    user = UserFactory()
    # Stored as an older installation stored it (the factory would hash the hash again).
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    # Re-hashing is not a password change: the session just made goes on to the second step.
    assert second_step(client, user)


def test_minimum_length_cannot_be_set_below_12_from_the_environment(monkeypatch):
    import importlib

    monkeypatch.setenv("PASSWORD_MIN_LENGTH", "8")
    try:
        reloaded = importlib.reload(base)
        lengths = [v["OPTIONS"]["min_length"] for v in reloaded.AUTH_PASSWORD_VALIDATORS if "OPTIONS" in v]
        assert lengths == [12]
        monkeypatch.setenv("PASSWORD_MIN_LENGTH", "16")
        reloaded = importlib.reload(base)
        lengths = [v["OPTIONS"]["min_length"] for v in reloaded.AUTH_PASSWORD_VALIDATORS if "OPTIONS" in v]
        assert lengths == [16]
    finally:
        monkeypatch.delenv("PASSWORD_MIN_LENGTH")
        importlib.reload(base)


# The change page


def change_password(client, new, old=PASSWORD):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


def test_change_page_refuses_an_11_character_password_and_says_why(db):
    user = UserFactory()
    client = signed_in_client(user)
    response = change_password(client, ELEVEN)
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_page_accepts_a_12_character_password(db):
    user = UserFactory()
    client = signed_in_client(user)
    response = change_password(client, TWELVE)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(TWELVE)


def test_change_page_tells_people_a_new_password_signs_them_out_elsewhere(db):
    client = signed_in_client(UserFactory())
    assert (
        "A new password signs you out on your other devices." in client.get(reverse("password_change")).content.decode()
    )


def test_changing_your_password_ends_your_other_sessions_but_not_this_one(db):
    user = UserFactory()
    here, elsewhere = signed_in_client(user), signed_in_client(user)
    elsewhere_key = elsewhere.session.session_key
    assert change_password(here, TWELVE).status_code == 302
    assert not UserSession.objects.filter(session_key=elsewhere_key).exists()
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        here.session.session_key
    ]
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_changing_your_password_leaves_other_peoples_sessions_alone(db):
    user, colleague = UserFactory(), UserFactory()
    signed_in_client(colleague)
    change_password(signed_in_client(user), TWELVE)
    assert UserSession.objects.filter(user=colleague).count() == 1


def test_changing_your_password_in_the_wagtail_admin_ends_your_other_sessions_but_not_this_one(db):
    user = UserFactory(is_superuser=True, is_staff=True, first_name="Sid", last_name="Root")
    here, elsewhere = signed_in_client(user), signed_in_client(user)
    response = here.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Sid",
            "name_email-last_name": "Root",
            "name_email-email": user.email,
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": PASSWORD,
            "password-new_password1": TWELVE,
            "password-new_password2": TWELVE,
        },
    )
    assert response.status_code == 302, response.context["panels_by_tab"] if response.context else ""
    user.refresh_from_db()
    assert user.check_password(TWELVE)
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        here.session.session_key
    ]
    assert here.get(reverse("wagtailadmin_home")).status_code == 200
    assert elsewhere.get(reverse("wagtailadmin_home")).status_code == 302


def test_wagtail_admin_account_page_refuses_an_11_character_password(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    response = signed_in_client(user).post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": ELEVEN,
            "password-new_password2": ELEVEN,
        },
    )
    assert TOO_SHORT in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# The reset pages (the link in the email leads to the confirm page)


def reset_password(client, user, new, url_name="password_reset_confirm"):
    """Follow a reset link as the email gives it, then set the new password on the page it leads to."""
    user.refresh_from_db()  # the link is made from the account as it is now, signing in included
    link = reverse(
        url_name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_page = client.get(link)
    assert form_page.status_code == 302
    return client.post(form_page["Location"], {"new_password1": new, "new_password2": new})


def test_reset_page_refuses_an_11_character_password_and_says_why(db, client):
    user = UserFactory()
    response = reset_password(client, user, ELEVEN)
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_page_accepts_a_12_character_password(db, client):
    user = UserFactory()
    response = reset_password(client, user, TWELVE)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(TWELVE)


def test_resetting_a_password_ends_every_session(db, client):
    user = UserFactory()
    laptop, phone = signed_in_client(user), signed_in_client(user)
    assert reset_password(client, user, TWELVE).status_code == 302
    assert not UserSession.objects.filter(user=user).exists()
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_resetting_a_password_through_the_wagtail_admin_ends_every_session(db, client):
    user = UserFactory(is_superuser=True, is_staff=True)
    signed_in_client(user)
    response = reset_password(client, user, TWELVE, url_name="wagtailadmin_password_reset_confirm")
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=user).exists()


def test_a_superuser_setting_someones_password_ends_their_sessions(db):
    user = UserFactory()
    signed_in_client(user)
    user.set_password(TWELVE)
    user.save()
    assert not UserSession.objects.filter(user=user).exists()
