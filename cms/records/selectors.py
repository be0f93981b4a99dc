"""Reads for the record's whole life, filtered by who is asking.

A service manager reaches their own service's records; an administrator every record, including young
experts', who belong to a youth organisation rather than a service. Everyone else reaches none.
"""

from django.apps import apps
from django.http import Http404

from cms.records.export import Subject, subject_of
from cms.records.models import RecordReview, ReviewDecision
from workforce.permissions import is_administrator, is_service_manager

RECENT_DECISIONS = 20


def _service_id(user) -> int | None:
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.service_id if profile is not None else None


def reviews_for(*, user):
    if is_administrator(user):
        return RecordReview.objects.all()
    if is_service_manager(user) and _service_id(user) is not None:
        return RecordReview.objects.in_service(_service_id(user))
    return RecordReview.objects.none()


def due_reviews_for(*, user):
    return reviews_for(user=user).due().select_related("service")


def review_for(*, user, pk: int) -> RecordReview:
    review = due_reviews_for(user=user).select_related("content_type").filter(pk=pk).first()
    if review is None:
        raise Http404("There is no record waiting for review here.")
    return review


def recent_decisions_for(*, user):
    return (
        ReviewDecision.objects.filter(review__in=reviews_for(user=user))
        .select_related("review", "by")
        .order_by("-at", "-pk")[:RECENT_DECISIONS]
    )


# The kinds of person a subject access export can be made for, and the model of each.
PERSON_KINDS = {
    "staff": ("workforce", "StaffProfile"),
    "peer": ("peernet", "Peer"),
    "young_expert": ("workforce", "YoungExpert"),
}


def people_for(*, user) -> dict[str, object]:
    """The people whose records this user may export, by kind."""
    staff = apps.get_model("workforce", "StaffProfile").objects.select_related("user", "service")
    peers = apps.get_model("peernet", "Peer").objects.select_related("service")
    experts = apps.get_model("workforce", "YoungExpert").objects.select_related("organisation")
    if is_administrator(user):
        return {"staff": staff, "peer": peers, "young_expert": experts}
    service_id = _service_id(user) if is_service_manager(user) else None
    if service_id is None:
        return {"staff": staff.none(), "peer": peers.none(), "young_expert": experts.none()}
    return {
        "staff": staff.filter(service_id=service_id),
        "peer": peers.filter(service_id=service_id),
        "young_expert": experts.none(),
    }


def person_for(*, user, kind: str, pk: int) -> Subject:
    people = people_for(user=user)
    record = people[kind].filter(pk=pk).first() if kind in people else None
    if record is None:
        raise Http404("There is no one you can see here.")
    return subject_of(record)


def own_subject(*, user) -> Subject | None:
    """The signed-in person, if the site holds a staff, peer or young expert record about them."""
    if not user.is_authenticated:
        return None
    for name in ("peer", "young_expert", "staff_profile"):
        record = getattr(user, name, None) if hasattr(user, name) else None
        if record is not None:
            return subject_of(record)
    return None
