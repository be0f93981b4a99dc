"""Reads of the audit trail, limited to what the person asking may see.

An Administrator (who acts as data protection officer) sees everything; a service manager sees the events
of their own service's records. Which records belong to a service, and whose record each one is, comes from
``registry.MODELS``: each is turned into a subquery, so a search is one query however many kinds it spans.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from workforce import permissions
from workforce.audit import registry
from workforce.audit.models import AccessEvent

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class TrailSearch:
    actor: str = ""
    subject: str = ""
    kind: str = ""
    record: str = ""
    date_from: date | None = None
    date_to: date | None = None


def kinds() -> list[tuple[str, str]]:
    """(label, name) of every kind of record the trail watches, for the search form."""
    return sorted(
        ((label, apps.get_model(label)._meta.verbose_name.capitalize()) for label in registry.MODELS),
        key=lambda pair: pair[1],
    )


def _ids(model, lookup: Q) -> QuerySet:
    return model._default_manager.filter(lookup).annotate(audit_pk=Cast("pk", CharField())).values("audit_pk")


def _records(lookup_for) -> Q:
    """Events of the records ``lookup_for(label, watched)`` picks out (a Q on that model, or None for none)."""
    found = NOTHING
    for label, watched in registry.MODELS.items():
        lookup = lookup_for(label, watched)
        if lookup is None:
            continue
        model = apps.get_model(label)
        found |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=_ids(model, lookup))
    return found


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def _in_service(service_id: int) -> Q:
    return _records(
        lambda label, watched: None if watched.service is None else Q(**{f"{watched.service}_id": service_id})
    )


def _about(name: str) -> Q:
    def lookup(label, watched):
        prefix = _prefix(watched.subject)
        if watched.subject_kind == registry.STAFF:
            return (
                Q(**{f"{prefix}user__first_name__icontains": name})
                | Q(**{f"{prefix}user__last_name__icontains": name})
                | Q(**{f"{prefix}user__email__icontains": name})
            )
        return Q(**{f"{prefix}display_name__icontains": name})

    return _records(lookup)


def _scope(user) -> Q | None:
    """Everything the user may see, or None when they may see nothing."""
    if permissions.is_administrator(user):
        return Q()
    profile = getattr(user, "staff_profile", None)
    if permissions.is_service_manager(user) and profile is not None:
        return _in_service(profile.service_id)
    return None


def _filtered(queryset: QuerySet, user, search: TrailSearch, *, time_field: str, actor_email: str) -> QuerySet:
    scope = _scope(user)
    if scope is None:
        return queryset.none()
    queryset = queryset.filter(scope)
    if search.actor:
        queryset = queryset.filter(
            Q(actor__first_name__icontains=search.actor)
            | Q(actor__last_name__icontains=search.actor)
            | Q(**{f"{actor_email}__icontains": search.actor})
        )
    if search.subject:
        queryset = queryset.filter(_about(search.subject))
    if search.kind in registry.MODELS:
        queryset = queryset.filter(content_type=ContentType.objects.get_for_model(apps.get_model(search.kind)))
    if search.record:
        queryset = queryset.filter(object_pk=search.record)
    zone = timezone.get_current_timezone()
    if search.date_from:
        queryset = queryset.filter(**{f"{time_field}__gte": datetime.combine(search.date_from, time.min, zone)})
    if search.date_to:
        queryset = queryset.filter(**{f"{time_field}__lte": datetime.combine(search.date_to, time.max, zone)})
    return queryset


def changes_for(*, user, search: TrailSearch) -> QuerySet:
    """Change events (django-auditlog), newest first."""
    queryset = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    return _filtered(queryset, user, search, time_field="timestamp", actor_email="actor_email")


def reads_for(*, user, search: TrailSearch) -> QuerySet:
    """Reads and refusals of sensitive pages, and sign-ins, newest first. Sign-ins and refusals of pages of no
    known kind name no service's record: only an Administrator sees them."""
    queryset = AccessEvent.objects.select_related("actor", "content_type").order_by("-at", "-pk")
    return _filtered(queryset, user, search, time_field="at", actor_email="actor_username")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def changes_of(entry: LogEntry) -> list[Change]:
    """An event's changes, field by field, with the field's own label. No query: the model class is known."""
    if not isinstance(entry.changes, dict):
        return []
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes.items():
        try:
            label = str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize() if model else name
        except FieldDoesNotExist:  # a field since removed from the model: show its stored name
            label = name
        before, after = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        rows.append(Change(label, _shown(before), _shown(after)))
    return rows


def _shown(value) -> str:
    return "" if value in (None, "None") else str(value)
