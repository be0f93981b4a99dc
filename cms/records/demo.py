"""Demo records: a practitioner who left Riverside years ago, so the review queue has one record to decide.

Safe to run again: the profile is found by its email, and flagging never flags a record twice.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.records.services import records_flag_due
from workforce.models import Service, StaffProfile

EMAIL = "sam.former@example.org"
LEFT_YEARS_AGO = 7


def load() -> None:
    service = Service.objects.filter(name__startswith="Riverside").first()
    if service is None:
        return
    user, _ = get_user_model().objects.get_or_create(
        username=EMAIL, defaults={"email": EMAIL, "first_name": "Sam", "last_name": "Former", "is_active": False}
    )
    left = timezone.now() - datetime.timedelta(days=365 * LEFT_YEARS_AGO)
    get_user_model().objects.filter(pk=user.pk).update(last_login=left, date_joined=left)
    StaffProfile.objects.get_or_create(
        user=user, defaults={"service": service, "job_title": "Practitioner", "active": False}
    )
    records_flag_due()
