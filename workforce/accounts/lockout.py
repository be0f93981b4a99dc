"""Sign-in lockout (django-axes): whose address a failed sign-in counts against.

Behind a load balancer every request comes from the balancer's address, so locking by ``REMOTE_ADDR`` would
lock everyone out at once. ``TRUSTED_PROXY_COUNT`` says how many proxies stand in front of the site; each
appends the address it was reached from to ``X-Forwarded-For``, so the client's address is that many
entries from the right. Entries further left were written by the client and cannot be trusted.
"""

from django.conf import settings
from django.shortcuts import render

from workforce.accounts.middleware import duration_in_words


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def lockout_response(request, original_response, credentials):
    """The page a paused sign-in gets (HTTP 429): the same for every email address, known or not."""
    seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_time_words": duration_in_words(seconds)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
