"""What every area of the synthetic data shares: the sizes, the bulk writer, the progress line and the safety rule."""

import datetime
import json
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from competencies.models import Assessment
from peernet.models import Peer
from workforce.people.demo import DOMAIN as DEMO_DOMAIN

SYNTHETIC_DOMAIN = "synthetic.example"


@dataclass(frozen=True)
class Scale:
    """How much of everything one ``--scale`` makes."""

    services: int
    staff: int
    assessments: int
    peers: int
    sessions: int
    feedback: int
    resources: int
    young_experts: int


SCALES = {
    # Small and quick: enough of everything to click through every page.
    "demo": Scale(
        services=3, staff=40, assessments=50, peers=12, sessions=6, feedback=40, resources=12, young_experts=6
    ),
    # About England: two services in every region, so every regional network has teams to visit each other.
    "national": Scale(
        services=14,
        staff=3_000,
        assessments=30_000,
        peers=400,
        sessions=200,
        feedback=5_000,
        resources=500,
        young_experts=40,
    ),
    # Ten times England, the size the load targets are measured at.
    "10x": Scale(
        services=40,
        staff=30_000,
        assessments=300_000,
        peers=4_000,
        sessions=2_000,
        feedback=50_000,
        resources=5_000,
        young_experts=400,
    ),
}

YEARS = 5


def refusal() -> str | None:
    """Why this database must not get synthetic data, or None if it may.

    The rule: every account is a synthetic one (``@synthetic.example``) or a demo one (``@example.org``),
    and so is everyone an assessment or a peer record belongs to. Anything else is taken for real data.
    Synthetic data already there is refused too, since a second run would clash with the first.
    """
    ours = models.Q(email__iendswith=f"@{SYNTHETIC_DOMAIN}") | models.Q(email__iendswith=f"@{DEMO_DOMAIN}")
    users = get_user_model().objects
    others = users.exclude(ours)
    count = others.count()
    if count:
        example = others.order_by("pk").values_list("email", flat=True).first() or "(no email)"
        return (
            f"This database holds {count} account(s) that are neither synthetic (@{SYNTHETIC_DOMAIN}) nor demo "
            f"(@{DEMO_DOMAIN}), for example {example}, so it may hold real data and nothing was written. Run "
            "generate_synthetic against a new, empty database: createdb, then manage.py migrate and "
            "manage.py load_framework, and point DATABASE_URL at it."
        )
    staff_ours = models.Q(staff__user__email__iendswith=f"@{SYNTHETIC_DOMAIN}") | models.Q(
        staff__user__email__iendswith=f"@{DEMO_DOMAIN}"
    )
    if Assessment.objects.exclude(staff_ours).exists():
        return (
            "This database holds assessments of people who are not synthetic or demo accounts, so nothing was "
            "written. Run generate_synthetic against a new, empty database."
        )
    coordinator_ours = models.Q(coordinator__user__email__iendswith=f"@{SYNTHETIC_DOMAIN}") | models.Q(
        coordinator__user__email__iendswith=f"@{DEMO_DOMAIN}"
    )
    if Peer.objects.exclude(coordinator_ours).exists():
        return (
            "This database holds peer records coordinated by people who are not synthetic or demo accounts, so "
            "nothing was written. Run generate_synthetic against a new, empty database."
        )
    made = users.filter(email__iendswith=f"@{SYNTHETIC_DOMAIN}").count()
    if made:
        return (
            f"This database already holds synthetic data ({made} synthetic accounts), and a second run would "
            "clash with it. Start again from an empty database: manage.py flush (or dropdb and createdb), then "
            "manage.py migrate and manage.py load_framework."
        )
    return None


