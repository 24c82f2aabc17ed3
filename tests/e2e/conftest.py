"""Browser tests: Playwright driving the system Chromium, with axe on every page visited."""

import os
import shutil

import pytest

from tests.conftest import require_or_skip

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
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


def chromium_path() -> str | None:
    return (
        os.environ.get("QAF_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    require_or_skip(bool(executable), what="Chromium", env_var="QAF_REQUIRE_BROWSER")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra not installed
        require_or_skip(False, what="Playwright", env_var="QAF_REQUIRE_BROWSER")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(request, monkeypatch):
    """Browser tests sign in many times, through the sign-in page, as people made for each test:
    they are not asked for a code, except in the tests of the two-factor steps themselves, which
    ask for the ``second_factor_on`` fixture."""
    if "second_factor_on" in request.fixturenames:
        return
    from organisation import two_factor

    monkeypatch.setattr(two_factor, "second_factor_required", lambda user, *, backend: False)


@pytest.fixture
def second_factor_on(settings):
    """Two-factor authentication as in production: no account let off, codes throttled."""
    settings.QAF_2FA_DEMO_EXEMPT = False
