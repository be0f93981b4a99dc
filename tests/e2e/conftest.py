"""Browser tests: Playwright driving Debian's Chromium, with axe checking every page a test visits.

They are marked ``e2e`` and skipped, with the reason, where Chromium is not installed. CI installs it.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make between page steps
# are ordinary synchronous calls, so Django's guard against async contexts does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM}"))


@pytest.fixture(scope="session")
def _migrated_contents(django_db_setup):
    """Django keeps what it serialized at set-up on the connection object, but connection objects are
    context-local and a test that runs after Playwright has started may get a fresh one without it. Kept on
    the connection's class, every connection object finds it, so each browser test starts from it again."""
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _restore_migrated_data(django_db_serialized_rollback, _migrated_contents, transactional_db):
    """Browser tests need real transactions, which empty the tables after each test; serialized rollback
    puts back what the migrations made (the kinds of user, the regions, the home page) before each one."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# The two widths a flow is walked at: a desktop, and a small phone.
WIDTHS = {"desktop": 1280, "phone": 360}


@pytest.fixture(params=sorted(WIDTHS))
def sized_page(request, browser, live_server):
    """A page at each of WIDTHS in turn; ``page.width_name`` says which."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTHS[request.param], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width_name = request.param
    yield page
    context.close()


def shot(page, name):
    """A full-page screenshot for people to look at, when SCREENSHOTS names a folder to keep them in."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page):
    """Run axe on the page as it stands; fail with axe's own report of each violation."""
    from axe_playwright_python.sync_playwright import Axe

    # The NHS.UK header moves menu items that do not fit into "More" once its script has run; checking
    # colours before then would catch items mid-move.
    if page.locator("header.nhsuk-header").count():
        page.wait_for_selector("header[data-nhsuk-header-init]", state="attached")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page, email, password):
    """Sign in through the real pages: the password, then the code from the person's authenticator app
    (made for them here if they have none, as if they had set one up before)."""
    from django.contrib.auth import get_user_model

    from tests.two_step import authenticator_for, code_for

    user = get_user_model().objects.filter(email__iexact=email).first()
    device = authenticator_for(user) if user else None
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None and "/accounts/two-step/verify/" in page.url:
        page.get_by_label("Security code").fill(code_for(device))
        page.get_by_role("button", name="Continue").click()
