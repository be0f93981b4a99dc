"""The load harness: the site as production runs it, at a chosen size, driven page by page with wrk.

What it does, in order:

1. makes a PostgreSQL database of its own (``ld_load_<scale>``), migrates it and fills it with
   ``manage.py generate_synthetic --scale <scale>``, while ``collectstatic`` builds the static files;
2. starts gunicorn with the production settings (``cms.settings.production``, the README's gunicorn line,
   ``LOAD_HARNESS`` on so the floor view answers) on a port between 8100 and 8199;
3. chooses a concrete address for every key page from the data (``pages.py``) and signs in over HTTP as
   the person who uses each, with both steps (password, then the demo authenticator key's current code);
4. fetches each page once, gzipped as a browser asks, for its size on the wire;
5. drives each page with wrk at each connection count (1 and 8 unless told), then a mixed workload that
   takes every HTML page in turn (``rotate.lua``);
6. counts each page's database queries in this process with Django's test client, on the same database
   and with the same session;
7. writes ``results/<scale>.json`` and ``results/<scale>.md``, prints the table, and marks each target met
   or not met. Where the other scale's results are there, the query counts are compared with them.

Run: ``make bench`` (national, 10 s a run) or, for example,
``.venv/bin/python benchmarks/load/run.py --scale demo --duration 5``. ``--help`` lists the options.
"""

import argparse
import gzip
import json
import os
import platform
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parents[1]
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(HERE))

from tests.cms.production_helpers import (  # noqa: E402
    Browser,
    production_environment,
    readme_production_steps,
)

RESULTS = HERE / "results"
LUA = HERE / "rotate.lua"
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
PORTS = range(8100, 8200)
DEMO_PASSWORD = "pathways-demo-2026"  # noqa: S105 - the documented password of every demo and synthetic account

# The targets (issue 18). Latency targets are read at one connection, where a page's time is its own and
# not the queue's; the mixed workload's at the highest connection count.
PAGE_RATIO = 3.0
DASHBOARD_P95_MS = 250.0
SEARCH_P95_MS = 100.0
MIXED_RPS = 150.0
PLAIN_PAGE_KB = 150.0
CHART_PAGE_KB = 600.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", help="generate_synthetic's --scale (default national)")
    parser.add_argument("--duration", type=int, default=10, help="seconds each wrk run lasts (default 10)")
    parser.add_argument(
        "--connections",
        default="1,8",
        help="connection counts, comma-separated (default 1,8; the last is the mixed run's)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn, 8100-8199 (default: the first free)")
    parser.add_argument("--database", default="", help="database name, starting ld_load_ (default ld_load_<scale>)")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without a database (default $BENCH_POSTGRES or postgres://postgres@127.0.0.1:5432)",
    )
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the site's cache (default: none, per process)")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="use the database as it is when it already holds synthetic data (skips migrate and generate)",
    )
    parser.add_argument("--keep-database", action="store_true", help="leave the database in place afterwards")
    parser.add_argument("--only", default="", help="page keys to drive, comma-separated (default: all)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads at most (default 2)")
    args = parser.parse_args(argv)
    args.database = args.database or f"ld_load_{re.sub(r'[^a-z0-9_]', '_', args.scale.lower())}"
    if not args.database.startswith("ld_load_"):
        parser.error("--database must start with ld_load_")
    if args.port and args.port not in PORTS:
        parser.error("--port must be between 8100 and 8199")
    args.connection_counts = [int(value) for value in args.connections.split(",") if value.strip()]
    return args


