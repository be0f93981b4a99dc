from django.core.management.base import BaseCommand

from workforce.training.tasks import send_training_follow_ups


class Command(BaseCommand):
    help = "Email attendees of youth-led sessions held three months ago to ask what changed. Run it daily."

    def handle(self, *args, **options):
        result = send_training_follow_ups.enqueue()
        if result.is_finished:
            self.stdout.write(f"Follow-up emails sent: {result.return_value}")
        else:
            self.stdout.write("The follow-up emails are queued.")
