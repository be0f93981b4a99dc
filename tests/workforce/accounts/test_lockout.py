"""Lockout after wrong passwords (django-axes), keyed on the email address and the IP address together,
with a clear page, a log line, a cool-off that lifts it, and an administrator's unlock. Sign-in and password
reset answer the same for accounts that exist and accounts that do not."""

import datetime
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories.workforce import UserFactory
from tests.two_step import authenticator_for
from workforce.accounts.lockout import client_ip
from workforce.roles import ADMINISTRATOR

PASSWORD = "pathways-test-password"
LOCKED = 429
PAUSED = "Sign-in paused"


def attempt(client, username, password="not-the-password", ip="198.51.100.7", url="login"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=ip)


def locked_out(client, username, ip="198.51.100.7", url="login"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, ip=ip, url=url)


@pytest.fixture
def person(db):
    user = UserFactory()
    authenticator_for(user)
    return user


def test_settings_lock_on_the_pair_after_five_tries_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.25
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(client, person, caplog):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, person.username).status_code == 200
    with caplog.at_level(logging.WARNING):
        response = attempt(client, person.username)
    assert response.status_code == LOCKED
    assert PAUSED in response.content.decode()
    assert "Wait 15 minutes and try again" in response.content.decode()
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    response = attempt(client, person.username, password=PASSWORD)
    assert response.status_code == LOCKED
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_address_from_that_connection_only(client, person):
    locked_out(client, person.username)
    # The same person from another connection, and someone else from the same one, still sign in.
    assert attempt(Client(), person.username, password=PASSWORD, ip="203.0.113.9").status_code == 302
    other = UserFactory()
    assert attempt(Client(), other.username, password=PASSWORD).status_code == 302


def test_the_pause_lifts_after_the_cool_off(client, person):
    locked_out(client, person.username)
    assert attempt(client, person.username, password=PASSWORD).status_code == LOCKED
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, person.username, password=PASSWORD).status_code == 302


def test_the_admin_sign_in_is_paused_too(client, db):
    admin = UserFactory(is_superuser=True)
    locked_out(client, admin.username, url="wagtailadmin_login")
    assert attempt(client, admin.username, password=PASSWORD, url="wagtailadmin_login").status_code == LOCKED


def test_an_administrator_lifts_a_pause_in_the_admin(client, world, person):
    locked_out(Client(), person.username)
    lock = AccessAttempt.objects.get(username=person.username)
    administrator = world.user(ADMINISTRATOR.slug)
    admin = Client()
    admin.force_login(administrator)
    listing = admin.get(reverse("workforce_sign_in_lockouts:index"))
    assert person.username in listing.content.decode()
    response = admin.post(reverse("workforce_sign_in_lockouts:delete", args=[lock.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(Client(), person.username, password=PASSWORD).status_code == 302


def test_an_administrator_resets_two_step_sign_in_and_the_persons_sessions_end(world, person):
    signed_in = Client()
    signed_in.force_login(person)
    device = authenticator_for(person)
    admin = Client()
    admin.force_login(world.user(ADMINISTRATOR.slug))
    assert admin.post(reverse("workforce_two_step:delete", args=[device.pk])).status_code == 302
    assert signed_in.get(reverse("my-home")).status_code == 302
    fresh = Client()
    assert attempt(fresh, person.username, password=PASSWORD).status_code == 302
    assert fresh.get(reverse("my-home")).url.startswith(reverse("workforce:two-step-set-up"))


def test_unknown_addresses_are_paused_the_same_way(client, db):
    locked_out(client, "nobody-here@example.org")
    response = attempt(client, "nobody-here@example.org")
    assert response.status_code == LOCKED and PAUSED in response.content.decode()


def _page(response):
    """The page without what differs between any two requests (the CSRF token, the script nonce and the
    typed address)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    text = re.sub(r'nonce="[^"]+"', "", text)
    return re.sub(r'value="[^"]*@example\.org"', "", text)


def test_sign_in_answers_the_same_for_known_and_unknown_addresses(db, person):
    known = attempt(Client(), person.username)
    unknown = attempt(Client(), "nobody-here@example.org")
    assert known.status_code == unknown.status_code == 200
    assert _page(known) == _page(unknown)


def test_an_inactive_account_answers_like_a_wrong_password(db):
    inactive = UserFactory(is_active=False)
    assert _page(attempt(Client(), inactive.username, password=PASSWORD)) == _page(
        attempt(Client(), "nobody-here@example.org", password=PASSWORD)
    )


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(db, person):
    known = Client().post(reverse("password_reset"), {"email": person.email}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "nobody-here@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)
    assert [message.to for message in mail.outbox] == [[person.email]]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_clients_address_is_the_last_forwarded_one(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5", REMOTE_ADDR="192.0.2.10")
    assert client_ip(request) == "203.0.113.5"


def test_without_a_proxy_forwarded_headers_are_ignored(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="192.0.2.10")
    assert client_ip(request) == "192.0.2.10"