def say(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# --- The database and the site ------------------------------------------------------------------------------


def admin_sql(server: str, sql: str):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else None


def database_exists(server: str, name: str) -> bool:
    return bool(admin_sql(server, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))  # noqa: S608


def holds_synthetic_data(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT count(*) FROM auth_user WHERE email LIKE %s", ("%@synthetic.example",)
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(row and row[0])


def environment(args, work: Path, database_url: str) -> dict[str, str]:
    """Production's settings from the environment, as .env.example asks, with values for this machine: the
    production path test's own, with the floor switched on and persistent connections left as production
    has them (that test turns them off)."""
    env = production_environment(
        work, database_url, SECRET_KEY=f"load-harness-{time.time_ns()}-not-a-real-secret-key-0123456789"
    )
    env.pop("CONN_MAX_AGE")
    env["LOAD_HARNESS"] = "true"
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def manage(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(PYTHON), "manage.py", *argv],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def finish(process: subprocess.Popen, what: str, log: Path) -> None:
    if process.wait() != 0:
        raise SystemExit(f"{what} failed:\n{log.read_text()[-4000:]}")


def prepare_database(args, env: dict[str, str], work: Path) -> dict:
    url = env["DATABASE_URL"]
    collect_log = work / "collectstatic.log"
    collect = manage(["collectstatic", "--no-input", "-v", "0"], env, collect_log)
    made = {"reused": False, "generate_seconds": None}
    if args.reuse_database and database_exists(args.server, args.database) and holds_synthetic_data(url):
        say(f"Using {args.database} as it is (--reuse-database)")
        made["reused"] = True
    else:
        admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin_sql(args.server, f'CREATE DATABASE "{args.database}"')
        say(f"Made database {args.database}; migrating")
        log = work / "migrate.log"
        finish(manage(["migrate", "--no-input", "-v", "0"], env, log), "migrate", log)
        say(f"Filling it: generate_synthetic --scale {args.scale}")
        log = work / "generate.log"
        started = time.monotonic()
        finish(manage(["generate_synthetic", "--scale", args.scale, "--quiet"], env, log), "generate_synthetic", log)
        made["generate_seconds"] = round(time.monotonic() - started, 1)
        say(f"Generated in {made['generate_seconds']} s")
        made["generate_output"] = log.read_text()[-3000:]
    finish(collect, "collectstatic", collect_log)
    return made


def free_port(wanted: int) -> int:
    for port in [wanted] if wanted else PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port in {PORTS.start}-{PORTS.stop - 1}" if not wanted else f"Port {wanted} is in use")


class Site:
    """The README's gunicorn line, on the harness's port and with its number of workers."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path):
        self.port = port
        line = readme_production_steps()[-1]
        argv = shlex.split(re.sub(r"--bind \S+", f"--bind 127.0.0.1:{port}", line))
        argv[argv.index("--workers") + 1] = str(workers)
        argv[0] = str(BASE_DIR / argv[0]) if argv[0].startswith(".venv/") else argv[0]
        self.argv = argv
        self.log = log.open("w")
        self.process = subprocess.Popen(argv, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603

    def wait_until_serving(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{Path(self.log.name).read_text()[-4000:]}")
            try:
                if Browser(self.port).get("/accounts/login/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not serve in {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- Signing in ---------------------------------------------------------------------------------------------


def form_token(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def sign_in(port: int, email: str) -> Browser:
    """Both steps over HTTP, as a person does: the password, then the code their authenticator app shows
    (every synthetic account has the demo key, and each code works once per account)."""
    from django_otp.oath import totp

    from workforce.accounts.demo import DEMO_TOTP_KEY

    browser = Browser(port)
    login = browser.get("/accounts/login/")
    after = browser.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": form_token(login.text), "username": email, "password": DEMO_PASSWORD},
    )
    if after.status != 302:
        raise SystemExit(f"{email}: the password step answered {after.status}")
    step, page = after.headers["location"], after
    for _hop in range(5):
        page = browser.get(step)
        if page.status not in (301, 302, 303):
            break
        step = page.headers["location"]
    if page.status != 200 or "two-step" not in step:
        raise SystemExit(f"{email}: expected the second step after the password, got {page.status} at {step}")
    code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
    done = browser.post(step, {"csrfmiddlewaretoken": form_token(page.text), "code": code})
    if done.status != 302:
        raise SystemExit(f"{email}: the second step answered {done.status}")
    if browser.get("/my/").status != 200:
        raise SystemExit(f"{email}: signed in, but My home did not answer 200")
    return browser


def cookie_header(browser: Browser) -> str:
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


# --- Measuring ----------------------------------------------------------------------------------------------


def fetch(port: int, path: str, cookie: str = "", timeout: float = 300) -> tuple[int, dict[str, str], bytes]:
    """One GET as the TLS proxy passes it on, gzipped as a browser asks, with a long timeout: a slow
    download must be measured, not given up on."""
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "Accept-Encoding": "gzip",
        "Accept": "text/html,application/xhtml+xml,*/*",
    }
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def wire_size(port: int, path: str, cookie: str) -> dict:
    status, headers, body = fetch(port, path, cookie)
    gzipped = headers.get("content-encoding", "") == "gzip"
    return {
        "status": status,
        "content_type": headers.get("content-type", "").split(";")[0],
        "wire_bytes": len(body),
        "raw_bytes": len(gzip.decompress(body)) if gzipped else len(body),
        "gzipped": gzipped,
    }


def settle(port: int, timeout: float = 300) -> float:
    """Wait until the site has finished what the last run left queued (gunicorn's sync workers still answer
    requests wrk sent before it stopped), so the next run starts on an idle site. Returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        asked = time.monotonic()
        try:
            status, _headers, _body = fetch(port, "/health/", timeout=timeout)
        except OSError:
            status = None
        if status == 200 and time.monotonic() - asked < 0.5:
            break
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def run_wrk(port: int, lines: list[str], connections: int, duration: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requests_file:
        requests_file.write("\n".join(lines) + "\n")
    try:
        argv = [
            "wrk",
            f"-t{max(1, min(threads, connections))}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}/",
            "--",
            requests_file.name,
            f"127.0.0.1:{port}",
        ]
        load_before = os.getloadavg()[0]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 120)  # noqa: S603
        found = re.search(r"^BENCH_JSON (\{.*\})$", done.stdout, re.M)
        if not found:
            raise SystemExit(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")
        result = json.loads(found.group(1))
    finally:
        os.unlink(requests_file.name)
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(result[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "connections": connections,
        "requests": result["requests"],
        "rps": round(result["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(result["p50_us"] / 1000, 1),
        "p95_ms": round(result["p95_us"] / 1000, 1),
        "p99_ms": round(result["p99_us"] / 1000, 1),
        "max_ms": round(result["max_us"] / 1000, 1),
        "bytes_per_request": round(result["bytes"] / result["requests"]) if result["requests"] else 0,
        "non2xx": result["non2xx"],
        "redirects": result["redirects"],
        "client_errors": result["client_errors"],
        "server_errors": result["server_errors"],
        "socket_errors": socket_errors,
        "errors": result["non2xx"] + socket_errors,
        "load_average_before": round(load_before, 2),
    }


def count_queries(pages, cookies_by_email: dict[str, dict[str, str]]) -> dict[str, int | None]:
    """Each page once through Django's test client, in this process, with the same session as wrk's."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
        for name, value in cookies_by_email[page.email].items():
            client.cookies[name] = value
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path, secure=True)
        counts[page.key] = len(queries) if response.status_code == 200 else None
    return counts


# --- Targets and the report ---------------------------------------------------------------------------------


def judge(row: dict, floor: dict, first: int) -> list[dict]:
    """Each target that applies to the page, met or not."""
    targets = []
    one = row["runs"].get(str(first))
    kind = row["kind"]
    if one and floor.get(str(first)):
        floor_one = floor[str(first)]
        row["ratio_p50"] = round(one["p50_ms"] / floor_one["p50_ms"], 1) if floor_one["p50_ms"] else None
        row["ratio_p95"] = round(one["p95_ms"] / floor_one["p95_ms"], 1) if floor_one["p95_ms"] else None
    if kind == "page" and row.get("ratio_p50") is not None:
        targets.append(
            {
                "target": f"p50 <= {PAGE_RATIO:g}x floor",
                "met": row["ratio_p50"] <= PAGE_RATIO,
                "value": row["ratio_p50"],
            }
        )
    if kind == "dashboard" and one:
        targets.append(
            {
                "target": f"p95 <= {DASHBOARD_P95_MS:g} ms",
                "met": one["p95_ms"] <= DASHBOARD_P95_MS,
                "value": one["p95_ms"],
            }
        )
    if kind == "search" and one:
        targets.append(
            {"target": f"p95 <= {SEARCH_P95_MS:g} ms", "met": one["p95_ms"] <= SEARCH_P95_MS, "value": one["p95_ms"]}
        )
    if kind in ("floor", "page", "dashboard", "search"):
        limit = CHART_PAGE_KB if row["charts"] else PLAIN_PAGE_KB
        kb = row["wire_bytes"] / 1024
        targets.append({"target": f"<= {limit:g} KB on the wire", "met": kb <= limit, "value": round(kb, 1)})
    errors = sum(run["errors"] for run in row["runs"].values())
    targets.append({"target": "no errors", "met": errors == 0, "value": errors})
    if row.get("queries_other_scale") is not None and row.get("queries") is not None:
        targets.append(
            {
                "target": f"queries equal to {row['other_scale']}",
                "met": row["queries"] == row["queries_other_scale"],
                "value": f"{row['queries']} vs {row['queries_other_scale']}",
            }
        )
    return targets


def markdown(report: dict) -> str:
    counts = report["connection_counts"]
    first = counts[0]
    lines = [
        f"# Load harness: {report['scale']} scale, {report['started']}",
        "",
        f"gunicorn {report['workers']} workers (sync), production settings, PostgreSQL `{report['database']}`; "
        f"wrk {report['duration']} s a run at {', '.join(map(str, counts))} connection(s). "
        f"Machine: {report['machine']['cpus']} CPUs, load average {report['machine']['load_start']} at the start, "
        f"{report['machine']['load_end']} at the end (shared machine: other work adds to every figure).",
        "",
        f"Targets: list and detail pages p50 <= {PAGE_RATIO:g}x the floor's; dashboards, heatmaps and the review "
        f"queue p95 <= {DASHBOARD_P95_MS:g} ms; resource search p95 <= {SEARCH_P95_MS:g} ms (all at {first} "
        f"connection); mixed workload >= {MIXED_RPS:g} req/s at {counts[-1]} connections with no errors; pages "
        f"<= {PLAIN_PAGE_KB:g} KB gzipped, pages with charts <= {CHART_PAGE_KB:g} KB. Errors are responses that "
        "were not 2xx plus socket errors.",
        "",
    ]
    head = ["Page", "Who", "Kind"]
    for c in counts:
        head += [f"p50 ms ({c}c)", f"p95 ms ({c}c)", f"req/s ({c}c)"]
    head += ["errors", "p50 x floor", "p95 x floor", "gzip KB", "raw KB", "queries", "targets"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in report["pages"]:
        cells = [row["title"], row["who"], row["kind"] + (" (charts)" if row["charts"] else "")]
        for c in counts:
            run = row["runs"].get(str(c))
            cells += [f"{run['p50_ms']:g}", f"{run['p95_ms']:g}", f"{run['rps']:g}"] if run else ["-", "-", "-"]
        errors = sum(run["errors"] for run in row["runs"].values())
        cells += [
            str(errors),
            _x(row.get("ratio_p50")),
            _x(row.get("ratio_p95")),
            f"{row['wire_bytes'] / 1024:.1f}",
            f"{row['raw_bytes'] / 1024:.1f}",
            "-" if row.get("queries") is None else str(row["queries"]),
            "; ".join(("met: " if t["met"] else "**NOT MET**: ") + t["target"] for t in row["targets"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Mixed workload (every HTML page but the floor, in turn, each as its own user):", ""]
    lines += [
        "| Connections | p50 ms | p95 ms | req/s | errors | floor req/s (same connections) | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in counts:
        mixed = report["mixed"].get(str(c))
        floor = report["floor"].get(str(c), {})
        if not mixed:
            continue
        target = ""
        if c == counts[-1]:
            met = mixed["rps"] >= MIXED_RPS and mixed["errors"] == 0
            target = ("met" if met else "**NOT MET**") + f": >= {MIXED_RPS:g} req/s, no errors"
        lines.append(
            f"| {c} | {mixed['p50_ms']:g} | {mixed['p95_ms']:g} | {mixed['rps']:g} | {mixed['errors']} "
            f"({mixed['non2xx']} not 2xx, {mixed['socket_errors']} socket) | {floor.get('rps', '-')} | {target} |"
        )
    if report["skipped"]:
        lines += ["", "Not measured:", ""]
        lines += [f"- {item['title']}: {item['reason']}" for item in report["skipped"]]
    missed = [
        f"{row['title']} ({t['target']}: {t['value']})"
        for row in report["pages"]
        for t in row["targets"]
        if not t["met"]
    ]
    lines += ["", f"Targets not met: {len(missed)}" + (":" if missed else ".")]
    lines += [f"- {item}" for item in missed]
    return "\n".join(lines) + "\n"


def _x(value) -> str:
    return "-" if value is None else f"{value:g}x"


# --- The run ------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix=f"ld_load_{args.scale}_"))
    database_url = f"{args.server}/{args.database}"
    env = environment(args, work, database_url)
    os.environ.update(env)
    for key in ("REDIS_URL",):
        if key not in env:
            os.environ.pop(key, None)
    made = prepare_database(args, env, work)

    import django

    django.setup()
    from pages import HTML_KINDS, build_plan

    plan = build_plan()
    pages = plan.pages
    if args.only:
        wanted = {"floor", *args.only.split(",")}
        pages = [page for page in pages if page.key in wanted]
    port = free_port(args.port)
    site = Site(env, port, args.workers, work / "gunicorn.log")
    say(f"gunicorn on 127.0.0.1:{port} ({args.workers} workers); logs in {work}")
    try:
        site.wait_until_serving()
        browsers = {}
        for email in dict.fromkeys(page.email for page in pages):
            browsers[email] = sign_in(port, email)
        say(f"Signed in as {len(browsers)} people")
        rows, floor = [], {}
        for page in pages:
            cookie = cookie_header(browsers[page.email])
            try:
                size = wire_size(port, page.path, cookie)
            except OSError as error:
                say(f"{page.title}: {page.path} did not answer ({error}); not driven")
                plan.skipped.append(_skip(page, f"{page.path} did not answer: {error}"))
                settle(port)
                continue
            row = {**page.as_dict(), **size, "runs": {}}
            if size["status"] != 200:
                say(f"{page.title}: {page.path} answered {size['status']}; not driven")
                plan.skipped.append(_skip(page, f"{page.path} answered {size['status']} to {page.who}"))
                continue
            line = f"{page.path}\t{cookie}"
            for connections in args.connection_counts:
                run = run_wrk(port, [line], connections, args.duration, args.threads)
                run["settled_after_s"] = settle(port)
                row["runs"][str(connections)] = run
                say(
                    f"{page.title:<38} {connections:>2}c p50 {run['p50_ms']:>8.1f} ms p95 {run['p95_ms']:>8.1f} ms "
                    f"{run['rps']:>7.1f} req/s errors {run['errors']}"
                )
            if page.kind == "floor":
                floor = row["runs"]
            rows.append(row)
        mixed_lines = [
            f"{row['path']}\t{cookie_header(browsers[row['email']])}"
            for row in rows
            if row["kind"] in HTML_KINDS and row["kind"] != "floor"
        ]
        mixed = {}
        for connections in args.connection_counts:
            run = run_wrk(port, mixed_lines, connections, args.duration, args.threads)
            run["settled_after_s"] = settle(port)
            mixed[str(connections)] = run
            say(
                f"{'Mixed workload':<38} {connections:>2}c p50 {run['p50_ms']:>8.1f} ms p95 {run['p95_ms']:>8.1f} ms "
                f"{run['rps']:>7.1f} req/s errors {run['errors']}"
            )
    finally:
        site.stop()

    say("Counting queries in process")
    driven = [page for page in pages if any(row["key"] == page.key for row in rows)]
    cookies = {email: dict(browser.cookies) for email, browser in browsers.items()}
    queries = count_queries(driven, cookies)
    other = _other_scale(args.scale)
    counts = args.connection_counts
    for row in rows:
        row["queries"] = queries.get(row["key"])
        if other:
            row["other_scale"] = other["scale"]
            row["queries_other_scale"] = other["queries"].get(row["key"])
        row["targets"] = judge(row, floor, counts[0])

    report = {
        "scale": args.scale,
        "started": f"{started:%Y-%m-%d %H:%M} UTC",
        "database": args.database,
        "database_made": made,
        "workers": args.workers,
        "duration": args.duration,
        "connection_counts": counts,
        "gunicorn": " ".join(site.argv),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_start": " ".join(f"{value:.2f}" for value in load_start),
            "load_end": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        },
        "floor": floor,
        "pages": rows,
        "mixed": mixed,
        "mixed_pages": [row["key"] for row in rows if row["kind"] in HTML_KINDS and row["kind"] != "floor"],
        "skipped": [vars(item) for item in plan.skipped],
    }
    last = mixed.get(str(counts[-1]))
    report["mixed_target_met"] = bool(last and last["rps"] >= MIXED_RPS and last["errors"] == 0)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.scale}.json").write_text(json.dumps(report, indent=2) + "\n")
    table = markdown(report)
    (RESULTS / f"{args.scale}.md").write_text(table)
    print(table)
    say(f"Wrote {RESULTS / (args.scale + '.md')} and {RESULTS / (args.scale + '.json')}")

    if not args.keep_database:
        from django.db import connections

        connections.close_all()
        admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        say(f"Dropped {args.database}")
    return 0


def _skip(page, reason):
    from pages import Skipped

    return Skipped(page.key, page.title, reason)


def _other_scale(scale: str) -> dict | None:
    """The query counts of the most recent run at another scale, to compare with."""
    runs = []
    for path in RESULTS.glob("*.json"):
        if path.stem == scale:
            continue
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        runs.append((path.stat().st_mtime, data))
    if not runs:
        return None
    data = max(runs, key=lambda item: item[0])[1]
    return {"scale": data["scale"], "queries": {row["key"]: row.get("queries") for row in data.get("pages", [])}}


if __name__ == "__main__":
    sys.exit(main())
