"""Writes for the record's whole life: flagging records due for review, keeping them longer, erasing them.

Nothing here deletes a record on its own: ``records_flag_due`` only puts records in the review queue, and a
record goes only when a person decides to erase it (``review_erase``). Erasure takes the record's dependants
with it, erases the audit history of every row that goes (``workforce.audit.services.history_erase``), and
leaves an ``Erasure`` tombstone, all in one transaction.
"""

import datetime
from collections import Counter

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from cms.records.models import Erasure, RecordReview, ReviewDecision
from cms.records.registry import RETAINED, period_ended_on
from workforce.audit.services import history_erase

NOT_DUE = "This record is not waiting for a review. Someone may have decided about it already."
KEEP_IN_FUTURE = "Choose a date after today."
KEEP_TOO_LONG = "Choose a date no more than 10 years from today."
NEED_REASON = "Say why, in a few words."
ERASE_BLOCKED = (
    "This record cannot be erased yet, because other records still need it: {blocking}. "
    "Change those first (for example, give their peers another coordinator), then erase it."
)
CLOSED_ACCOUNT_NAME = "Erased"
# A record kept for longer is reviewed again at most this many years on.
KEEP_MOST_YEARS = 10


def records_flag_due(*, today: datetime.date | None = None) -> int:
    """Put every record whose retention period has ended in the review queue, and bring back those kept
    for longer whose new date has come. Returns how many reviews are newly due.

    Safe to run again, and two copies at once: a record already in the queue is skipped, and the database
    keeps one review per record, whichever copy inserts it first. Deletes nothing.
    """
    today = today or timezone.localdate()
    before = RecordReview.objects.due().count()
    for retained in RETAINED:
        content_type = ContentType.objects.get_for_model(apps.get_model(retained.model))
        flagged = RecordReview.objects.filter(content_type=content_type).values("object_id")
        reviews = [
            RecordReview(
                kind=retained.kind,
                content_type=content_type,
                object_id=row.pk,
                service_id=row.service_ref,
                label=retained.label(row)[:200],
                period_ended_on=period_ended_on(retained, row.period_from),
                reason=retained.reason(),
            )
            for row in retained.candidates(retained.cutoff(today)).exclude(pk__in=flagged)
        ]
        RecordReview.objects.bulk_create(reviews, ignore_conflicts=True)
    RecordReview.objects.filter(status=RecordReview.Status.KEPT, keep_until__lte=today).update(
        status=RecordReview.Status.DUE, flagged_at=timezone.now()
    )
    return RecordReview.objects.due().count() - before


def _due(review: RecordReview) -> RecordReview:
    """The review, locked, if it is still due: two people deciding at once cannot both decide."""
    locked = RecordReview.objects.select_for_update().filter(pk=review.pk, status=RecordReview.Status.DUE).first()
    if locked is None:
        raise ValidationError(NOT_DUE)
    return locked


@transaction.atomic
def review_keep(*, review: RecordReview, by, keep_until: datetime.date, reason: str) -> RecordReview:
    """Keep a record for longer: it comes back to the queue on ``keep_until``."""
    today = timezone.localdate()
    errors = {}
    if keep_until <= today:
        errors["keep_until"] = KEEP_IN_FUTURE
    elif keep_until > today.replace(year=today.year + KEEP_MOST_YEARS):
        errors["keep_until"] = KEEP_TOO_LONG
    if not reason.strip():
        errors["reason"] = NEED_REASON
    if errors:
        raise ValidationError(errors)
    review = _due(review)
    review.status = RecordReview.Status.KEPT
    review.keep_until = keep_until
    review.save(update_fields=["status", "keep_until"])
    ReviewDecision.objects.create(
        review=review, decision=ReviewDecision.Decision.KEEP, keep_until=keep_until, reason=reason.strip(), by=by
    )
    return review


def _collect(instances: list) -> Collector:
    collector = Collector(using=router.db_for_write(type(instances[0])), origin=instances[0])
    try:
        collector.collect(instances)
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({str(obj._meta.verbose_name_plural) for obj in error.args[1]})
        raise ValidationError(ERASE_BLOCKED.format(blocking=", ".join(blocking))) from error
    return collector


