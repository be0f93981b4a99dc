"""Adding and removing a rating's files and links. Only the person, while the assessment can still be
changed; each add and remove is in the audit trail (workforce.audit registry)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from competencies.evidence.models import EvidenceItem
from competencies.models import Assessment, Rating
from workforce.common.file_checks import SIGNATURES, validate_upload

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ITEMS = 10
KINDS = {kind: SIGNATURES[kind] for kind in ("pdf", "docx", "odt", "xlsx", "png", "jpg", "jpeg")}
NOT_YOURS = "Only the person being assessed can add or remove their evidence, while the assessment is open."
TOO_MANY = f"A competence can have up to {MAX_ITEMS} files and links. Remove one before adding another."


def _check(*, rating: Rating, by) -> None:
    """Read from the database, locked, so a submission made meanwhile (another tab) is seen."""
    assessment = Assessment.objects.select_for_update().select_related("staff").get(pk=rating.assessment_id)
    if assessment.staff.user_id != by.pk or not assessment.is_editable:
        raise ValidationError(NOT_YOURS)


@transaction.atomic
def evidence_add(*, rating: Rating, by, title: str, file=None, link: str = "") -> EvidenceItem:
    _check(rating=rating, by=by)
    if EvidenceItem.objects.filter(rating=rating).count() >= MAX_ITEMS:
        raise ValidationError(TOO_MANY)
    if bool(file) == bool(link):
        raise ValidationError("Upload a file or give a web link: one of the two, not both.")
    if file:
        try:
            validate_upload(file, kinds=KINDS, max_size=MAX_FILE_SIZE)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    item = EvidenceItem(rating=rating, title=title.strip(), link=link, added_by=by)
    if file:
        item.file.save(file.name, file, save=False)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def evidence_remove(*, item: EvidenceItem, by) -> None:
    _check(rating=item.rating, by=by)
    stored = item.file.name if item.file else ""
    storage = item.file.storage if item.file else None
    item.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
