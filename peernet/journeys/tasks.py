"""Background work for peer journeys, runnable through Django's task framework."""

from django.tasks import task

from peernet.journeys.services import reminders_send


@task
def send_peer_reminders() -> int:
    """Email coordinators about overdue reviews and supervision and expiring checks, once each."""
    return reminders_send()
