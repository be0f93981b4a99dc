"""How long importing a framework takes in each format, at 500, 1,000 and 2,000 competences.

Run with ``.venv/bin/python benchmarks/framework_import.py``. It builds a throwaway SQLite database,
generates a framework (ten domains, nine role profiles, each competence expected by three of them),
exports it in every format and times parsing, validating and writing each file into an empty database
(best of five runs).
Target: each import of 2,000 competences under 5 seconds, growing no faster than the row count.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="framework-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from competencies.framework.exchange.formats import FORMATS, parse_upload
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FrameworkData,
    LevelRow,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
)
from competencies.framework.services import framework_file_import, framework_import
from competencies.models import Framework  # noqa: E402

SIZES = (500, 1000, 2000)
SCALE = ["Not yet", "Developing", "Competent", "Proficient", "Expert"]


def generate(count: int) -> FrameworkData:
    data = FrameworkData(
        name="Benchmark framework",
        slug="benchmark-framework",
        version_number=1,
        description="Generated for timing imports.",
        owner="Benchmarks",
    )
    data.service_areas = [ServiceAreaRow("area", "Area")]
    data.levels = [LevelRow(n, f"Level {n}", "A level.") for n in range(1, 10)]
    data.roles = [RoleRow(f"role-{n}", f"Role {n}") for n in range(1, 10)]
    data.scale = [ScaleRow(n, label, f"{label}.", n >= 2) for n, label in enumerate(SCALE)]
    data.profiles = [
        ProfileRow(f"profile-{n}", f"Profile {n}", f"role-{n}", n, "area", "Summary.", "One\nTwo") for n in range(1, 10)
    ]
    data.domains = [DomainRow(f"D{n:02d}", f"Domain {n}", "What the domain covers.") for n in range(10)]
    for n in range(count):
        code = f"C{n:05d}"
        # Every fifth competence sits under the one before it, so the tree has two levels.
        parent = f"C{n - 1:05d}" if n % 5 == 4 else ""
        data.competences.append(
            CompetenceRow(
                code,
                f"Competence number {n}, about court and custody work",
                f"D{n % 10:02d}",
                parent,
                "What the person does, in a sentence or two of plain English, as a competence would say it.",
                "What they need to know and understand, in a sentence or two, as a competence would say it.",
                "SFHXX1" if n % 3 == 0 else "",
            )
        )
        for k in range(3):
            profile = (n + k * 3) % 9 + 1
            data.expectations.append(ExpectationRow(f"profile-{profile}", code, SCALE[1 + (profile % 4)], k != 2))
    return data


def empty():
    with connection.cursor() as cursor:
        for table in (
            "competencies_expectation",
            "competencies_competence",
            "competencies_competencedomain",
            "competencies_roleprofile",
            "competencies_role",
            "competencies_careerlevel",
            "competencies_servicearea",
            "competencies_scalevalue",
            "competencies_frameworkversion",
            "competencies_framework",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)


def time_import(raw: bytes, fmt: str, filename: str, into_factory=None, repeats: int = 5) -> tuple[float, float]:
    """Wall-clock and CPU seconds, each the best of a few runs: the machine is shared, and the CPU time
    shows how the work itself grows when other jobs hold up the clock."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        empty()
        into = into_factory() if into_factory else None
        start, start_cpu = time.perf_counter(), time.process_time()
        data = parse_upload(raw=raw, filename=filename, fmt=fmt)
        framework_file_import(data=data, into=into)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def draft_with_structure(data: FrameworkData):
    """A draft holding everything but the competences, for the CSV, which carries competences only."""
    seed = FrameworkData(
        **{
            **data.__dict__,
            "competences": data.competences[:1],
            "expectations": [e for e in data.expectations if e.competence == data.competences[0].code],
        }
    )
    return lambda: framework_import(data=seed)


def main():
    print(f"Migrating a throwaway database in {WORK} ...")
    call_command("migrate", verbosity=0)
    names = {"xlsx": "f.xlsx", "csv": "f.csv", "moodle": "f.csv", "case": "f.json", "native": "f.json"}
    results = {}
    for size in SIZES:
        data = generate(size)
        for fmt, spec in FORMATS.items():
            raw = spec.export(data)
            into = draft_with_structure(data) if fmt == "csv" else None
            wall, cpu = time_import(raw, fmt, names[fmt], into)
            results[(fmt, size)] = (wall, cpu, len(raw))
            assert Framework.objects.count() == 1
    print("\nSeconds to parse, validate and write (wall clock / CPU), and the file's size")
    print(
        f"{'format':<8} "
        + " ".join(f"{f'{size:,} competences':>24}" for size in SIZES)
        + "   CPU growth: 500 to 2,000 (rows 4x), 1,000 to 2,000 (rows 2x)"
    )
    for fmt in FORMATS:
        cells = " ".join(
            f"{results[(fmt, s)][0]:>6.2f} / {results[(fmt, s)][1]:>5.2f} {results[(fmt, s)][2] // 1024:>6} KB"
            for s in SIZES
        )
        growth = [results[(fmt, SIZES[-1])][1] / results[(fmt, size)][1] for size in SIZES[:-1]]
        print(f"{fmt:<8} {cells}   {growth[0]:>5.1f}x {growth[1]:>5.1f}x")
    worst = max(results[(fmt, SIZES[-1])][0] for fmt in FORMATS)
    print(f"\nSlowest import of {SIZES[-1]:,} competences: {worst:.2f} s wall clock (target under 5 s).")


if __name__ == "__main__":
    main()
