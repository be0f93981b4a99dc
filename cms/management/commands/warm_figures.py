from django.core.management.base import BaseCommand

from cms.figures.tasks import warm_figures


class Command(BaseCommand):
    help = (
        "Work out the commissioners' figures for England, each region and each service, for the last 12 and "
        "the last 3 months, and keep them in the cache, so the dashboard opens at once. Run it every 10 minutes "
        "(more often than FIGURES_CACHE_SECONDS)."
    )

    def handle(self, *args, **options):
        result = warm_figures.enqueue()
        if not result.is_finished:
            self.stdout.write("The figures are queued to be worked out.")
        elif result.return_value:
            self.stdout.write(f"Worked out and kept {result.return_value} sets of figures.")
        else:
            self.stdout.write("Nothing kept: FIGURES_CACHE_SECONDS is 0, so the figures are worked out on each visit.")
