"""Reads of downloads, always of the person asking: nobody sees another person's files."""

from django.db.models import QuerySet

from workforce.downloads.models import Download


def downloads_of(*, user) -> QuerySet[Download]:
    if not user.is_authenticated:
        return Download.objects.none()
    return Download.objects.filter(requested_by=user)
