from django.tasks import task
from django.utils import timezone

from competencies.assessments.services import reassessment_reminders_send


@task
def send_reassessment_reminders() -> int:
    """The daily reminder run, for a task worker; returns how many emails were sent."""
    return reassessment_reminders_send(today=timezone.localdate())
