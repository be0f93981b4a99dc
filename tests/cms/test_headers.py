"""The security headers every response carries, and the caching nothing may add.

App pages run under a strict content security policy with a nonce for each response's inline scripts; the
Wagtail admin has its own, looser policy (cms/settings/base.py says why). Nothing shown to a signed-in person
may be stored by a browser or a cache on the way, and no view may be cached on the server.
"""

import contextlib
import functools
import inspect
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.template.loader import render_to_string
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.views import View
from django.views.decorators.cache import cache_page
from wagtail.models import get_page_models

from tests import admin_world
from tests.competencies.assessments.url_table import own
from tests.factories.networks import disk_media, publish_resource  # noqa: F401  (disk_media is a fixture)
from tests.peernet.networks.url_table import network
from tests.world import ANONYMOUS, SUPERUSER

BASE_DIR = Path(settings.BASE_DIR)
NONCE = re.compile(r"^'nonce-([\w-]+)'$")
SIGNED_IN_CACHE_CONTROL = "no-store, private"


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def _made_download(world):
    from workforce.downloads.tasks import download_request

    return download_request(user=world.user("line_manager"), kind="team_heatmap_xlsx", parameters={})


def _made_pdf(world):
    from workforce.downloads.tasks import download_request

    return download_request(user=world.user("staff_member"), kind="assessment_pdf", parameters=own(world))


def _private_document(world):
    """A document in the world network's private collection, on one of its resources; the world's network
    member belongs to that network."""

    def make():
        document = admin_world.document(world)
        publish_resource(network(world), documents=[document])
        return document

    return world.once("headers-private-document", make)


# Which policy a response carries: the app's, the admin's, or Wagtail's own for a served document.
APP, ADMIN, DOCUMENT = "app", "admin", "document"


@dataclass
class Sample:
    label: str
    who: str
    url: object  # world -> URL
    status: int = 200
    policy: str = APP
    html: bool = True


SAMPLES = [
    Sample("a public page", ANONYMOUS, lambda world: admin_world.public_page(world).url),
    Sample("the sign-in page", ANONYMOUS, lambda world: reverse("login")),
    Sample("an app page, signed in", "staff_member", lambda world: reverse("my-home")),
    Sample(
        "an assessment's PDF, made in the background",
        "staff_member",
        lambda world: reverse("workforce:download-file", kwargs={"pk": _made_pdf(world).pk}),
        html=False,
    ),
    Sample(
        "the team spreadsheet, made in the background",
        "line_manager",
        lambda world: reverse("workforce:download-file", kwargs={"pk": _made_download(world).pk}),
        html=False,
    ),
    Sample(
        "a network's private document", "network_member", lambda world: _private_document(world).url, policy=DOCUMENT
    ),
    Sample("a page that is not there", ANONYMOUS, lambda world: "/no-such-page/", status=404),
    Sample("a page that is not there, signed in", "staff_member", lambda world: "/no-such-page/", status=404),
    Sample("the admin's home page", SUPERUSER, lambda world: reverse("wagtailadmin_home"), policy=ADMIN),
    Sample(
        "the admin API's page listing (JSON)",
        SUPERUSER,
        lambda world: reverse("wagtailadmin_api:pages:listing"),
        policy=ADMIN,
        html=False,
    ),
    # Wagtail renders a revision, like a preview, by running a request for the page's own public URL through
    # the middleware; the page arrives with the app's policy, and the admin's must replace it.
    Sample(
        "a page revision shown in the admin",
        SUPERUSER,
        lambda world: reverse(
            "wagtailadmin_pages:revisions_view",
            kwargs={
                "page_id": admin_world.public_page(world).pk,
                "revision_id": admin_world.revision(admin_world.public_page(world)).pk,
            },
        ),
        policy=ADMIN,
    ),
    Sample(
        "an admin page that is not there", SUPERUSER, lambda world: "/admin/no-such-page/", status=404, policy=ADMIN
    ),
]