def _rows(collector: Collector) -> list:
    """Every row the deletion takes, except the hidden link tables of many-to-many fields."""
    rows = [obj for model, objs in collector.data.items() if not model._meta.auto_created for obj in objs]
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            rows.extend(queryset)
    return rows


def _accounts_to_close(instances: list) -> list:
    """The sign-ins of erased people that belong to nobody else on record: their name and email go too."""
    accounts = []
    for instance in instances:
        user = getattr(instance, "user", None)
        if user is None:
            continue
        others = [
            getattr(user, name, None) for name in ("staff_profile", "peer", "young_expert") if hasattr(user, name)
        ]
        if all(other in instances for other in others if other is not None):
            accounts.append(user)
    return accounts


def _close_account(user) -> None:
    user.first_name = user.last_name = ""
    user.email = ""
    user.username = f"{CLOSED_ACCOUNT_NAME.lower()}-{user.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()


def erasure_preview(*, instance) -> dict[str, int]:
    """What erasing this record would remove: how many rows of each kind (a plain name to a count).

    Raises ValidationError, saying what stands in the way, when other records still need it.
    """
    collector = _collect([instance])
    counts = Counter(str(row._meta.verbose_name) for row in _rows(collector))
    if _accounts_to_close([instance]):
        counts["sign-in account (closed, name and email removed)"] += 1
    return dict(counts)


def _tombstone(*, instance, kind: str, counts: dict, reason: str, by, what: str) -> Erasure:
    return Erasure.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        description=f"{instance._meta.verbose_name.capitalize()} {instance.pk}: {what}"[:300],
        rows=counts,
        reason=reason,
        by=by,
    )


@transaction.atomic
def record_erase(*, instance, by, reason: str, kind: str = "") -> Erasure:
    """Erase one record, its dependants and all their audit history, leaving a tombstone.

    The person's sign-in is closed too (name and email removed), unless it still belongs to another of
    their records. A record other records still need (a coordinator's profile, say) is refused with a
    message saying what to change first.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": NEED_REASON})
    collector = _collect([instance])
    rows = _rows(collector)
    accounts = _accounts_to_close([instance])
    counts = Counter(row._meta.label for row in rows)
    for row in [*rows, *accounts]:
        history_erase(instance=row, actor=by, reason=reason)
    keys = {(ContentType.objects.get_for_model(row).pk, row.pk) for row in rows}
    erasure = _tombstone(instance=instance, kind=kind, counts=dict(counts), reason=reason, by=by, what="erased")
    collector.delete()
    with disable_auditlog():
        for account in accounts:
            _close_account(account)
    for content_type_id in {key[0] for key in keys}:
        RecordReview.objects.filter(
            content_type_id=content_type_id, object_id__in=[pk for ct, pk in keys if ct == content_type_id]
        ).update(status=RecordReview.Status.ERASED, label=erasure.description[:200], keep_until=None)
    return erasure


@transaction.atomic
def review_erase(*, review: RecordReview, by, reason: str) -> Erasure:
    """Erase a record due for review, and record the decision."""
    if not reason.strip():
        raise ValidationError({"reason": NEED_REASON})
    review = _due(review)
    instance = review.content_type.get_object_for_this_type(pk=review.object_id)
    ReviewDecision.objects.create(review=review, decision=ReviewDecision.Decision.ERASE, reason=reason.strip(), by=by)
    return record_erase(instance=instance, by=by, reason=reason, kind=review.kind)


@transaction.atomic
def record_forget(*, instance, by, reason: str, forget) -> Erasure:
    """Keep a record's row for the figures but forget who it was about: ``forget()`` makes the record's
    own changes (a name replaced, notes emptied); the audit history of the row and its dependants, which
    holds the old values, is erased; and a tombstone says it was done, when, by whom and why."""
    rows = _rows(_collect([instance]))
    for row in rows:
        history_erase(instance=row, actor=by, reason=reason)
    with disable_auditlog():
        forget()
    counts = Counter(row._meta.label for row in rows)
    return _tombstone(instance=instance, kind="", counts=dict(counts), reason=reason, by=by, what="details removed")
