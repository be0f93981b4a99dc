"""Running the site as production runs it, for the tests that do: PostgreSQL databases of their own,
production settings from the environment, gunicorn on a free port, and a small browser that talks to it
as the TLS proxy would (``X-Forwarded-Proto: https``).

Used by tests/cms/test_production_path.py (the README's steps as written) and
tests/cms/test_two_instances.py (two instances sharing a database, a cache and a bucket).
"""

import gzip
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
import uuid
from base64 import b32decode
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
if not GUNICORN.exists():
    GUNICORN = Path(shutil.which("gunicorn") or GUNICORN)


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
    )
    env.update(extra)
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

    def __init__(self, line: str, env: dict[str, str], log_path: Path, workers: int = 2):
        self.port = free_port()
        argv = shlex.split(re.sub(r"--bind \S+", f"--bind 127.0.0.1:{self.port}", line))
        argv[argv.index("--workers") + 1] = str(workers)  # two cores on a CI machine; three would only queue
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


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type, as a browser sends a form with a file."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """Just enough of a browser behind the TLS proxy: it keeps cookies (production marks them Secure, so
    this sends them itself), says the request came over HTTPS, and sends Origin as a browser does."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        headers: dict | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """``files`` maps a field to (file name, content, content type) and sends the form as multipart."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if files:
            body, sent["Content-Type"] = multipart(data or {}, files)
        elif data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if data is not None or files:
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
