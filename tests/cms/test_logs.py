"""Production logs one JSON object a line, with the request's id and any exception, and never a request body."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from workforce.common.logs import JsonFormatter
from workforce.common.request_id import RequestIdLogFilter, RequestIdMiddleware

BASE_DIR = Path(__file__).resolve().parents[2]


def formatted(record: logging.LogRecord) -> dict:
    RequestIdLogFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def record(message="Sent %s reminders", args=(3,), **extra) -> logging.LogRecord:
    made = logging.LogRecord("peernet.journeys", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_line_has_time_level_logger_message_and_request_id_outside_a_request():
    line = formatted(record())

    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert line["level"] == "WARNING"
    assert line["logger"] == "peernet.journeys"
    assert line["message"] == "Sent 3 reminders"
    assert line["request_id"] == "-"
    assert line["time"].endswith("+00:00")


def test_a_line_logged_while_answering_carries_that_requests_id():
    lines = []

    def view(request):
        lines.append(formatted(record()))
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/"))

    assert lines[0]["request_id"] == response["X-Request-ID"]


def test_an_exception_is_written_with_its_traceback():
    try:
        raise ValueError("the digest template is missing")
    except ValueError:
        made = record("Digest failed", (), exc_info=sys.exc_info())

    line = formatted(made)

    assert "Traceback" in line["exception"]
    assert "ValueError: the digest template is missing" in line["exception"]


def test_a_request_passed_to_the_logger_is_never_written_out():
    request = RequestFactory().post("/accounts/login/", {"username": "tom", "password": "a-secret-password"})

    line = formatted(record("Forbidden (CSRF token missing.): %s", ("/accounts/login/",), request=request))

    assert "a-secret-password" not in json.dumps(line)
    assert "request" not in line


SCRIPT = """
import logging
import django
django.setup()
logging.getLogger("cms.health").warning("The cache did not answer")
"""


def test_production_settings_write_json_lines():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE", "LOG_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="logs-test-not-a-real-secret-key-0123456789-0123456789",
        ALLOWED_HOSTS="ld-pathways.example",
        EMAIL_HOST="smtp.ld-pathways.example",
        DATABASE_URL="sqlite:///:memory:",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert {"level": "WARNING", "logger": "cms.health", "message": "The cache did not answer"}.items() <= lines[
        -1
    ].items()
    assert all(line.startswith("{") for line in done.stderr.splitlines() if line.strip())