@pytest.mark.usefixtures("disk_media")
@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.label for sample in SAMPLES])
def test_every_kind_of_response_carries_the_security_headers(sample, world, client):
    if sample.who != ANONYMOUS:
        client.force_login(world.user(sample.who))
    response = client.get(sample.url(world))
    assert response.status_code == sample.status
    policy = _policy(response)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if sample.who != ANONYMOUS:
        assert response["Cache-Control"] == SIGNED_IN_CACHE_CONTROL
    if sample.policy == DOCUMENT:
        # Wagtail's own policy for the files it serves, stricter than ours: nothing in a document may run or
        # load anything. default-src does not cover framing, which X-Frame-Options refuses.
        assert policy == {"default-src": ["'none'"]}
        assert response["X-Frame-Options"] == "DENY"
        return
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    if sample.policy == ADMIN:
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert "'nonce-" not in response["Content-Security-Policy"]  # it would switch 'unsafe-inline' off
        assert response["X-Frame-Options"] == "SAMEORIGIN"
    else:
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"][:2] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
        if sample.html:
            _assert_inline_scripts_carry_the_nonce(response, policy)
        else:
            assert policy["script-src"] == ["'self'"]  # no page, so no nonce


def _assert_inline_scripts_carry_the_nonce(response, policy):
    *sources, nonce = policy["script-src"]
    assert sources == ["'self'"]
    match = NONCE.match(nonce)
    assert match, f"script-src has no nonce: {policy['script-src']}"
    html = response.content.decode()
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "json" not in tag]
    assert inline, "the page has no inline script to check"
    assert all(f'nonce="{match[1]}"' in tag for tag in inline), inline


def test_each_response_has_its_own_nonce(world, client):
    client.force_login(world.user("staff_member"))
    first, second = (_policy(client.get(reverse("my-home")))["script-src"][-1] for _ in range(2))
    assert NONCE.match(first) and NONCE.match(second) and first != second


def test_the_admin_policy_is_the_apps_with_inline_scripts_and_styles_and_framing_by_itself():
    app, admin = settings.SECURE_CSP, settings.ADMIN_CSP
    different = {name for name in app.keys() | admin.keys() if app.get(name) != admin.get(name)}
    assert different == {"script-src", "style-src", "img-src", "frame-ancestors"}
    assert admin["img-src"] == [*app["img-src"], "blob:"]


# --- What the templates may contain -------------------------------------------------------------------------

TEMPLATES = BASE_DIR / "templates"
# Rendered to PDF by WeasyPrint (workforce.common.views.pdf_response), never sent to a browser as a page.
PDF_TEMPLATES = {
    "cms/records/export_pdf.html",
    "competencies/assessments/summary_pdf.html",
    "peernet/networks/interview_pack_pdf.html",
    "peernet/networks/role_questions_pdf.html",
    "workforce/training/certificate.html",
}
BLOCKED_IN_TEMPLATES = {
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "an inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a javascript: link": re.compile(r"""=\s*["']?\s*javascript:""", re.I),
}
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def _templates():
    """(name, text without Django comments) of every template."""
    for template in sorted(TEMPLATES.rglob("*.html")):
        yield template.relative_to(TEMPLATES).as_posix(), COMMENTS.sub("", template.read_text())


def test_every_inline_script_in_the_templates_carries_the_nonce():
    missing = [
        f"{name}: {tag}"
        for name, text in _templates()
        for tag in re.findall(r"<script\b[^>]*>", text)
        if "src=" not in tag and 'nonce="{{ csp_nonce }}"' not in tag
    ]
    message = 'Inline scripts without nonce="{{ csp_nonce }}", which the policy blocks:\n'
    assert not missing, message + "\n".join(missing)


def test_templates_hold_nothing_the_policy_would_block():
    found = [
        f"{name}: {what}"
        for name, text in _templates()
        if name not in PDF_TEMPLATES
        for what, pattern in BLOCKED_IN_TEMPLATES.items()
        if pattern.search(text)
    ]
    assert not found, "Move styles to cms/static/cms/css/app.css and handlers to a script file:\n" + "\n".join(found)


def test_plotly_is_told_its_styles_are_in_our_stylesheet():
    # Plotly writes its rules into an inline <style>, which style-src 'self' blocks, unless an element with
    # this id and class is on the page before the bundle; the rules are then ours to serve.
    html = render_to_string("includes/plotly_script.html")
    marker = html.find('<template id="plotly.js-style-global" class="no-inline-styles">')
    bundle = re.search(r'<script src="[^"]*/(plotly-[\w.-]+\.js)"', html)
    assert 0 <= marker < bundle.start()
    # A Plotly upgrade that stopped looking for the marker would bring the inline <style> back.
    assert 'matches(".no-inline-styles")' in (BASE_DIR / "cms/static/vendor/plotly" / bundle[1]).read_text()
    # Without this rule a chart's layers stack on top of each other instead of overlaying.
    css = (BASE_DIR / "cms/static/cms/css/app.css").read_text()
    assert re.search(r"\.js-plotly-plot \.plotly \.main-svg \{[^}]*position: absolute", css)


