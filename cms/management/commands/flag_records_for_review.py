from django.core.management.base import BaseCommand

from cms.records.services import records_flag_due


class Command(BaseCommand):
    help = (
        "Put records whose retention period (RECORDS_RETENTION) has ended in the review queue. Run it daily. "
        "It never deletes anything: a service manager or administrator decides about each record."
    )

    def handle(self, *args, **options):
        flagged = records_flag_due()
        self.stdout.write(f"{flagged} record(s) newly due for review.")
