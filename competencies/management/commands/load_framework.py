from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competencies.framework.exchange.structure import FileProblems
from competencies.framework.services import SHIPPED_FILE, framework_load_shipped


class Command(BaseCommand):
    help = "Load and publish the shipped L&D framework (safe to run again: a loaded version is left alone)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=SHIPPED_FILE, help="A framework file in the project's JSON format."
        )

    def handle(self, *args, file: Path, **options):
        try:
            version, created = framework_load_shipped(path=file)
        except FileProblems as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"The framework file has problems:\n{lines}") from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded and published {version}."))
        else:
            self.stdout.write(f"{version} is already loaded; nothing changed.")
