"""Background work for youth-led training, run daily by ``manage.py send_training_follow_ups``."""

from django.tasks import task

from workforce.training import services as training_services


@task
def send_training_follow_ups() -> int:
    """Ask attendees what changed, three months after their session. Each person is asked once."""
    return training_services.follow_ups_send()
