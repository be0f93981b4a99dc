"""Files every change under who made it and from where, and records reads of sensitive pages.

``AuditMiddleware`` is django-auditlog's middleware with two changes: the client's address comes from
``client_ip`` (which honours TRUSTED_PROXY_COUNT, where auditlog's own would believe any X-Forwarded-For a
browser sends), and after the response it writes at most one ``AccessEvent``: a read of a page named in
``registry.READS`` or marked by its view with ``read_mark``, or a refusal (403 or 404) of any page whose
address names a record.
"""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from workforce.accounts.lockout import client_ip
from workforce.audit import registry
from workforce.audit.models import AccessEvent
from workforce.audit.services import access_event_record

REFUSED_STATUSES = {403, 404}
# A view whose address does not say which record it shows (a person's export, reached by kind and id) names
# it with ``read_mark`` and the read is logged against that record.
READ_MARK = "_audit_read"


def read_mark(request, model_label: str, pk) -> None:
    """Says that this request shows the record ``model_label`` ``pk`` in full, so its read is logged."""
    setattr(request, READ_MARK, (model_label, pk))


def _record_of(match) -> tuple[ContentType | None, str] | None:
    """The kind and id of the record a resolved URL names, or None if it names none."""
    read = registry.READS.get(match.view_name)
    if read:
        label, kwarg = read
        if kwarg in match.kwargs:
            return ContentType.objects.get_for_model(apps.get_model(label)), str(match.kwargs[kwarg])
    # Any other address with an id in it: the innermost id, kind unknown.
    ids = [str(value) for key, value in match.kwargs.items() if key == "pk" or key.endswith("_pk")]
    return (None, ids[-1]) if ids else None


class AuditMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        # Only a trusted proxy's word about the port is worth keeping.
        if getattr(settings, "TRUSTED_PROXY_COUNT", 0) <= 0:
            return None
        return AuditlogMiddleware._get_remote_port(request)

    def __call__(self, request):
        # auditlog sets who is acting for the request and never unsets it, so a later change made outside any
        # request on the same thread (a command, a task, the next test) would be filed under this person.
        # Setting it here first, and resetting to that token afterwards, puts back whatever was there before.
        token = auditlog_value.set({})
        try:
            response = super().__call__(request)
            self._record_access(request, response)
        finally:
            auditlog_value.reset(token)
        return response

    def _record_access(self, request, response) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return
        status = response.status_code
        marked = getattr(request, READ_MARK, None)
        if status in REFUSED_STATUSES:
            outcome = AccessEvent.Outcome.REFUSED
        elif (
            status == 200
            and request.method in ("GET", "HEAD")
            and (marked is not None or match.view_name in registry.READS)
        ):
            outcome = AccessEvent.Outcome.READ
        else:
            return
        if marked is not None and outcome == AccessEvent.Outcome.READ:
            label, pk = marked
            record = ContentType.objects.get_for_model(apps.get_model(label)), str(pk)
        else:
            record = _record_of(match)
        if record is None:
            return
        content_type, object_pk = record
        access_event_record(
            actor=user,
            outcome=outcome,
            ip=client_ip(request),
            request_id=getattr(request, "id", None),
            url_name=match.view_name,
            content_type=content_type,
            object_pk=object_pk,
            status_code=status,
        )
