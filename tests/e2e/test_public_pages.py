"""The public pages, read as the public reads them: no sign-in, no JavaScript, on a small phone
(320 px) and a desktop (1280 px). Each fits the screen and passes axe; screenshots go to
``QAF_SCREENSHOTS`` when it is set.

A browser with JavaScript switched off runs no timers, and axe needs them, so axe reads each
page in a second browser that refuses every script the site sends: the same page, unstyled by
any script, with only axe running in it.
"""

import os
from pathlib import Path

import pytest
from django.apps import apps

from pages.content import install
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/values/", "Our values"),
    ("/guide/", "How we check our work"),
    ("/guide/children/", "How we check we are helping you"),
    ("/take-part/", "How children and young people can take part"),
]


@pytest.fixture
def no_script(browser, live_server):
    contexts = []

    def open_at(width: int, *, for_axe: bool = False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900},
            java_script_enabled=for_axe,
        )
        contexts.append(context)
        if for_axe:
            context.route(
                "**/*",
                lambda route: (
                    route.abort() if route.request.resource_type == "script" else route.continue_()
                ),
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_each_public_page_reads_well_without_javascript(no_script, width):
    install(apps.get_model)
    shots = os.environ.get("QAF_SCREENSHOTS")
    page, axe_page = no_script(width), no_script(width, for_axe=True)
    try:
        for path, heading in PAGES:
            response = page.goto(path)
            assert response.status == 200, path
            assert page.url.endswith(path), f"{path} sent a stranger to {page.url}"
            page.get_by_role("heading", name=heading, level=1).wait_for()
            assert page.locator("h1").count() == 1
            # Nothing scrolls sideways, whatever the width (WCAG 1.4.10 reflow).
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            axe_page.goto(path)
            assert "js-enabled" not in (axe_page.locator("body").get_attribute("class") or "")
            assert_accessible(axe_page)
            # Every page links to the others, so a reader can find the children's guide.
            nav = page.get_by_role("navigation", name="About our service")
            assert nav.get_by_role("link").count() == len(PAGES)
            if shots:
                name = path.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
        page.goto("/guide/children/")
        pictures = page.locator("main svg[role=img]")
        assert pictures.count() == 4
        for n in range(4):
            assert pictures.nth(n).get_attribute("aria-label")
    finally:
        page.close()
        axe_page.close()
