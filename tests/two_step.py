"""Two-step sign-in in tests.

``client.force_login(user)`` stands for "this person has signed in", and since every sign-in has two steps,
the test suite's force_login also passes the second step, with an authenticator app made for the person on
first use (``authenticator_for``). Tests of the second step itself sign in through the real pages
(tests/workforce/accounts/test_two_step.py) or with ``password_only_login``.
"""

import time
from binascii import unhexlify

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

TEST_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, as hex
_password_only_login = Client.force_login


def authenticator_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", key=TEST_KEY, confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """A code the device will accept now: the current one, or the next step's if the current one is used
    (each code works once; the device allows one step of clock drift)."""
    device.refresh_from_db()
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = totp.t()
    if device.last_t >= step:
        totp.time += (device.last_t + 1 - step) * device.step
    return f"{totp.token():0{device.digits}d}"


def force_login_with_second_step(client, user, backend=None):
    _password_only_login(client, user, backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()


def password_only_login(client, user, backend=None):
    """Signed in with the password alone: what someone who has stolen a password gets."""
    _password_only_login(client, user, backend)


def sign_in(client, username: str, password: str) -> bool:
    """Sign in through the real pages, both steps. True when the person got in."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": username, "password": password})
    if response.status_code != 302:
        return False
    return second_step(client, get_user_model().objects.get(username=username))


def second_step(client, user) -> bool:
    """The second step of signing in, with a right code from the person's app."""
    from django.urls import reverse

    response = client.post(reverse("workforce:two-step-verify"), {"code": code_for(authenticator_for(user))})
    return response.status_code == 302 and client.get(reverse("my-home")).status_code == 200
