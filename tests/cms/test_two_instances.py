"""The site as several instances of one service: two gunicorn instances on two ports, production settings,
one PostgreSQL database, one Redis cache and one S3 bucket (moto's server stands in for S3).

What must hold whichever instance a request reaches: a session signed in on one is signed in on the other;
a document uploaded on one downloads from the other, out of the bucket and never from local disk; a
lockout made on one refuses on the other; and two copies of each scheduled command started at once (as
two servers' cron would) send each email once. Mail goes by SMTP to a small server in this test, which
answers slowly so that the two copies overlap.

The settings that choose all this are checked first, with and without the variables; the instances
themselves are skipped, saying why, where DATABASE_URL is not PostgreSQL, Redis does not answer, or
gunicorn or moto's server is missing. tests/peernet/test_scheduled_commands_concurrency.py covers the
commands' races in one process; here they run as two processes against a database of their own.
"""

import json
import os
import re
import secrets
import signal
import socket
import socketserver
import subprocess
import threading
import time
from base64 import b32decode
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.cms.production_helpers import (
    BASE_DIR,
    GUNICORN,
    Browser,
    Database,
    Gunicorn,
    free_port,
    postgres_reachable,
    postgres_server_url,
    production_environment,
    readme_production_steps,
    totp_now,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
MOTO_SERVER = BASE_DIR / ".venv" / "bin" / "moto_server"
BUCKET = "ld-pathways-media"
REGION = "eu-west-2"
EMAIL = "sam.okafor@ld-pathways.example"
LOCKED_EMAIL = "lee.locked@ld-pathways.example"
PASSWORD = "two-instances-share-one-service-2026"  # noqa: S105
TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def redis_reachable() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure to connect means "no Redis here"
        return False


def missing_services() -> str:
    """Why the two instances cannot run here, or "" when they can."""
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        return "two instances share one PostgreSQL database: set DATABASE_URL to one"
    if not postgres_reachable():
        return f"PostgreSQL does not answer at {postgres_server_url()}"
    if not redis_reachable():
        return f"Redis does not answer at {REDIS_URL} (set REDIS_URL)"
    if not GUNICORN.exists():
        return "gunicorn is not installed"
    if not MOTO_SERVER.exists():
        return "moto's S3 server is not installed (moto[server])"
    return ""


# Run with `manage.py shell` and production settings: the people, peers and network the commands write to.
SEED = f"""
import datetime
from binascii import hexlify
from django_otp.plugins.otp_totp.models import TOTPDevice
from peernet.models import Check
from tests.factories.networks import MeetingFactory, NetworkFactory, SubscriptionFactory, hub_for
from tests.factories.peers import active_peer
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory
from workforce import roles

for email, superuser in (({EMAIL!r}, True), ({LOCKED_EMAIL!r}, False)):
    user = UserFactory(
        username=email, first_name=email.split(".")[0].title(), last_name="Okafor", password={PASSWORD!r},
        is_superuser=superuser, is_staff=superuser,
    )
    TOTPDevice.objects.create(
        user=user, name="Phone", key={b32decode(TOTP_KEY).hex()!r}, confirmed=True
    )

service = ServiceFactory(name="Tyneside L&D")
today = datetime.date.today()
for number in range(3):
    coordinator = StaffProfileFactory(
        user=UserFactory(username=f"coordinator{{number}}@ld-pathways.example", kinds=[roles.PEER_COORDINATOR]),
        service=service,
    )
    peer = active_peer(service=service, coordinator=coordinator, months_ago=4, display_name=f"Peer {{number}}")
    Check.objects.filter(peer=peer, kind="dbs").update(expires_on=today + datetime.timedelta(days=30))

network = NetworkFactory(name="North peer network")
hub_for(network)
for number in range(3):
    SubscriptionFactory(network=network, email=f"reader{{number}}@ld-pathways.example")
MeetingFactory(network=network, title="Spring network meeting")
"""


class SlowSmtpServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take Django's mail: it keeps each message and answers the end of each one after a
    pause, so a second copy of a command reaches the same work while the first is still sending."""

    daemon_threads = True
    allow_reuse_address = True
    pause = 0.3

    def __init__(self):
        self.messages: list = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(address for message in self.messages for address in message["To"].split(", "))


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 sink")
            elif verb == b"DATA":
                self.reply("354 go on")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                time.sleep(self.server.pause)
                with self.server.lock:
                    self.server.messages.append(message_from_bytes(body))
                self.reply("250 kept")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@dataclass
class Site:
    instances: list[Gunicorn]
    env: dict[str, str]
    database: Database
    media_root: Path
    smtp: SlowSmtpServer
    s3: object
    browsers: dict[str, Browser] = field(default_factory=dict)


def start_moto(log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    return process, port


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "moto's server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} in {timeout} s")


def start_manage(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", *argv],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, what: str, timeout: float = 300) -> None:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        raise
    assert process.returncode == 0, f"{what} failed:\n{out[-2000:]}\n{err[-4000:]}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_instances(instances: list[Gunicorn]) -> None:
    # Both are told to stop before either is waited for: each takes a few seconds to finish its requests.
    for instance in instances:
        if instance.process.poll() is None:
            instance.process.send_signal(signal.SIGTERM)
    for instance in instances:
        instance.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if reason := missing_services():
        pytest.skip(reason)
    import boto3

    tmp_path = tmp_path_factory.mktemp("two_instances")
    with ExitStack() as cleanup:
        moto, moto_port = start_moto(cleanup.enter_context((tmp_path / "moto.log").open("w")))
        cleanup.callback(stop, moto)
        database = Database(f"ld_two_instances_{secrets.token_hex(4)}").create()
        cleanup.callback(database.drop)
        smtp = SlowSmtpServer()
        cleanup.callback(smtp.server_close)
        cleanup.callback(smtp.shutdown)
        endpoint = f"http://127.0.0.1:{moto_port}"
        env = production_environment(
            tmp_path,
            database.url,
            REDIS_URL=REDIS_URL,
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=endpoint,
            AWS_S3_REGION_NAME=REGION,
            AWS_ACCESS_KEY_ID="two-instances",
            AWS_SECRET_ACCESS_KEY="two-instances-not-a-secret",  # noqa: S106
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_USE_TLS="false",
            WAGTAILADMIN_BASE_URL="https://127.0.0.1",
        )
        # Static files are collected while the database is migrated, and the instances start while it is
        # filled: none of these needs the other.
        collect = start_manage(["collectstatic", "--no-input", "-v", "0"], env)
        cleanup.callback(stop, collect)
        finish(start_manage(["migrate", "--no-input"], env), "migrate")
        seed = start_manage(["shell", "--no-imports", "-c", SEED], env)
        cleanup.callback(stop, seed)
        finish(collect, "collectstatic")
        gunicorn_line = readme_production_steps()[-1]
        instances = [Gunicorn(gunicorn_line, env, tmp_path / f"gunicorn{n}.log", workers=1) for n in (1, 2)]
        cleanup.callback(stop_instances, instances)
        wait_for_port(moto_port, moto)
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        finish(seed, "the seed data")
        for instance in instances:
            instance.wait_until_serving()
        yield Site(instances, env, database, tmp_path / "media", smtp, s3)


# What production's settings choose, read without starting the whole site (no apps, no database).
SHOW_SETTINGS = """
import json
from django.conf import settings
from django.utils.module_loading import import_string
uploads = import_string(settings.STORAGES["default"]["BACKEND"])(**settings.STORAGES["default"].get("OPTIONS", {}))
print(json.dumps({
    "storage": type(uploads).__name__,
    "acl": getattr(uploads, "default_acl", None),
    "signed": getattr(uploads, "querystring_auth", None),
    "bucket": getattr(uploads, "bucket_name", None),
    "cache": settings.CACHES["default"]["BACKEND"],
    "images": [str(source) for source in settings.SECURE_CSP["img-src"]],
    "sessions": settings.SESSION_ENGINE,
}))
"""


def production_settings(tmp_path: Path, **extra: str) -> dict:
    env = production_environment(tmp_path, "postgres://postgres@127.0.0.1:5432/unused", **extra)
    shown = subprocess.run(  # noqa: S603
        [str(BASE_DIR / ".venv" / "bin" / "python"), "-c", SHOW_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr[-4000:]
    return json.loads(shown.stdout)


def test_without_redis_or_a_bucket_production_keeps_one_instance_on_local_disk(tmp_path):
    chosen = production_settings(tmp_path)

    assert chosen["storage"] == "ServerNamedFileSystemStorage"
    assert chosen["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert chosen["images"] == ["'self'", "data:"]
    assert chosen["sessions"] == "workforce.accounts.sessions"


def test_with_redis_and_a_bucket_production_shares_the_cache_and_keeps_uploads_private(tmp_path):
    chosen = production_settings(
        tmp_path,
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="service-media",
        AWS_S3_REGION_NAME="eu-west-2",
    )

    assert chosen["storage"] == "ServerNamedS3Storage"
    assert chosen["bucket"] == "service-media"
    assert chosen["acl"] == "private"
    assert chosen["signed"] is True
    assert chosen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert "https://service-media.s3.eu-west-2.amazonaws.com" in chosen["images"]
    assert chosen["sessions"] == "workforce.accounts.sessions"


def sign_in(browser: Browser, email: str, password: str):
    """Both steps through the real forms: the password, then the code the person's app shows now."""
    login = browser.get("/accounts/login/")
    after_password = browser.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": browser.form_token(login), "username": email, "password": password},
    )
    assert after_password.status == 302, after_password.text[:2000]
    verify = browser.follow(after_password)
    assert verify.status == 200
    assert 'name="code"' in verify.text
    confirmed = browser.post(
        "/accounts/two-step/verify/", {"csrfmiddlewaretoken": browser.form_token(verify), "code": totp_now(TOTP_KEY)}
    )
    assert confirmed.status == 302, confirmed.text[:2000]
    return browser.follow(confirmed)


