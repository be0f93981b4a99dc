"""Time ``manage.py generate_synthetic`` on PostgreSQL: wall time, CPU of this process and of the database
server process, peak memory, rows, and the load average of the machine before and after.

The database is made fresh for each run, as a copy of a template database that has been migrated and has the
framework loaded (making that takes about a minute, so it is kept for the next run):

    .venv/bin/python benchmarks/synthetic.py national
    .venv/bin/python benchmarks/synthetic.py 10x --seed 7 --keep

Options: ``--server`` (default postgres://postgres@127.0.0.1:5432), ``--template`` (default ld_syn_template),
``--database`` (default ld_syn_bench_<scale>), ``--keep`` to leave the database for a load test afterwards.
The server's CPU is read from /proc, so it is only shown when PostgreSQL runs on this machine.
"""

import argparse
import io
import os
import resource
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def server_cpu(pid: int) -> float | None:
    """CPU seconds (user and system) used so far by the PostgreSQL process serving this connection."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def by_stage(pid: int) -> list[tuple[str, int, float, float, float | None]]:
    """Wrap the command's progress phases to note, for each, the CPU used here and in the server."""
    from cms.synthetic.core import Progress

    stages, marks = [], {}
    start, finish = Progress.start, Progress.finish

    def timed_start(self, *args, **kwargs):
        marks["here"], marks["there"] = time.process_time(), server_cpu(pid)
        start(self, *args, **kwargs)

    def timed_finish(self):
        finish(self)
        name, rows, seconds = self.phases[-1]
        there = server_cpu(pid)
        used = there - marks["there"] if there is not None and marks["there"] is not None else None
        stages.append((name, rows, seconds, time.process_time() - marks["here"], used))

    Progress.start, Progress.finish = timed_start, timed_finish
    return stages


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def database_exists(server: str, name: str) -> bool:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def recreate(server: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=["demo", "national", "10x"])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--template", default="ld_syn_template")
    parser.add_argument("--database")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    name = args.database or f"ld_syn_bench_{args.scale}"
    if not name.startswith("ld_syn_") or not args.template.startswith("ld_syn_"):
        parser.error("Database names must start with ld_syn_ so a real database is never dropped.")

    import django
    from django.core.management import call_command

    if not database_exists(args.server, args.template):
        print(f"Making the template database {args.template} (migrate and load_framework)...", file=sys.stderr)
        recreate(args.server, args.template)
        os.environ["DATABASE_URL"] = f"{args.server}/{args.template}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_framework", stdout=io.StringIO())
        from django.db import connections

        connections.close_all()
    recreate(args.server, name, args.template)
    os.environ["DATABASE_URL"] = f"{args.server}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stages = by_stage(pid)
    server_before = server_cpu(pid)
    load_before = load()
    out = io.StringIO()
    started, cpu_started = time.monotonic(), time.process_time()
    call_command("generate_synthetic", "--scale", args.scale, "--seed", str(args.seed), stdout=out)
    wall, cpu = time.monotonic() - started, time.process_time() - cpu_started
    server_after = server_cpu(pid)
    print(out.getvalue())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server = f"{server_after - server_before:.1f} s" if server_before is not None and server_after else "not local"
    print("| stage | rows | wall | CPU here | CPU in PostgreSQL |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for stage, rows, seconds, here, there in stages:
        there = f"{there:.1f} s" if there is not None else "not local"
        print(f"| {stage} | {rows:,} | {seconds:.1f} s | {here:.1f} s | {there} |")
    print()
    print("| scale | wall | CPU here | CPU in PostgreSQL | peak memory | load before | load after |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {args.scale} | {wall:.1f} s | {cpu:.1f} s | {server} | {peak:.0f} MB | {load_before} | {load()} |")
    if not args.keep:
        connection.close()
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')


if __name__ == "__main__":
    main()
