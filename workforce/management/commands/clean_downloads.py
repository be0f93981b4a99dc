from django.core.management.base import BaseCommand

from workforce.downloads.tasks import clean_downloads


class Command(BaseCommand):
    help = (
        "Delete downloaded files a day after they were asked for, and old finished background tasks; mark "
        "files an hour late as not made. Run daily."
    )

    def handle(self, *args, **options):
        result = clean_downloads.enqueue()
        if not result.is_finished:
            self.stdout.write("The clean is queued.")
            return
        stalled, deleted, forgotten = result.return_value
        self.stdout.write(
            f"Deleted {deleted} expired download{'s' if deleted != 1 else ''} "
            f"and {forgotten} finished background task{'s' if forgotten != 1 else ''}."
        )
        if stalled:
            self.stdout.write(f"Marked {stalled} download{'s' if stalled != 1 else ''} not made in time as failed.")
