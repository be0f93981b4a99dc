"""``manage.py generate_synthetic --scale demo|national|10x [--seed N]``: synthetic data for scale tests."""

import time

from auditlog.context import disable_auditlog
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cms.synthetic import assessments, networks, peers, training, workforce
from cms.synthetic.core import SCALES, Progress, Run, Writer, refusal
from competencies.framework.services import framework_load_shipped
from competencies.models import FrameworkVersion

# Each area in turn: later areas build on what earlier ones made (people, then sessions their plans name).
AREAS = (workforce, training, assessments, peers, networks)
# Scales that keep PostgreSQL's reference checks on, so the tests prove every reference the data makes.
CHECKED_SCALES = {"demo"}


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic synthetic data for load tests: demo (small and quick), national "
        "(about England) or 10x (ten times England). The same seed on the same day gives the same data. Refuses "
        "a database that holds anyone but synthetic or demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, choices=sorted(SCALES), help="How much data to make.")
        parser.add_argument("--seed", type=int, default=2026, help="The random seed (default 2026).")
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args, scale: str, seed: int, quiet: bool, **options):
        problem = refusal()
        if problem:
            raise CommandError(problem)
        if not FrameworkVersion.objects.published().exists():
            framework_load_shipped()
            self.stdout.write("Loaded and published the shipped framework first.")
        progress = Progress(self.stderr._out, quiet=quiet)
        writer = Writer(progress)
        run = Run(scale=SCALES[scale], seed=seed, writer=writer, today=timezone.localdate())
        started = time.monotonic()
        # Synthetic rows are not changes anyone made: the audit trail records none of them.
        with disable_auditlog(), transaction.atomic():
            if scale not in CHECKED_SCALES and writer.skip_reference_checks():
                self.stdout.write(
                    "Reference checks are off for this transaction (session_replication_role = replica): the rows "
                    "are made consistent here, and the demo scale, which keeps every check, is how the tests prove it."
                )
            for area in AREAS:
                area.generate(run)
            progress.start("indexes", unit="indexes")
            writer.rebuild_indexes()
            writer.reset_sequences()
            progress.finish()
        progress.start("planner statistics", unit="tables")
        writer.analyze()
        progress.finish()
        elapsed = time.monotonic() - started
        total = sum(writer.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Made {total:,} rows of synthetic data ({scale}, seed {seed}) in {elapsed:.1f} s.")
        )
        self.stdout.write("Time by stage:")
        for name, rows, seconds in progress.phases:
            self.stdout.write(f"  {name:<28} {rows:>12,} {seconds:>8.1f} s")
        self.stdout.write("Rows by table:")
        for table, count in sorted(writer.counts.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {table:<40} {count:>12,}")
        self.stdout.write(
            "Every synthetic account uses the demo password and the demo authenticator key (see load_demo_data)."
        )
