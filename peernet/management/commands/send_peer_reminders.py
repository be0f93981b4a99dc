from django.core.management.base import BaseCommand

from peernet.journeys.tasks import send_peer_reminders


class Command(BaseCommand):
    help = "Email peer coordinators about overdue reviews and supervision and expiring checks. Run daily."

    def handle(self, *args, **options):
        result = send_peer_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Sent {result.return_value} reminder emails.")
        else:
            self.stdout.write("Reminders are queued.")
