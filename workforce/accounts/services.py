"""Writes for the second sign-in step: setting up an authenticator app, backup codes, checking a code.

Every check goes through django-otp's devices, so a code is accepted once (a TOTP device remembers the last
time step it accepted) and wrong codes slow the next try down (1, 2, 4, 8 ... seconds). The device row is
locked while a code is checked, so two requests with the same code cannot both get in.
"""

import math

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from workforce.accounts.selectors import authenticator_of, backup_device_of, has_second_factor
from workforce.accounts.sessions import user_sessions_end

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"

CODE_FORMAT = "Enter the 6-digit code from your authenticator app, like 123456."
CODE_WRONG = "That code is not right. Codes change every 30 seconds, and each one works once. Try the new code."
BACKUP_WRONG = "That backup code is not right, or it has been used already. Check it and try another one."
TOO_MANY_TRIES = "You have entered a wrong code too many times. Wait {seconds} seconds, then try again."
ALREADY_SET_UP = "Two-step sign-in is already set up for your account. Sign in with a code from your app."
NO_AUTHENTICATOR = "Two-step sign-in is not set up for your account yet."


def code_clean(code: str) -> str:
    """People copy codes with spaces or dashes in them ("123 456", "abcd-efgh"); the devices want neither."""
    return "".join(code.split()).replace("-", "").lower()


def _code_check(*, device_id: int, model, code: str, wrong: str) -> None:
    """Check ``code`` against one device, refusing while it is throttled. Raises ``ValidationError``.

    The device is read again under a row lock, so a code used by two requests at once works for one. The
    throttle's count is saved whether or not the code is right, so it is committed before we raise.
    """
    with transaction.atomic():
        device = model.objects.select_for_update().get(pk=device_id)
        allowed, why = device.verify_is_allowed()
        if allowed:
            verified = device.verify_token(code)
    if not allowed:
        seconds = max(1, math.ceil((why["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(TOO_MANY_TRIES.format(seconds=seconds), code="throttled")
    if not verified:
        raise ValidationError(wrong, code="wrong")


def second_factor_passed(*, request, device) -> None:
    """The session has passed both steps: a new session key (so a key seen before this point is useless),
    and the device recorded in the session, which is what ``user.is_verified()`` reads."""
    request.session.cycle_key()
    django_otp.login(request, device)


def authenticator_start(*, user) -> TOTPDevice:
    """The authenticator app being set up: the same one on every visit until it is confirmed, so reloading
    the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code it shows, give the person backup codes and pass the session.

    Refused if the person already has an app: someone who has only the password must not be able to add
    an app of their own and so skip the second step.
    """
    user = request.user
    if has_second_factor(user):
        raise ValidationError(ALREADY_SET_UP, code="already")
    code = code_clean(code)
    if not (code.isdigit() and len(code) == 6):
        raise ValidationError(CODE_FORMAT, code="format")
    _code_check(device_id=device.pk, model=TOTPDevice, code=code, wrong=CODE_WRONG)
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = backup_codes_issue(user=user)
    device.refresh_from_db()
    second_factor_passed(request=request, device=device)
    return codes


@transaction.atomic
def backup_codes_issue(*, user) -> list[str]:
    """A new set of single-use backup codes; any codes given before stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True})
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, request, code: str, backup: bool = False) -> None:
    """The second step of signing in, with a code from the app or (``backup``) a backup code."""
    user = request.user
    code = code_clean(code)
    if backup:
        device = backup_device_of(user)
        if device is None or not code:
            raise ValidationError(BACKUP_WRONG, code="wrong")
        _code_check(device_id=device.pk, model=StaticDevice, code=code, wrong=BACKUP_WRONG)
    else:
        device = authenticator_of(user)
        if device is None:
            raise ValidationError(NO_AUTHENTICATOR, code="missing")
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(CODE_FORMAT, code="format")
        _code_check(device_id=device.pk, model=TOTPDevice, code=code, wrong=CODE_WRONG)
    device.refresh_from_db()
    second_factor_passed(request=request, device=device)


def passkey_remove(*, user, passkey_id: int) -> None:
    """Remove one of the person's own passkeys (someone else's is not found)."""
    removed, _ = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    if not removed:
        raise ValidationError("That passkey is not one of yours.", code="missing")


@transaction.atomic
def authenticator_remove(*, request) -> None:
    """Replace a lost or new phone: the app and the backup codes stop working, every other session of the
    person ends, and this one must set up a new app before it can go on."""
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    user.otp_device = None
    user_sessions_end(user=user, keep_session_key=request.session.session_key)