class Progress:
    """One line per phase on stderr: what is being made, how many rows so far, how fast, and, where the
    phase knows how many it will make, a bar and the share done."""

    WIDTH = 24

    def __init__(self, stream=None, *, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.phases: list[tuple[str, int, float]] = []
        self._name, self._rows, self._started, self._shown = "", 0, 0.0, 0.0
        self._unit, self._total = "rows", None

    def start(self, name: str, unit: str = "rows", total: int | None = None) -> None:
        self._name, self._rows, self._started, self._shown = name, 0, time.monotonic(), 0.0
        self._unit, self._total = unit, total
        self._show()

    def expect(self, total: int) -> None:
        """How many the current phase will make, once it knows."""
        self._total = total

    def add(self, rows: int) -> None:
        self._rows += rows
        now = time.monotonic()
        if now - self._shown > 0.5:
            self._shown = now
            self._show()

    def finish(self) -> None:
        elapsed = time.monotonic() - self._started
        self.phases.append((self._name, self._rows, elapsed))
        self._show(end="\n")

    def _show(self, end: str = "") -> None:
        if self.quiet:
            return
        elapsed = max(time.monotonic() - self._started, 1e-6)
        rate = self._rows / elapsed
        unit = self._unit
        line = f"{self._name:<24} {self._rows:>12,} {unit} {rate:>10,.0f} {unit}/s {elapsed:>7.1f} s"
        if self._total:
            done = min(1.0, self._rows / self._total)
            filled = int(done * self.WIDTH)
            line += f"  [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>4.0%}"
        self.stream.write("\r" + line + end)
        self.stream.flush()


class Writer:
    """Bulk inserts with ids chosen here, so rows can name each other before they are written.

    On PostgreSQL rows go through COPY (psycopg 3); elsewhere through multi-row INSERTs of prepared values.
    Django's ``bulk_create`` is not used for these: it stamps ``auto_now_add`` fields with the present
    moment, which would put five years of history on one day. Columns a caller leaves out get the field's
    default. After the run ``reset_sequences`` moves each table's id sequence past the ids used.

    On PostgreSQL the first write to a table drops the indexes that can be made again afterwards (see
    ``_defer_indexes``), and ``rebuild_indexes`` makes them again from their saved definitions once every row
    is in, in the same transaction: building an index from all the rows at once is about twice as fast as
    keeping it up to date row by row.
    """

    BATCH = 2_000

    def __init__(self, progress: Progress):
        self.progress = progress
        self.counts: Counter = Counter()
        self.touched: list[type[models.Model]] = []
        self._next: dict[type[models.Model], int] = {}
        self.postgres = connection.vendor == "postgresql"
        self._indexed: set[str] = set()
        self.references_off = False
        self._dropped: list[tuple[str, str]] = []  # (table, CREATE INDEX statement)

    def ids(self, model: type[models.Model], count: int) -> range:
        """``count`` fresh ids for ``model``'s table, above every id it holds."""
        if model not in self._next:
            pk = model._meta.pk
            top = model._base_manager.aggregate(top=models.Max(pk.attname))["top"] or 0
            self._next[model] = top + 1
            if model._meta.auto_field is not None:
                self.touched.append(model)
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        """Insert ``rows`` (tuples in the order of ``columns``, attnames) into ``model``'s own table."""
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        given = [fields[name] for name in columns]
        rest = [f for name, f in fields.items() if name not in columns]
        per_row = [f for f in rest if f.has_default() and callable(f.default)]
        fixed = [f for f in rest if f not in per_row]
        fixed_values = tuple(f.get_default() for f in fixed)
        order = given + fixed + per_row
        json_at = [i for i, f in enumerate(order) if f.get_internal_type() == "JSONField"]
        if self.postgres and not (fixed_values or per_row or json_at):
            # Every column given: the rows go to COPY as they are, in COPY's binary format.
            written = self._copy(model, order, rows, binary=True)
            self.counts[model._meta.db_table] += written
            return written

        def complete(row):
            row = tuple(row) + fixed_values
            if per_row:
                row += tuple(f.get_default() for f in per_row)
            if json_at:
                row = list(row)
                for i in json_at:
                    if not isinstance(row[i], str):
                        row[i] = json.dumps(row[i], cls=DjangoJSONEncoder)
                row = tuple(row)
            return row

        written = (
            self._copy(model, order, map(complete, rows), binary=not json_at)
            if self.postgres
            else self._insert(model, order, rows, complete)
        )
        self.counts[model._meta.db_table] += written
        return written

    def _copy(self, model, order, rows, *, binary: bool) -> int:
        """COPY the rows in. The binary format spares both sides turning every value into text and back (about
        half the time of this process for the largest tables); it needs each column's exact type, read from
        the table. Tables with JSON columns go as text, since their values arrive already encoded."""
        self._defer_indexes(model)
        quote = connection.ops.quote_name
        table = model._meta.db_table
        sql = f"COPY {quote(table)} ({', '.join(quote(f.column) for f in order)}) FROM STDIN"
        written = 0
        with connection.cursor() as cursor:
            types = []
            if binary:
                cursor.execute(
                    "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                    [quote(table)],
                )
                oids = dict(cursor.fetchall())
                types = [oids[f.column] for f in order]
                sql += " (FORMAT BINARY)"
            with cursor.cursor.copy(sql) as copy:
                if types:
                    copy.set_types(types)
                write_row, add = copy.write_row, self.progress.add
                for written, row in enumerate(rows, start=1):
                    write_row(row)
                    if not written % 10_000:
                        add(10_000)
        self.progress.add(written % 10_000)
        return written

    def _defer_indexes(self, model) -> None:
        """Drop the table's indexes that can be made again afterwards, once, keeping their definitions for
        ``rebuild_indexes``: its plain indexes always, and, where the reference checks are off, its unique
        constraints and indexes too (those no foreign key depends on). Keeping a unique index up to date row
        by row costs more than writing the rows; made again from all of them at the end, it still refuses
        the whole run if two rows clash. Where the checks are on, PostgreSQL may not alter a table that has
        checks waiting, so the unique ones stay. Primary keys always stay."""
        table = model._meta.db_table
        if table in self._indexed:
            return
        self._indexed.add(table)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
                "AND c.contype IN ('p', 'u', 'x') "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND (NOT x.indisunique OR %s) "
                "AND (c.contype IS NULL OR c.contype = 'u') "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid) "
                "ORDER BY i.relname",
                [quote(table), self.references_off],
            )
            for name, definition, constraint, constraint_definition in cursor.fetchall():
                if constraint:
                    cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(constraint)}")
                    definition = (
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(constraint)} {constraint_definition}"
                    )
                else:
                    cursor.execute(f"DROP INDEX {quote(name)}")
                self._dropped.append((table, definition))

    def rebuild_indexes(self) -> None:
        """Make again every index ``_defer_indexes`` dropped, with more memory for the sorts than the default.

        PostgreSQL builds no index on a table with foreign key checks still waiting for the commit, so where
        the checks are on they are run first, here, and the rest of the transaction goes back to checking at
        commit.
        """
        if not self._dropped:
            return
        self.progress.expect(len(self._dropped))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _table, definition in self._dropped:
                cursor.execute(definition)
                self.progress.add(1)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self._dropped.clear()

    def analyze(self) -> None:
        """Fresh planner statistics for every table written, so the first queries on the new data plan well."""
        if not self.postgres:
            return
        quote = connection.ops.quote_name
        self.progress.expect(len(self.counts))
        with connection.cursor() as cursor:
            for table in sorted(self.counts):
                cursor.execute(f"ANALYZE {quote(table)}")
                self.progress.add(1)

    def _insert(self, model, order, rows, complete) -> int:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in order)
        placeholders = "(" + ", ".join(["%s"] * len(order)) + ")"
        limit = max(1, min(self.BATCH, 900 // max(1, len(order))))
        written, batch = 0, []

        def flush():
            if not batch:
                return
            params = [value for row in batch for value in row]
            # The table and column names are the model's own, quoted; every value goes as a parameter.
            table = quote(model._meta.db_table)
            rows = ", ".join([placeholders] * len(batch))
            sql = f"INSERT INTO {table} ({columns}) VALUES {rows}"  # nosec B608
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
            self.progress.add(len(batch))
            batch.clear()

        for row in rows:
            values = complete(row)
            batch.append(
                [
                    value
                    if isinstance(value, str) and f.get_internal_type() == "JSONField"
                    else f.get_db_prep_save(value, connection)
                    for f, value in zip(order, values, strict=True)
                ]
            )
            written += 1
            if len(batch) >= limit:
                flush()
        flush()
        return written

    def skip_reference_checks(self) -> bool:
        """On PostgreSQL, as a superuser, turn off the foreign key triggers for the rest of the transaction.

        Django's foreign keys are checked at commit, one lookup per reference: at ten times England's size that
        is tens of millions of lookups, longer than writing the rows. Only a superuser may do this; anyone else
        keeps the checks and waits for them.
        """
        if not self.postgres:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if not (row and row[0]):
                return False
            cursor.execute("SET LOCAL session_replication_role = replica")
        self.references_off = True
        return True

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass
class Run:
    """One run: the sizes, the seeded random source, the writer, the day it is anchored on, and what each
    area made that the later areas build on."""

    scale: Scale
    seed: int
    writer: Writer
    today: datetime.date
    rng: random.Random = field(init=False)
    zone: datetime.tzinfo = field(init=False)
    made: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.zone = timezone.get_current_timezone()

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day(self, days_ago_low: int, days_ago_high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(days_ago_low, days_ago_high))

    def moment(self, day: datetime.date, hour_low: int = 9, hour_high: int = 17) -> datetime.datetime:
        """A time on ``day`` in working hours, aware, in the site's time zone."""
        return datetime.datetime.combine(
            day,
            datetime.time(self.rng.randint(hour_low, hour_high - 1), self.rng.randrange(0, 60, 5)),
            tzinfo=self.zone,
        )
