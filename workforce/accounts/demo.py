"""Demo two-step sign-in: every demo account's authenticator app shares one known key, so a newcomer adds
it to an app once (or asks ``manage.py demo_sign_in_code``) and can sign in as anyone in the demo.

Only accounts at the demo domain get it, and only when they have no app of their own yet: loading the demo
into a database with real people in it never gives them a known key.
"""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from workforce.people.demo import DOMAIN

# Twenty bytes, as hex (django-otp's form). Public on purpose: it is printed by `make run`.
DEMO_TOTP_KEY = "4c26506174687761797344656d6f323032362100"
DEMO_DEVICE_NAME = "Demo authenticator app"


def demo_secret() -> str:
    """The key as an authenticator app asks for it (base32)."""
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_setup_link() -> str:
    issuer = quote(settings.OTP_TOTP_ISSUER)
    return f"otpauth://totp/{issuer}:demo?secret={demo_secret()}&issuer={issuer}&digits=6&period=30"


def demo_code() -> str:
    return f"{totp(unhexlify(DEMO_TOTP_KEY)):06d}"


def load() -> None:
    demo_users = get_user_model().objects.filter(email__endswith=f"@{DOMAIN}")
    has_app = TOTPDevice.objects.filter(user__in=demo_users, confirmed=True).values("user_id")
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
        for user in demo_users.exclude(pk__in=has_app)
    )
