"""Staying signed in: the timeout warning's button posts here. Signed-out visitors are sent to sign in."""

from tests.url_table import BAD_REQUEST, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Route

NO_CONTENT = 204

ROUTES = {
    "workforce:session-keepalive": [
        Route(expect={"anonymous": REDIRECT}, default=NO_CONTENT, method="post", label="staying signed in"),
        Route(expect={"anonymous": REDIRECT}, default=NOT_ALLOWED, label="asked with GET"),
    ],
}

# Two-step sign-in: everyone signed in looks after their own. The table's sessions have passed the second
# step; what a session that has not may reach is tested in tests/test_url_permissions.py.
ROUTES.update(
    {
        "workforce:two-step": Route(expect={"anonymous": REDIRECT}, default=OK),
        # Already past the second step: sent on to where they were going.
        "workforce:two-step-verify": Route(expect={}, default=REDIRECT),
        # Already set up: sent to the two-step page.
        "workforce:two-step-set-up": Route(expect={}, default=REDIRECT),
        # No codes just made to show: sent to the two-step page; a POST makes new ones.
        "workforce:two-step-backup-codes": [
            Route(expect={}, default=REDIRECT, label="nothing to show"),
            Route(expect={}, default=REDIRECT, method="post", label="making new codes"),
        ],
        "workforce:two-step-replace": [
            Route(expect={}, default=REDIRECT, method="post", label="setting up again"),
            Route(expect={"anonymous": REDIRECT}, default=NOT_ALLOWED, label="asked with GET"),
        ],
    }
)

# Passkeys: removing one of your own; anybody else's is not found. The ceremonies (django-otp-webauthn) take
# JSON posts: with no body they answer 400 to anyone signed in. Registering needs the second step passed.
ROUTES.update(
    {
        "workforce:two-step-passkey-remove": [
            Route(
                expect={"anonymous": REDIRECT},
                default=NOT_FOUND,
                method="post",
                kwargs=lambda world: {"pk": 999999},
                label="a passkey that is not yours",
            ),
        ],
        "otp_webauthn:credential-registration-begin": Route(expect={"anonymous": REDIRECT}, default=OK, method="post"),
        "otp_webauthn:credential-registration-complete": Route(
            expect={"anonymous": REDIRECT}, default=BAD_REQUEST, method="post"
        ),
        "otp_webauthn:credential-authentication-begin": Route(
            expect={"anonymous": REDIRECT}, default=OK, method="post"
        ),
        "otp_webauthn:credential-authentication-complete": Route(
            expect={"anonymous": REDIRECT}, default=BAD_REQUEST, method="post"
        ),
        "otp_webauthn:js-i18n-catalog": Route(expect={"anonymous": REDIRECT}, default=OK),
    }
)