def signed_in_on_first(site: Site) -> Browser:
    if "first" not in site.browsers:
        browser = Browser(site.instances[0].port)
        sign_in(browser, EMAIL, PASSWORD)
        site.browsers["first"] = browser
    return site.browsers["first"]


def on_second(site: Site, signed_in: Browser) -> Browser:
    """A browser on the second instance holding the first one's cookies, as a load balancer would send it."""
    browser = Browser(site.instances[1].port)
    browser.cookies = dict(signed_in.cookies)
    return browser


def test_a_session_signed_in_on_one_instance_is_signed_in_on_the_other(site):
    first = signed_in_on_first(site)
    second = on_second(site, first)

    page = second.get("/my/")

    assert page.status == 200
    assert "Sam Okafor" in page.text
    assert "Sign out" in page.text


def test_both_instances_answer_healthy_with_the_shared_cache(site):
    for instance in site.instances:
        health = Browser(instance.port).get("/health/")
        assert health.status == 200
        assert '"cache": "ok"' in health.text


def test_a_document_uploaded_on_one_instance_downloads_from_the_other_out_of_the_bucket(site):
    first = signed_in_on_first(site)
    upload_page = first.get("/admin/documents/add/")
    assert upload_page.status == 200, upload_page.text[:2000]
    collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', upload_page.text)
    fields = {"csrfmiddlewaretoken": first.form_token(upload_page), "title": "Peer worker job description"}
    if collection:
        fields["collection"] = collection.group(1)

    uploaded = first.post(
        "/admin/documents/add/", fields, files={"file": ("Job description Sam.pdf", PDF, "application/pdf")}
    )

    assert uploaded.status == 302, uploaded.text[:3000]
    import psycopg

    with psycopg.connect(site.database.url) as connection:
        document_id, name = connection.execute(
            "SELECT id, file FROM wagtaildocs_document WHERE title = %s", ["Peer worker job description"]
        ).fetchone()
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", name)
    stored = site.s3.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert stored == PDF
    on_disk = [path for path in site.media_root.rglob("*") if path.is_file()] if site.media_root.exists() else []
    assert on_disk == []

    downloaded = on_second(site, first).get(f"/documents/{document_id}/{name.rsplit('/', 1)[1]}")

    assert downloaded.status == 200, downloaded.body[:2000]
    assert downloaded.body == PDF