# --- Production ---------------------------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "check-deploy-headers-test-not-a-real-secret-key-0123456789",
    "ALLOWED_HOSTS": "ld-pathways.example",
    "EMAIL_HOST": "smtp.ld-pathways.example",
    "DATABASE_URL": "sqlite:///:memory:",
}
PRODUCTION_SETTINGS = """
import json
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
call_command("check", deploy=True, fail_level="WARNING")
names = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_CSP", "ADMIN_CSP", "MIDDLEWARE",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def test_production_sends_https_only_and_passes_the_deploy_check():
    # The environment's own overrides (SECURE_SSL_REDIRECT, SECURE_HSTS_*) are left out: this is the default.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SECURE_", "DJANGO_", "DATABASE"))}
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SETTINGS],
        cwd=BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    production = json.loads(done.stdout.strip().splitlines()[-1])
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_CSP"] == settings.SECURE_CSP
    assert production["ADMIN_CSP"] == settings.ADMIN_CSP
    assert production["MIDDLEWARE"] == settings.MIDDLEWARE


# --- No caching -------------------------------------------------------------------------------------------

CACHE_MIDDLEWARE = (UpdateCacheMiddleware, FetchFromCacheMiddleware)  # CacheMiddleware is both


def _caching_middleware(middleware) -> list[str]:
    return [name for name in middleware if issubclass(import_string(name), CACHE_MIDDLEWARE)]


def _uses_cache_page(view) -> bool:
    """Whether ``cache_page`` (or the cache middleware made into a decorator) wraps the view anywhere.

    The decorator keeps the middleware, or for ``method_decorator`` on a class-based view the middleware's
    class, in the closures of the functions it makes, so those are followed down: wrapped functions,
    partials, closures, and a class-based view's own methods.
    """
    seen, todo = set(), [view]
    while todo:
        thing = todo.pop()
        if id(thing) in seen:
            continue
        seen.add(id(thing))
        if isinstance(thing, CACHE_MIDDLEWARE) or (isinstance(thing, type) and issubclass(thing, CACHE_MIDDLEWARE)):
            return True
        if isinstance(thing, tuple | list):
            todo.extend(thing)
        elif isinstance(thing, functools.partial):
            todo.extend([thing.func, *thing.args])
        elif inspect.isfunction(thing) or inspect.ismethod(thing):
            function = getattr(thing, "__func__", thing)
            for cell in function.__closure__ or ():
                with contextlib.suppress(ValueError):  # a cell not filled yet
                    todo.append(cell.cell_contents)
            if hasattr(function, "__wrapped__"):
                todo.append(function.__wrapped__)
            if hasattr(function, "view_class"):
                for klass in function.view_class.__mro__[:-1]:
                    todo.extend(value for value in vars(klass).values() if inspect.isfunction(value))
    return False


def _views(resolver, prefix=""):
    """(route, view) of every URL pattern, walked as tests/test_url_permissions.py walks them."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _cached_views(resolver) -> list[str]:
    return [route for route, view in _views(resolver) if _uses_cache_page(view)]


def test_no_cache_middleware_is_installed():
    assert not _caching_middleware(settings.MIDDLEWARE)


def test_no_view_is_cached_on_the_server():
    assert not _cached_views(get_resolver())
    # Wagtail serves every page through one view; a page type could still cache its own serve().
    assert not [model.__name__ for model in get_page_models() if _uses_cache_page(model.serve)]


def _plain(request):
    return HttpResponse("a record")


@method_decorator(cache_page(60), name="dispatch")
class _CachedClassView(View):
    def get(self, request):
        return HttpResponse("a record")


class _PlainClassView(View):
    def get(self, request):
        return HttpResponse("a record")


def test_the_cache_checks_catch_a_cached_view_and_the_cache_middleware():
    urlconf = [
        path("plain/", _plain),
        path("plain-class/", _PlainClassView.as_view()),
        path("records/", include([path("cached/", cache_page(60)(_plain))])),
        path("cached-class/", _CachedClassView.as_view()),
    ]
    assert _cached_views(URLResolver(RegexPattern(r"^/"), urlconf)) == ["records/cached/", "cached-class/"]
    middleware = [*settings.MIDDLEWARE, "django.middleware.cache.UpdateCacheMiddleware"]
    assert _caching_middleware(middleware) == ["django.middleware.cache.UpdateCacheMiddleware"]
    assert _caching_middleware(["django.middleware.cache.CacheMiddleware"])
