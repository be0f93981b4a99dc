"""Sessions end after a while: ``SESSION_IDLE_TIMEOUT`` without use, or ``SESSION_ABSOLUTE_LIFETIME`` after
signing in, whichever comes first. Shared computers are common in the services, and the records are about
people's health and offending.

The cookie alone cannot do it: its age is renewed whenever the session is saved, so it would never tell a
busy session from an abandoned one. The clocks live in the session (``workforce.accounts.sessions``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode

from workforce.accounts.selectors import has_second_factor
from workforce.accounts.sessions import (
    IDLE,
    session_activity_record,
    session_end_reason,
    session_idle_seconds_left,
    session_lifetime_start,
)

SIGNED_OUT_IDLE = "You were signed out because you had not used the site for {duration}. Sign in again."
SIGNED_OUT_TOO_OLD = "You were signed out because you signed in more than {duration} ago. Sign in again."


@dataclass(frozen=True)
class IdleTimeout:
    """What a page needs to warn before the timeout (the data attributes on ``<body>`` in base.html)."""

    seconds_left: int
    warning_seconds: int


def duration_in_words(seconds: int) -> str:
    """``1800`` is "30 minutes", ``28800`` "8 hours", ``90`` "90 seconds"."""
    count, unit = seconds, "second"
    for name, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count, unit = seconds // size, name
            break
    return f"{count} {unit}{'' if count == 1 else 's'}"


def signed_out_message(reason: str) -> str:
    if reason == IDLE:
        return SIGNED_OUT_IDLE.format(duration=duration_in_words(settings.SESSION_IDLE_TIMEOUT))
    return SIGNED_OUT_TOO_OLD.format(duration=duration_in_words(settings.SESSION_ABSOLUTE_LIFETIME))


class SessionLifetimeMiddleware:
    """Sign out a session that has gone unused or lived too long, and say why on the sign-in page.

    Placed after ``AuthenticationMiddleware``. The check runs before any view, so a session past its time is
    never used, even by a URL that turns out not to exist. Messages are not ready that early, so the redirect
    and its message come from ``process_view``. In the Wagtail admin the redirect goes to the admin's sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        key_before = request.session.session_key
        request.session_end_reason = None
        request.idle_timeout = None
        if request.user.is_authenticated:
            now = timezone.now()
            clocks = {"session": request.session, "now": now, "last_sign_in": request.user.last_login}
            request.session_end_reason = session_end_reason(**clocks)
            if request.session_end_reason:
                logout(request)
            else:
                session_activity_record(**clocks)
                request.idle_timeout = IdleTimeout(
                    seconds_left=session_idle_seconds_left(**clocks), warning_seconds=settings.SESSION_IDLE_WARNING
                )
        response = self.get_response(request)
        # A new key on a signed-in session means the person has just proved who they are: signing in, or
        # changing their password (Django cycles the key for both). The lifetime starts again from here.
        if SESSION_KEY in request.session and request.session.session_key != key_before:
            session_lifetime_start(session=request.session, now=timezone.now())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.session_end_reason:
            return None
        messages.info(request, signed_out_message(request.session_end_reason))
        in_admin = request.path.startswith(self.admin_prefix)
        return redirect_to_login(
            request.get_full_path(), reverse("wagtailadmin_login") if in_admin else settings.LOGIN_URL
        )


# What a session that has passed the password but not the second step may reach. Everything else sends it
# to the second step (or to set it up, for someone who has no app yet), the Wagtail admin included.
SECOND_STEP_VIEWS = frozenset(
    {
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
    }
)


class SecondFactorRequiredMiddleware:
    """A signed-in session reaches nothing but ``SECOND_STEP_VIEWS`` until it has passed the second step.

    Placed after django-otp's ``OTPMiddleware``, which gives ``request.user`` its ``is_verified()``. The
    password step alone never reaches a record: not a page, a download, a form post, or the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_STEP_VIEWS:
            return None
        step = "workforce:two-step-verify" if has_second_factor(user) else "workforce:two-step-set-up"
        next_path = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': next_path})}" if next_path else ""
        return redirect(f"{reverse(step)}{query}")
