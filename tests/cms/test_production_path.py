"""The README's production steps, run as written: production settings, PostgreSQL, gunicorn, a real sign-in.

The commands are read from the README's "Running in production" block, so the README cannot drift from
what works. Each runs in a subprocess against a database of its own on the PostgreSQL server the tests
use (or 127.0.0.1:5432), then gunicorn serves on a free port and the first administrator signs in with
both steps, as they would through the TLS proxy (which sends ``X-Forwarded-Proto: https``).

Skipped, saying why, where gunicorn or PostgreSQL is missing.
"""

import html
import os
import re
import shlex
from http.client import HTTPConnection

import pytest

from tests.cms.production_helpers import (
    GUNICORN,
    Browser,
    Database,
    Gunicorn,
    Response,
    postgres_reachable,
    postgres_server_url,
    production_environment,
    readme_production_steps,
    run_step,
    totp_now,
)

ADMIN_EMAIL = "first.admin@ld-pathways.example"
ADMIN_PASSWORD = "a-long-production-path-password-2026"  # noqa: S105
HAVE_GUNICORN = GUNICORN.exists()
HAVE_POSTGRES = postgres_reachable()
pytestmark = [
    pytest.mark.skipif(not HAVE_GUNICORN, reason="gunicorn is not installed"),
    pytest.mark.skipif(not HAVE_POSTGRES, reason=f"PostgreSQL is not reachable at {postgres_server_url()}"),
]


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
