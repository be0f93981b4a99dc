from django.shortcuts import get_object_or_404

from competencies.evidence.models import EvidenceItem
from competencies.models import Assessment, Rating


def rating_for(*, assessment: Assessment, pk: int) -> Rating:
    """One rating of an assessment the user already may open; any other answers 404."""
    return get_object_or_404(
        Rating.objects.select_related("competence").prefetch_related("evidence_items"), pk=pk, assessment=assessment
    )


def evidence_for(*, assessment: Assessment, pk: int) -> EvidenceItem:
    return get_object_or_404(EvidenceItem.objects.select_related("rating"), pk=pk, rating__assessment=assessment)
