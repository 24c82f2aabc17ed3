"""The director reads the KPI dashboard on the demo data and drills down from the whole service
to an area, a team and the children behind a figure: without JavaScript, on a 320 px screen,
with axe passing on every page."""

import re

import pytest

from casework.models import ChildAccessLog
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow_page_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 800},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check(page) -> None:
    assert_accessible(page)
    assert_fits_320(page)


def test_the_director_drills_down_from_the_service_to_a_list_of_children(
    narrow_page_without_javascript,
):
    page = narrow_page_without_javascript
    load_demo()
    sign_in(page, "director")

    # A director lands on the dashboard, not on an empty My work.
    page.get_by_role("heading", name="Key performance indicators", level=1).wait_for()
    assert page.url.endswith("/kpis/")
    check(page)
    assert page.locator(".qaf-kpi-tile").count() >= 10
    # At least one measure of each colour, each said in words.
    for words in ("Off target", "Close to target", "On target"):
        assert page.locator(".govuk-tag", has_text=words).count() >= 1, words
    # The summer dip is explained beside the charts.
    page.get_by_role("heading", name="About these months").wait_for()
    # Each chart is an image with a name, and its figures are in a table too.
    assert page.get_by_role("img", name=re.compile(".")).count() >= 10
    page.get_by_text("The figures as a table").first.click()
    page.get_by_role("table").first.wait_for()

    # Service -> area (the filter is a plain GET form; this follows the link under it).
    below = re.compile("^Figures for one of the")
    area_link = page.get_by_role("list", name=below).get_by_role("link").first
    area_name = area_link.inner_text()
    area_link.click()
    page.get_by_text(f"{area_name}, ").first.wait_for()
    assert "scope=area" in page.url
    check(page)

    # Area -> team, with the breadcrumbs leading back up.
    team_link = page.get_by_role("list", name=below).get_by_role("link").first
    team_name = team_link.inner_text()
    team_link.click()
    assert "scope=team" in page.url
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumbs.get_by_role("link", name=area_name).wait_for()
    breadcrumbs.get_by_text(team_name).wait_for()
    check(page)

    # Team -> the children behind one figure; opening the list is logged for each child.
    before = ChildAccessLog.objects.count()
    page.get_by_role("link", name=re.compile(r"^See the \d+ behind this figure")).first.click()
    page.get_by_role("heading", name=re.compile("^Behind the figure"), level=1).wait_for()
    check(page)
    rows = page.locator("tbody tr").count()
    assert rows >= 1
    assert ChildAccessLog.objects.count() >= before + 1

    # The same filter works by submitting the form, still without JavaScript.
    page.goto("/kpis/")
    page.get_by_label("Part of the service").select_option(label=team_name)
    page.get_by_role("button", name="Show").click()
    assert "scope=team" in page.url
    page.get_by_text(f"{team_name}, ").first.wait_for()
