"""The README's production steps, run as written: production settings, PostgreSQL, gunicorn, a real sign-in.

The commands are read from the README's "Running in production" block, so the README cannot drift from
what works. Each runs in a subprocess against a database of its own on the PostgreSQL server the tests
use (or 127.0.0.1:5432), then gunicorn serves on a free port and the first administrator signs in with
both steps, as they would through the TLS proxy (which sends ``X-Forwarded-Proto: https``).

Skipped, saying why, where gunicorn or PostgreSQL is missing.
"""

import gzip
import html
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from base64 import b32decode
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
if not GUNICORN.exists():
    GUNICORN = Path(shutil.which("gunicorn") or GUNICORN)
ADMIN_EMAIL = "first.admin@ld-pathways.example"
ADMIN_PASSWORD = "a-long-production-path-password-2026"  # noqa: S105


def postgres_server_url() -> str:
    """The PostgreSQL server the tests run against (DATABASE_URL's, when it names one), without a database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{postgres_server_url()}/postgres", connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure to connect means "no PostgreSQL here"
        return False
    return True


HAVE_GUNICORN = GUNICORN.exists()
HAVE_POSTGRES = postgres_reachable()
pytestmark = [
    pytest.mark.skipif(not HAVE_GUNICORN, reason="gunicorn is not installed"),
    pytest.mark.skipif(not HAVE_POSTGRES, reason=f"PostgreSQL is not reachable at {postgres_server_url()}"),
]


def readme_production_steps() -> list[str]:
    """The shell lines of the README's production block, comments taken off."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    block = next(block for block in re.findall(r"```sh\n(.*?)```", section, re.S) if "gunicorn" in block)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A PostgreSQL database made for one test and dropped after it."""

    def __init__(self, name: str):
        self.name = name
        self.url = f"{postgres_server_url()}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{postgres_server_url()}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> "Database":
        self.drop()
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def production_environment(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """What .env.example asks for, with values for this machine (never the developer's own .env)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=f"production-path-{time.time_ns()}-not-a-real-secret-key-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        EMAIL_HOST="smtp.ld-pathways.example",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        WAGTAILADMIN_BASE_URL="https://127.0.0.1",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="0",
        **extra,
    )
    return env


def run_step(line: str, env: dict[str, str]) -> None:
    """One manage.py line of the README. createsuperuser is asked to read its answers from the environment."""
    argv = shlex.split(line)
    if "createsuperuser" in argv:
        argv.append("--no-input")
    done = subprocess.run(argv, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603
    assert done.returncode == 0, f"`{line}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"


class Gunicorn:
    """The README's gunicorn line, on a port of its own, stopped at the end."""

    def __init__(self, line: str, env: dict[str, str], log_path: Path):
        self.port = free_port()
        argv = shlex.split(re.sub(r"--bind \S+", f"--bind 127.0.0.1:{self.port}", line))
        argv[argv.index("--workers") + 1] = "2"  # two cores on a CI machine; three would only queue
        argv[0] = str(BASE_DIR / argv[0]) if argv[0].startswith(".venv/") else argv[0]
        self.log = log_path.open("w")
        self.process = subprocess.Popen(argv, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn stopped: {Path(self.log.name).read_text()[-4000:]}"
            try:
                status = Browser(self.port).get("/accounts/login/").status
            except OSError:
                status = None
            if status == 200:
                return
            time.sleep(0.3)
        raise AssertionError(f"gunicorn did not serve in {timeout} s: {Path(self.log.name).read_text()[-4000:]}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        body = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return body.decode()


class Browser:
    """Just enough of a browser behind the TLS proxy: it keeps cookies (production marks them Secure, so
    this sends them itself), says the request came over HTTPS, and sends Origin as a browser does."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://127.0.0.1:{self.port}"
            sent["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            received = {name.lower(): value for name, value in raw.getheaders()}
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(raw.status, received, raw.read())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def form_token(self, page: Response) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def follow(self, response: Response) -> Response:
        while response.status in (301, 302, 303):
            location = urlsplit(response.headers["location"])
            response = self.get(location.path + (f"?{location.query}" if location.query else ""))
        return response


def totp_now(base32_key: str) -> str:
    from django_otp.oath import totp

    return f"{totp(b32decode(base32_key.replace(' ', ''))):06d}"


def sign_in_first_time(browser: Browser, email: str, password: str) -> Response:
    """Password, then setting up the authenticator app with the key the page shows, then its code."""
    login = browser.get("/accounts/login/")
    assert login.status == 200
    after_password = browser.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": browser.form_token(login), "username": email, "password": password},
    )
    assert after_password.status == 302, after_password.text[:2000]
    set_up = browser.follow(after_password)
    assert set_up.status == 200
    key = html.unescape(re.search(r'id="secret-key">([^<]+)<', set_up.text).group(1))
    confirmed = browser.post(
        "/accounts/two-step/set-up/", {"csrfmiddlewaretoken": browser.form_token(set_up), "code": totp_now(key)}
    )
    assert confirmed.status == 302, confirmed.text[:2000]
    return browser.follow(confirmed)


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    database = Database(f"ld_prod_path_{os.getpid()}").create()
    env = production_environment(
        tmp_path,
        database.url,
        DJANGO_SUPERUSER_USERNAME=ADMIN_EMAIL,
        DJANGO_SUPERUSER_EMAIL=ADMIN_EMAIL,
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    steps = readme_production_steps()
    assert steps[0] == "export DJANGO_SETTINGS_MODULE=cms.settings.production"
    server = None
    try:
        for line in steps[1:-1]:
            run_step(line, env)
        assert "gunicorn" in steps[-1]
        server = Gunicorn(steps[-1], env, tmp_path / "gunicorn.log")
        server.wait_until_serving()
        yield server, tmp_path
    finally:
        if server:
            server.stop()
        database.drop()


def test_readme_steps_cover_migrate_static_files_an_administrator_and_gunicorn():
    steps = readme_production_steps()
    commands = [shlex.split(line)[2] if "manage.py" in line else shlex.split(line)[0] for line in steps[1:]]
    assert commands == ["migrate", "collectstatic", "load_framework", "createsuperuser", ".venv/bin/gunicorn"]


def test_the_first_administrator_signs_in_with_both_steps_and_gets_a_signed_in_page(production_site):
    server, _tmp_path = production_site
    browser = Browser(server.port)

    home = sign_in_first_time(browser, ADMIN_EMAIL, ADMIN_PASSWORD)

    assert home.status == 200
    assert "backup code" in home.text.lower()
    my_home = browser.get("/my/")
    assert my_home.status == 200
    assert "Sign out" in my_home.text
    assert my_home.headers["cache-control"] == "no-store, private"
    assert "max-age=31536000" in my_home.headers["strict-transport-security"]


def test_static_files_are_served_with_hashed_names_and_compressed(production_site):
    server, _tmp_path = production_site
    browser = Browser(server.port)
    login = browser.get("/accounts/login/")
    stylesheet = re.search(r'href="(/static/cms/css/app\.[0-9a-f]{12}\.css)"', login.text).group(1)

    served = browser.get(stylesheet, headers={"Accept-Encoding": "gzip"})

    assert served.status == 200
    assert served.headers["content-encoding"] == "gzip"
    assert "immutable" in served.headers["cache-control"]


def test_plain_http_is_sent_to_https(production_site):
    server, _tmp_path = production_site
    connection = HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/accounts/login/", headers={"Host": f"127.0.0.1:{server.port}"})
    response = connection.getresponse()
    connection.close()

    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{server.port}/accounts/login/"
