"""The director reads the KPI dashboard on the demo data and drills down from the whole service
to an area, a team and the children behind a figure: without JavaScript, on a 320 px screen.
Axe needs JavaScript to run, so each page the drill-down reached is then opened again in a
320 px browser with JavaScript on and checked there."""

import re

import pytest

from casework.models import ChildAccessLog
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _narrow_page(browser, live_server, *, javascript: bool):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 800},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def narrow_page_without_javascript(browser, live_server):
    context, page = _narrow_page(browser, live_server, javascript=False)
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser, live_server):
    context, page = _narrow_page(browser, live_server, javascript=True)
    yield page
    context.close()


def _fits_320(page) -> None:
    """Nothing wider than the 320 px screen, measured without JavaScript."""
    box = page.locator("body").bounding_box()
    assert box is not None and box["width"] <= 320, page.url
    for selector in ("main", ".govuk-header", ".qaf-filter", ".qaf-kpi-tile"):
        for element in page.locator(selector).all()[:5]:
            right = element.bounding_box()
            assert right is None or right["x"] + right["width"] <= 321, (page.url, selector)


def test_the_director_drills_down_from_the_service_to_a_list_of_children(
    narrow_page_without_javascript, narrow_page
):
    page = narrow_page_without_javascript
    load_demo()
    sign_in(page, "director")

    # A director lands on the dashboard, not on an empty My work.
    page.get_by_role("heading", name="Key performance indicators", level=1).wait_for()
    assert page.url.endswith("/kpis/")
    visited = [page.url]
    _fits_320(page)
    assert page.locator(".qaf-kpi-tile").count() >= 10
    # At least one measure of each colour, each said in words.
    for words in ("Off target", "Close to target", "On target"):
        assert page.locator(".govuk-tag", has_text=words).count() >= 1, words
    # The summer dip is explained beside the charts.
    page.get_by_role("heading", name="About these months").wait_for()
    # Each chart is an image with a name, and its figures are in a table too (a native
    # details element: it opens without JavaScript).
    assert page.get_by_role("img", name=re.compile(".")).count() >= 10
    page.get_by_text("The figures as a table").first.click()
    page.get_by_role("table").first.wait_for()

    # Service -> area, by the links under the filter.
    below = re.compile("^Figures for one of the")
    area_link = page.get_by_role("list", name=below).get_by_role("link").first
    area_name = area_link.inner_text()
    area_link.click()
    page.get_by_text(re.compile(rf"^{re.escape(area_name)}, \w+ \d{{4}}$")).first.wait_for()
    assert "scope=area" in page.url
    visited.append(page.url)
    _fits_320(page)

    # Area -> team, with the breadcrumbs leading back up.
    team_link = page.get_by_role("list", name=below).get_by_role("link").first
    team_name = team_link.inner_text()
    team_link.click()
    assert "scope=team" in page.url
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumbs.get_by_role("link", name=area_name).wait_for()
    breadcrumbs.get_by_text(team_name, exact=True).wait_for()
    visited.append(page.url)
    _fits_320(page)

    # Team -> the children behind one figure; opening the list is logged for each child.
    before = ChildAccessLog.objects.count()
    page.get_by_role("link", name=re.compile(r"^See the \d+ behind this figure")).first.click()
    page.get_by_role("heading", name=re.compile("^Behind the figure"), level=1).wait_for()
    rows = page.locator("tbody tr").count()
    assert rows >= 1
    assert ChildAccessLog.objects.count() >= before + rows
    visited.append(page.url)
    _fits_320(page)

    # The filter is a plain GET form: choosing a team and pressing Show works without JavaScript.
    page.goto("/kpis/")
    page.get_by_label("Part of the service").select_option(label=team_name)
    page.get_by_role("button", name="Show").click()
    assert "scope=team" in page.url
    page.get_by_text(f"{team_name}, ").first.wait_for()

    # Every page of the drill-down passes axe and fits a 320 px screen.
    checker = narrow_page
    sign_in(checker, "director")
    checker.get_by_role("heading", name="Key performance indicators", level=1).wait_for()
    for url in visited:
        response = checker.goto(url)
        assert response.status == 200, url
        assert_accessible(checker)
        assert_fits_320(checker)


def test_the_director_reads_a_measure_s_four_sources_side_by_side(narrow_page):
    page = narrow_page
    load_demo()
    sign_in(page, "director")
    page.get_by_role("heading", name="Key performance indicators", level=1).wait_for()

    page.goto("/kpis/measures/")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("link", name="Children and families know why we are involved").click()
    page.get_by_role(
        "heading", name="Questions in the peer auditor's conversations", level=2
    ).wait_for()
    assert page.get_by_text("Do you know why your social worker visits you?").first.is_visible()
    assert_accessible(page)
    assert_fits_320(page)