def test_a_lockout_made_on_one_instance_refuses_on_the_other(site):
    first = Browser(site.instances[0].port)
    for _ in range(5):
        login = first.get("/accounts/login/")
        wrong = first.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": first.form_token(login), "username": LOCKED_EMAIL, "password": "not-it-at-all"},
        )
        assert wrong.status in (200, 429)
    second = Browser(site.instances[1].port)
    login = second.get("/accounts/login/")

    refused = second.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": second.form_token(login), "username": LOCKED_EMAIL, "password": PASSWORD},
    )

    assert refused.status == 429, refused.text[:2000]


def run_two_copies_at_once(site: Site, command: str) -> None:
    copies = [start_manage([command], site.env) for _ in range(2)]
    try:
        for copy in copies:
            finish(copy, f"a copy of {command}", timeout=120)
    finally:
        for copy in copies:
            stop(copy)


@pytest.mark.parametrize(
    ("command", "recipients"),
    [
        ("send_peer_reminders", [f"coordinator{n}@ld-pathways.example" for n in range(3)]),
        ("send_network_digest", [f"reader{n}@ld-pathways.example" for n in range(3)]),
    ],
)
def test_two_copies_of_a_scheduled_command_at_once_send_each_email_once(site, command, recipients):
    before = site.smtp.recipients()

    run_two_copies_at_once(site, command)

    sent = site.smtp.recipients() - before
    assert sent == Counter(dict.fromkeys(recipients, 1))
