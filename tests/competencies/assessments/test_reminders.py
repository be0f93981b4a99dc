import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from competencies.assessments.tasks import send_reassessment_reminders
from competencies.models import ReassessmentReminder
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from workforce.common.dates import add_months


@pytest.fixture
def signed_off(world):
    framework = small_framework()
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    assessment = sign_off(assessment, framework, world.user("line_manager"))
    return assessment


def _age(assessment, months):
    assessment.signed_off_at = timezone.now() - datetime.timedelta(days=31 * months)
    assessment.save(update_fields=["signed_off_at"])


def test_reminder_is_sent_once_when_the_assessment_is_older_than_the_service_period(signed_off):
    _age(signed_off, 13)
    call_command("send_reassessment_reminders")
    assert [message.to for message in mail.outbox] == [[signed_off.staff.user.email]]
    assert "every 12 months" in mail.outbox[0].body
    call_command("send_reassessment_reminders")
    assert len(mail.outbox) == 1
    assert ReassessmentReminder.objects.filter(assessment=signed_off).count() == 1


def test_no_reminder_within_the_period_or_with_an_assessment_under_way(signed_off, world):
    _age(signed_off, 11)
    call_command("send_reassessment_reminders")
    assert mail.outbox == []
    _age(signed_off, 13)
    start(world.profile("staff_member"), small_framework())
    call_command("send_reassessment_reminders")
    assert mail.outbox == []


def test_service_period_is_used(signed_off):
    service = signed_off.staff.service
    service.reassessment_months = 6
    service.save()
    _age(signed_off, 7)
    assert send_reassessment_reminders.enqueue().return_value == 1


def test_banner_shows_on_their_pages_when_due(client, signed_off):
    client.force_login(signed_off.staff.user)
    assert "Time to assess yourself again" not in client.get(reverse("competencies:assessment-list")).content.decode()
    _age(signed_off, 13)
    assert "Time to assess yourself again" in client.get(reverse("competencies:assessment-list")).content.decode()
    detail = reverse("competencies:assessment-detail", args=[signed_off.pk])
    assert "Time to assess yourself again" in client.get(detail).content.decode()


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 12) == datetime.date(2027, 11, 15)
