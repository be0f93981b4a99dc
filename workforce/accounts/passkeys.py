"""Passkeys (WebAuthn, through django-otp-webauthn) as a second step beside the authenticator app.

A passkey is added from the "Two-step sign-in" page by someone who has already passed the second step, and
can then be used instead of a code. It never replaces the password (no passwordless sign-in), and the
authenticator app stays the way in for a browser or phone without passkeys.

The relying party is the host the page was served from (one of ALLOWED_HOSTS, which Django checks), so the
same code works on a laptop, in the tests and in production. Set OTP_WEBAUTHN_RP_ID to pin it to one domain
where a service serves the site on several.
"""

from django.conf import settings
from django_otp_webauthn.helpers import WebAuthnHelper


def relying_party_id(request) -> str:
    return getattr(settings, "PASSKEY_RP_ID", "") or request.get_host().rsplit(":", 1)[0].strip("[]")


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        own = f"{self.request.scheme}://{self.request.get_host()}"
        configured = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
        return configured if own in configured else [*configured, own]
