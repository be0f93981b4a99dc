"""Every request carries an id, so one person's action can be followed through the logs and the audit trail.

The id is made here (a random UUID) unless a trusted proxy in front of the site sent one in ``X-Request-ID``
(``TRUSTED_PROXY_COUNT`` > 0): a browser must not choose the id its actions are filed under. It is sent back
in the response's ``X-Request-ID``, added to every log record (``RequestIdLogFilter``) and stored with every
audit event (``AUDITLOG_CID_GETTER``).
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

HEADER = "X-Request-ID"
# What a proxy's id may look like: no spaces, quotes or control characters to smuggle into a log line.
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_current() -> str | None:
    """The id of the request being answered, or None outside a request (a command, a task)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0 and _SAFE.match(offered)
        request.id = offered if trusted else uuid.uuid4().hex
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to each log record ("-" outside a request), for formatters to print."""

    def filter(self, record):
        record.request_id = _current.get() or "-"
        return True
