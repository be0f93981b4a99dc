"""Export, import and preview of a framework of 10,000 competences, five levels deep, with associations.

Run with ``.venv/bin/python benchmarks/framework_exchange.py``. It builds a throwaway SQLite database and a
generated framework (ten domains, each competence four levels down at most, so five levels with the domain;
every competence cross-referenced to another, which Moodle carries as cross-references and CASE as
isRelatedTo associations; nine role profiles, each competence expected by three). For every format it
times the export, the import into an empty database (parse, check, write) and the preview of the same file
against the draft it made (every row compared), and reports the peak resident memory while each format
was exported, imported and previewed (Linux's VmHWM; elsewhere the process's peak). Each format runs in a
process of its own, as a worker would serve it, with Django and Wagtail loaded (about 150 MB before any
work). The database is migrated by a separate process first, as a deployment does, so the figures are what
a worker uses, not the migration machinery.
Targets (2 cores): each export and import under 5 s, the preview under 3 s, peak memory under 300 MB.
"""

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="framework-exchange-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
# The per-format processes (below) use the database their parent migrated.
DATABASE_URL = os.environ["DATABASE_URL"] = (
    os.environ.get("EXCHANGE_BENCH_DATABASE") or f"sqlite:///{WORK}/bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from benchmarks.framework_import import draft_with_structure, empty  # noqa: E402
from competencies.framework.exchange import case  # noqa: E402
from competencies.framework.exchange.formats import FORMATS, parse_upload  # noqa: E402
from competencies.framework.exchange.structure import (  # noqa: E402
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
from competencies.framework.selectors import import_preview  # noqa: E402
from competencies.framework.services import framework_file_import  # noqa: E402

COUNT = 10_000
SCALE = ["Not yet", "Developing", "Competent", "Proficient", "Expert"]
NAMES = {"xlsx": "f.xlsx", "csv": "f.csv", "moodle": "f.csv", "case": "f.json", "native": "f.json"}


def generate(count: int = COUNT) -> FrameworkData:
    data = FrameworkData(
        name="Benchmark framework",
        slug="benchmark-framework",
        version_number=1,
        description="Generated for timing exchange.",
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
        domain = n // 4 % 10
        # Runs of four: each sits under the one before, so competences go four deep below their domain.
        parent = f"C{n - 1:05d}" if n % 4 else ""
        related = f"C{(n + 7) % count:05d}"
        data.competences.append(
            CompetenceRow(
                code,
                f"Competence number {n}, about court and custody work",
                f"D{domain:02d}",
                parent,
                "What the person does, in a sentence or two of plain English, as a competence would say it.",
                "" if n % 2 else "What they need to know and understand, in a sentence or two.",
                "SFHXX1" if n % 3 == 0 else "",
                extra={
                    "moodle": {"related": [related]},
                    "case": {
                        "associations": [
                            {
                                "identifier": f"rel-{n}",
                                "uri": f"https://example.org/rel-{n}",
                                "associationType": "isRelatedTo",
                                "originNodeURI": {"identifier": case._id(data.slug, "Competence", code)},
                                "destinationNodeURI": {"identifier": case._id(data.slug, "Competence", related)},
                            }
                        ]
                    },
                },
            )
        )
        for k in range(3):
            profile = (n + k * 3) % 9 + 1
            data.expectations.append(ExpectationRow(f"profile-{profile}", code, SCALE[1 + (profile % 4)], k != 2))
    # Domains keep their runs in file order.
    data.competences.sort(key=lambda c: (c.domain, c.code))
    return data


def best(fn, repeats=1):
    """Wall-clock and CPU seconds, each the best of a few runs: on a shared machine the CPU time shows the
    work itself when other jobs hold up the clock."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return (wall, cpu), result


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak() -> int:
    """Peak resident bytes since the last reset (Linux), else the process's peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(fmt: str) -> dict:
    """Export, import and preview in one format, in this process (a worker serving those three requests)."""
    spec = FORMATS[fmt]
    data = generate()
    _reset_peak()
    export_s, raw = best(lambda data=data: spec.export(data))
    into_factory = draft_with_structure(data) if fmt == "csv" else None
    del data

    def do_import():
        empty()
        into = into_factory() if into_factory else None
        return framework_file_import(
            data=parse_upload(raw=raw, filename=NAMES[fmt], fmt=fmt), into=into, whole=spec.whole
        )

    import_s, version = best(do_import)

    def do_preview():
        preview = import_preview(
            data=parse_upload(raw=raw, filename=NAMES[fmt], fmt=fmt), into=version, whole=spec.whole
        )
        assert preview.ok, preview.problems[:3]
        return preview

    preview_s, preview = best(do_preview)
    competences = next(k for k in preview.kinds if k.kind == "Competences")
    assert len(competences.kept) + len(competences.changed) == COUNT, fmt
    return {"size": len(raw), "export": export_s, "import": import_s, "preview": preview_s, "peak": _peak()}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--format":
        print(json.dumps(measure(sys.argv[2])))
        return
    print(f"Migrating a throwaway database in {WORK} ...")
    # framework_import sets DATABASE_URL to its own database when imported, so this one is named here.
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "EXCHANGE_BENCH_DATABASE": DATABASE_URL}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity=0"], check=True, env=env)
    rows = []
    for fmt in FORMATS:
        # Each format in a process of its own, as a worker would serve it: memory one format leaves
        # allocated (Python seldom hands it back) is not counted against the next.
        done = subprocess.run(
            [sys.executable, __file__, "--format", fmt], check=True, env=env, capture_output=True, text=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((fmt, result["size"], result["export"], result["import"], result["preview"], result["peak"]))
        print(f"{fmt}: done", flush=True)

    print(f"\n{COUNT:,} competences, five levels deep, with associations (seconds: wall clock / CPU)")
    print(f"{'format':<8} {'file':>9} {'export':>13} {'import':>13} {'preview':>13} {'peak RSS':>16}")
    for fmt, size, export_s, import_s, preview_s, peak in rows:
        cells = " ".join(f"{wall:>6.2f}/{cpu:>6.2f}" for wall, cpu in (export_s, import_s, preview_s))
        print(f"{fmt:<8} {size / 1e6:>7.1f}MB {cells} {peak / 1e6:>14.0f}MB")
    slow = [r[0] for r in rows if r[2][1] > 5 or r[3][1] > 5 or r[4][1] > 3 or r[5] > 300e6]
    print("\nAll within the targets (CPU time)." if not slow else f"\nOver a target: {', '.join(slow)}")


if __name__ == "__main__":
    main()
