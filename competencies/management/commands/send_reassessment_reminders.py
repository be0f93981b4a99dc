import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from competencies.assessments.services import reassessment_reminders_send


class Command(BaseCommand):
    help = "Email staff whose latest signed-off self-assessment is older than their service's period. Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Run as if it were this date.")

    def handle(self, *args, today=None, **options):
        sent = reassessment_reminders_send(today=today or timezone.localdate())
        self.stdout.write(f"Sent {sent} reassessment reminder{'s' if sent != 1 else ''}.")
