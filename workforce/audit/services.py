"""Writes to the audit trail: erasure of a record's history, bulk writes that leave events, access events.

Single saves and deletes of the models in ``registry.MODELS`` are recorded by django-auditlog's own signal
receivers. QuerySet.update, bulk_update and bulk_create send no signals, so services that use them on those
models call ``audited_update`` / ``audited_bulk_update`` / ``audited_bulk_create`` here instead, which write
the same events in one INSERT. (A queryset's delete() needs nothing: Django sends post_delete for each row of a
model that has receivers, and auditlog is one.)
"""

import contextlib
from contextvars import ContextVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import pre_save

from workforce.audit.models import AccessEvent, AuditErasurePermit

ERASED_REPR = "{kind} {pk}, erased"
NEEDS_SAVED = "Only a saved record's history can be erased: erase its history before deleting the record."
NEEDS_REASON = "Say why this record's history is being erased."

# Records whose history was erased in this request or task, so deleting the record afterwards does not
# write its last values back into the trail.
_erased: ContextVar[frozenset] = ContextVar("audit_erased", default=frozenset())


def _context() -> dict:
    """Who is acting and from where, as auditlog's middleware (or ``auditlog.context.set_actor``) set it."""
    try:
        value = auditlog_value.get()
    except LookupError:
        value = {}
    if not _still_set(value):
        value = {}
    actor = value.get("actor")
    return {
        "actor": actor,
        "actor_email": getattr(actor, "email", None) if actor else None,
        "remote_addr": value.get("remote_addr"),
        "remote_port": value.get("remote_port"),
        "cid": get_cid(),
    }


def _still_set(value: dict) -> bool:
    """Whether auditlog's actor context is still in force. auditlog leaves the value behind when its
    ``set_actor`` block ends and only disconnects the receiver that applies it, so a value whose receiver is
    gone is stale and names someone who is no longer acting."""
    duid = value.get("signal_duid")
    return duid is not None and any(key[0] == duid for key, *_ in pre_save.receivers)


def _key(instance: models.Model) -> tuple[int, str]:
    return ContentType.objects.get_for_model(instance).pk, str(instance.pk)


def skip_log_of_erased(sender, instance, action, **kwargs):
    """auditlog's pre_log receiver: no delete event, with its copy of the values, for an erased record."""
    if action == LogEntry.Action.DELETE and instance.pk is not None and _key(instance) in _erased.get():
        return False
    return None


def history_erase(*, instance: models.Model, actor, reason: str) -> None:
    """Deletes every history payload of one record and writes a tombstone event in their place.

    The change events (auditlog) and access events of the record go. The tombstone says what kind of record
    it was, its id, when, by whom and why, and nothing else: no name, no values. Call it inside the same
    transaction as the record's deletion, before deleting it; the deletion then writes no event of its own.
    The database refuses these deletions unless the permit made here exists (see database.py).
    """
    if instance.pk is None:
        raise ValueError(NEEDS_SAVED)
    if not reason or not reason.strip():
        raise ValueError(NEEDS_REASON)
    content_type_id, object_pk = _key(instance)
    context = _context()
    with transaction.atomic():
        permit = AuditErasurePermit.objects.create(content_type_id=content_type_id, object_pk=object_pk)
        changes, _ = LogEntry.objects.filter(content_type_id=content_type_id, object_pk=object_pk).delete()
        reads, _ = AccessEvent.objects.filter(content_type_id=content_type_id, object_pk=object_pk).delete()
        permit.delete()
        LogEntry.objects.create(
            content_type_id=content_type_id,
            object_pk=object_pk,
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=ERASED_REPR.format(kind=instance._meta.verbose_name.capitalize(), pk=object_pk),
            action=LogEntry.Action.DELETE,
            changes=None,
            changes_text="",
            additional_data={
                "erased": True,
                "reason": reason.strip(),
                "changes_removed": changes,
                "reads_removed": reads,
            },
            **{**context, "actor": actor, "actor_email": getattr(actor, "email", None)},
        )
    _erased.set(_erased.get() | {(content_type_id, object_pk)})


def _entry(instance, action, old, new, fields, context) -> LogEntry | None:
    changes = model_instance_diff(old, new, fields_to_check=fields, use_json_for_changes=True)
    if not changes:
        return None
    return LogEntry(
        content_type_id=ContentType.objects.get_for_model(instance).pk,
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        # The record's kind and id: its own name could need a query per row.
        object_repr=f"{instance._meta.verbose_name.capitalize()} {instance.pk}",
        action=action,
        changes=changes,
        **context,
    )


