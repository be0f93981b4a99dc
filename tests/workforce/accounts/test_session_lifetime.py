"""How long a session lasts: a new key at sign-in, nothing left after signing out, 30 minutes without use,
8 hours in all, and the warning pages carry so a person can stay signed in."""

import datetime
import importlib
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.settings import base
from tests.factories.workforce import UserFactory
from tests.two_step import authenticator_for, code_for, second_step
from workforce.accounts.middleware import SIGNED_OUT_IDLE, SIGNED_OUT_TOO_OLD, duration_in_words
from workforce.accounts.sessions import LAST_ACTIVE_AT, SIGNED_IN_AT
from workforce.models import UserSession

User = get_user_model()
PASSWORD = "pathways-test-password"
MINUTE, HOUR = 60, 60 * 60
IDLE_MESSAGE = "You were signed out because you had not used the site for 30 minutes. Sign in again."


def sign_in(client, user, url_name="login"):
    response = client.post(reverse(url_name), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert second_step(client, user)
    return client


def wind_back(client, *, last_active=0, signed_in=0):
    """Move the session's clocks back, as if that many seconds had passed."""
    session = client.session
    session[LAST_ACTIVE_AT] -= last_active
    session[SIGNED_IN_AT] -= signed_in
    session.save()


def now():
    return int(timezone.now().timestamp())


def test_settings_say_30_minutes_idle_8_hours_in_all_and_end_at_browser_close():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.SESSION_IDLE_WARNING == 2 * MINUTE
    assert settings.SESSION_ABSOLUTE_LIFETIME == 8 * HOUR
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_LIFETIME
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    # It needs to know who is signed in, and must act before the sign-in redirect and the messages it adds to.
    order = settings.MIDDLEWARE.index
    ours = order("workforce.accounts.middleware.SessionLifetimeMiddleware")
    assert order("django.contrib.auth.middleware.AuthenticationMiddleware") < ours
    assert (
        ours
        < order("cms.middleware.SignInRequiredMiddleware")
        < order("django.contrib.messages.middleware.MessageMiddleware")
    )


def test_a_service_can_tune_the_timeouts_from_the_environment(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_TIMEOUT", "900")
    monkeypatch.setenv("SESSION_IDLE_WARNING", "60")
    monkeypatch.setenv("SESSION_ABSOLUTE_LIFETIME", "14400")
    try:
        tuned = importlib.reload(base)
        assert (tuned.SESSION_IDLE_TIMEOUT, tuned.SESSION_IDLE_WARNING, tuned.SESSION_ABSOLUTE_LIFETIME) == (
            900,
            60,
            14400,
        )
        assert tuned.SESSION_COOKIE_AGE == 14400
    finally:
        for name in ("SESSION_IDLE_TIMEOUT", "SESSION_IDLE_WARNING", "SESSION_ABSOLUTE_LIFETIME"):
            monkeypatch.delenv(name)
        importlib.reload(base)


def test_session_cookie_ends_when_the_browser_closes(db, client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_signing_in_gives_the_browser_a_new_session_key(db, client):
    anonymous = client.session  # a session from before signing in, as a visitor's browser would have
    anonymous["seen_cookie_banner"] = True
    anonymous.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, UserFactory())
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not UserSession.objects.filter(session_key=before).exists()


def test_a_signed_out_session_cookie_is_refused(db, client):
    user = UserFactory()
    sign_in(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert response.wsgi_request.user.is_anonymous
    assert not UserSession.objects.filter(user=user).exists()


def test_signing_in_starts_both_clocks(db, client):
    sign_in(client, UserFactory())
    session = client.session
    assert now() - 5 <= session[SIGNED_IN_AT] == session[LAST_ACTIVE_AT] <= now()


def test_session_unused_for_30_minutes_is_signed_out_and_told_why(db, client):
    user = UserFactory()
    sign_in(client, user)
    wind_back(client, last_active=30 * MINUTE, signed_in=30 * MINUTE)
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('my-home')}"
    assert not UserSession.objects.filter(user=user).exists()
    sign_in_page = client.get(response["Location"]).content.decode()
    assert IDLE_MESSAGE in sign_in_page
    assert client.get(reverse("my-home")).status_code == 302


def test_session_used_within_30_minutes_goes_on_and_its_clock_restarts(db, client):
    sign_in(client, UserFactory())
    wind_back(client, last_active=29 * MINUTE, signed_in=29 * MINUTE)
    assert client.get(reverse("my-home")).status_code == 200
    assert now() - 5 <= client.session[LAST_ACTIVE_AT] <= now()


def test_pages_note_activity_at_most_once_a_minute(db, client):
    # Each note is a write; a page used every few seconds need not write each time.
    sign_in(client, UserFactory())
    wind_back(client, last_active=30)
    noted = client.session[LAST_ACTIVE_AT]
    client.get(reverse("my-home"))
    assert client.session[LAST_ACTIVE_AT] == noted


def test_session_older_than_8_hours_is_signed_out_however_busy(db, client):
    user = UserFactory()
    sign_in(client, user)
    wind_back(client, signed_in=8 * HOUR)
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    message = "You were signed out because you signed in more than 8 hours ago. Sign in again."
    assert message in client.get(response["Location"]).content.decode()
    assert not UserSession.objects.filter(user=user).exists()


def test_session_just_under_8_hours_old_goes_on(db, client):
    sign_in(client, UserFactory())
    wind_back(client, signed_in=8 * HOUR - MINUTE)
    assert client.get(reverse("my-home")).status_code == 200


def test_idle_session_in_the_wagtail_admin_goes_to_the_admin_sign_in(db, client):
    user = UserFactory(is_superuser=True, is_staff=True)
    sign_in(client, user, "wagtailadmin_login")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    wind_back(client, last_active=31 * MINUTE)
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={reverse('wagtailadmin_explore_root')}"
    assert IDLE_MESSAGE in client.get(response["Location"]).content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_too_old_session_in_the_wagtail_admin_goes_to_the_admin_sign_in(db, client):
    sign_in(client, UserFactory(is_superuser=True, is_staff=True), "wagtailadmin_login")
    wind_back(client, signed_in=9 * HOUR)
    response = client.get(reverse("wagtailadmin_home"))
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_timeouts_follow_the_settings(db, client, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * MINUTE
    sign_in(client, UserFactory())
    wind_back(client, last_active=11 * MINUTE)
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert SIGNED_OUT_IDLE.format(duration="10 minutes") in client.get(response["Location"]).content.decode()


def test_a_session_without_clocks_counts_from_the_last_sign_in(db, client):
    # Sessions signed in before the clocks existed have none; they must not be given a fresh 8 hours.
    user = UserFactory()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - datetime.timedelta(hours=9))
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert SIGNED_OUT_TOO_OLD.format(duration="8 hours") in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "seconds, words", [(1800, "30 minutes"), (60, "1 minute"), (28800, "8 hours"), (3600, "1 hour"), (90, "90 seconds")]
)
def test_durations_read_as_plain_english(seconds, words):
    assert duration_in_words(seconds) == words


# The warning before the idle timeout, and staying signed in


def body_tag(response):
    return re.search(r"<body[^>]*>", response.content.decode()).group(0)


def test_signed_in_pages_carry_the_timeout_and_when_to_warn(db, client):
    sign_in(client, UserFactory())
    body = body_tag(client.get(reverse("my-home")))
    seconds_left = int(re.search(r'data-idle-timeout-seconds="(\d+)"', body).group(1))
    assert 30 * MINUTE - 10 <= seconds_left <= 30 * MINUTE
    assert 'data-idle-warning-seconds="120"' in body
    assert f'data-session-keepalive-url="{reverse("workforce:session-keepalive")}"' in body
    assert re.search(r'data-csrf-token="\w+"', body)


def test_the_timeout_a_page_carries_is_what_is_left_of_it(db, client):
    sign_in(client, UserFactory())
    wind_back(client, last_active=50)  # within a minute, so the page does not restart the clock
    body = body_tag(client.get(reverse("my-home")))
    seconds_left = int(re.search(r'data-idle-timeout-seconds="(\d+)"', body).group(1))
    assert 30 * MINUTE - 60 <= seconds_left <= 30 * MINUTE - 50


def test_signed_out_pages_carry_no_timeout(db, client):
    assert "data-idle-timeout-seconds" not in body_tag(client.get(reverse("login")))


def test_staying_signed_in_restarts_the_idle_clock(db, client):
    sign_in(client, UserFactory())
    wind_back(client, last_active=28 * MINUTE)
    response = client.post(reverse("workforce:session-keepalive"))
    assert response.status_code == 204
    assert now() - 5 <= client.session[LAST_ACTIVE_AT] <= now()
    wind_back(client, last_active=20 * MINUTE)  # 48 minutes since the page was used, 20 since staying
    assert client.get(reverse("my-home")).status_code == 200


def test_staying_signed_in_does_not_stretch_the_8_hours(db, client):
    sign_in(client, UserFactory())
    wind_back(client, signed_in=8 * HOUR)
    response = client.post(reverse("workforce:session-keepalive"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staying_signed_in_after_the_timeout_does_not_bring_the_session_back(db, client):
    sign_in(client, UserFactory())
    wind_back(client, last_active=31 * MINUTE)
    response = client.post(reverse("workforce:session-keepalive"))
    assert response.status_code == 302
    assert client.get(reverse("my-home")).status_code == 302


def test_staying_signed_in_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    sign_in_page = client.get(reverse("login"))
    token = sign_in_page.context["csrf_token"]
    user = UserFactory()
    device = authenticator_for(user)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    token = client.get(reverse("workforce:two-step-verify")).context["csrf_token"]
    code = code_for(device)
    client.post(reverse("workforce:two-step-verify"), {"code": code, "csrfmiddlewaretoken": token})
    assert client.post(reverse("workforce:session-keepalive")).status_code == 403
    page = client.get(reverse("my-home"))
    token = re.search(r'data-csrf-token="(\w+)"', body_tag(page)).group(1)
    assert client.post(reverse("workforce:session-keepalive"), {"csrfmiddlewaretoken": token}).status_code == 204


def test_a_session_without_clocks_or_a_last_sign_in_starts_its_clocks_now(db, client):
    user = UserFactory()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(last_login=None)
    assert client.get(reverse("my-home")).status_code == 200
    assert now() - 5 <= client.session[SIGNED_IN_AT] == client.session[LAST_ACTIVE_AT] <= now()