def _write(entries) -> None:
    entries = [entry for entry in entries if entry is not None]
    if entries:
        LogEntry.objects.bulk_create(entries)


def audited_update(queryset: models.QuerySet, **values) -> int:
    """``queryset.update(**values)``, with one update event per row changed."""
    model = queryset.model
    if not auditlog.contains(model):
        return queryset.update(**values)
    with transaction.atomic():
        before = {row.pk: row for row in queryset.select_for_update()}
        if not before:
            return 0
        count = model._base_manager.filter(pk__in=list(before)).update(**values)
        after = model._base_manager.in_bulk(list(before))
        context = _context()
        fields = list(values)
        _write(
            _entry(after[pk], LogEntry.Action.UPDATE, old, after[pk], fields, context)
            for pk, old in before.items()
            if pk in after
        )
    return count


def audited_bulk_update(objs, fields: list[str], **kwargs) -> int:
    """``Model.objects.bulk_update(objs, fields)``, with one update event per row changed."""
    objs = list(objs)
    if not objs:
        return 0
    model = type(objs[0])
    if not auditlog.contains(model):
        return model._default_manager.bulk_update(objs, fields, **kwargs)
    with transaction.atomic():
        before = model._base_manager.in_bulk([obj.pk for obj in objs])
        count = model._default_manager.bulk_update(objs, fields, **kwargs)
        context = _context()
        _write(
            _entry(obj, LogEntry.Action.UPDATE, before[obj.pk], obj, fields, context)
            for obj in objs
            if obj.pk in before
        )
    return count


def audited_bulk_create(objs, **kwargs) -> list:
    """``Model.objects.bulk_create(objs)``, with one create event per row."""
    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    if not auditlog.contains(model):
        return model._default_manager.bulk_create(objs, **kwargs)
    with transaction.atomic():
        created = model._default_manager.bulk_create(objs, **kwargs)
        context = _context()
        _write(_entry(obj, LogEntry.Action.CREATE, None, obj, None, context) for obj in created if obj.pk)
    return created


def access_event_record(
    *,
    actor,
    outcome: str,
    ip: str | None,
    request_id: str | None,
    url_name: str = "",
    content_type: ContentType | None = None,
    object_pk: str = "",
    status_code: int | None = None,
) -> AccessEvent:
    """One access event: a single INSERT."""
    actor = actor if isinstance(actor, get_user_model()) and actor.is_authenticated else None
    return AccessEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        ip=ip,
        request_id=request_id or "",
        url_name=url_name[:150],
        content_type=content_type,
        object_pk=str(object_pk)[:64],
        outcome=outcome,
        status_code=status_code,
    )


def _request_facts(request) -> dict:
    from workforce.accounts.lockout import client_ip

    if request is None:
        return {"ip": None, "request_id": None, "url_name": ""}
    match = getattr(request, "resolver_match", None)
    return {
        "ip": client_ip(request),
        "request_id": getattr(request, "id", None),
        "url_name": match.view_name if match else "",
    }


def signed_in(sender, request, user, **kwargs):
    """user_logged_in receiver."""
    access_event_record(actor=user, outcome=AccessEvent.Outcome.SIGNED_IN, **_request_facts(request))


def signed_out(sender, request, user, **kwargs):
    """user_logged_out receiver (user is None when the session had already ended)."""
    access_event_record(actor=user, outcome=AccessEvent.Outcome.SIGNED_OUT, **_request_facts(request))


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver. The account tried is kept when there is one; what was typed is not, since a
    password typed in the wrong box would be."""
    user_model = get_user_model()
    typed = (credentials or {}).get(user_model.USERNAME_FIELD) or (credentials or {}).get("username")
    actor = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: typed}).first() if typed else None
    access_event_record(actor=actor, outcome=AccessEvent.Outcome.SIGN_IN_FAILED, **_request_facts(request))


@contextlib.contextmanager
def acting_as(actor, *, ip: str | None = None):
    """For commands and tasks: files the changes made inside under this person (no request to say who)."""
    from auditlog.context import set_actor

    token = auditlog_value.set({})
    try:
        with set_actor(actor, remote_addr=ip):
            yield
    finally:
        auditlog_value.reset(token)
