"""The director's dashboard: tiles with value, target, RAG in words and direction; a chart with
its table and headline; filters and drill-down from the service to a team; bad addresses answered
with a clear message; the same queries for 3 teams as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from kpis import registry
from tests import factories
from tests.kpis.builders import snapshots_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


@pytest.fixture
def figures(world):
    return snapshots_for(world)


def _get(client, user, name="kpis:dashboard", **query):
    client.force_login(user)
    return client.get(reverse(name), query)


def test_each_kpi_is_a_tile_with_its_value_target_rag_and_direction(client, world, figures):
    response = _get(client, world.users.director)

    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Key performance indicators</h1>' in text
    assert "Whole service, October 2026" in text
    for kpi in registry.all_kpis():
        assert escape(kpi.title) in text
    tiles = response.context["groups"]
    first = tiles[0].tiles[0]
    assert escape(first.kpi.title) in text
    assert "Target " in text
    # Red, amber and green are words in a tag, not colour alone.
    assert any(label in text for label in ("On target", "Close to target", "Off target"))
    assert "than the month before" in text or "The same as the month before" in text


def test_each_chart_is_an_image_beside_a_table_and_a_headline(client, world, figures):
    text = _get(client, world.users.director).content.decode()

    count = len(registry.all_kpis())
    assert text.count('role="img"') == count
    assert text.count("The figures as a table") == count
    assert text.count("<desc id=") == count
    # The table holds every month of the chart.
    assert "November 2025" in text and "October 2026" in text


def test_the_service_lists_its_areas_and_an_area_its_teams(client, world, figures):
    text = _get(client, world.users.director).content.decode()
    assert f"?scope=area:{world.area.pk}&amp;period=2026-10" in text

    text = _get(client, world.users.director, scope=f"area:{world.area.pk}").content.decode()
    assert f"?scope=team:{world.team_a.pk}&amp;period=2026-10" in text
    assert f"{world.area.name}, October 2026" in text


def test_a_team_s_page_leads_back_up_and_down_to_its_children(client, world, figures):
    response = _get(client, world.users.director, scope=f"team:{world.team_a.pk}")

    text = response.content.decode()
    assert 'aria-label="Breadcrumb"' in text
    assert f"?scope=area:{world.area.pk}&amp;period=2026-10" in text  # back up to the area
    assert '<span aria-current="page">Safeguarding A</span>' in text
    children_url = reverse("kpis:kpi_children", args=[registry.all_kpis()[0].code])
    assert f"{children_url}?scope=team:{world.team_a.pk}&amp;period=2026-10" in text


def test_the_filter_is_a_get_form_that_works_without_javascript(client, world, figures):
    text = _get(client, world.users.director).content.decode()

    assert '<form method="get" class="qaf-filter"' in text
    assert f'<option value="team:{world.team_b.pk}">Safeguarding B</option>' in text
    assert '<option value="2026-10" selected>October 2026</option>' in text


def test_a_month_can_be_chosen(client, world, figures):
    response = _get(client, world.users.director, period="2026-06")

    assert response.status_code == 200
    assert "Whole service, June 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"scope": "everything"}, "is not a part of the service"),
        ({"scope": "team:abc"}, "is not a part of the service"),
        ({"period": "October"}, "is not a month"),
        ({"period": "2026-13"}, "is not a month"),
        ({"period": "2027-01"}, "it has not happened"),
        ({"period": "1900-01"}, "There are no figures for January 1900"),
    ],
)
def test_a_bad_address_says_what_is_wrong_and_is_never_a_server_error(
    client, world, figures, query, message
):
    for name in ("kpis:dashboard", "kpis:kpi_detail", "kpis:kpi_children", "kpis:team"):
        user = world.users.team_manager if name == "kpis:team" else world.users.director
        client.force_login(user)
        kwargs = {"code": registry.all_kpis()[0].code} if "kpi_" in name else None
        response = client.get(reverse(name, kwargs=kwargs), query)
        if name == "kpis:team" and "scope" in query:
            continue  # the team page has no scope to choose
        assert response.status_code == 400, name
        text = response.content.decode()
        assert "There is a problem" in text
        assert message in text


def test_a_team_that_does_not_exist_is_not_found(client, world, figures):
    assert _get(client, world.users.director, scope="team:999999").status_code == 404
    assert _get(client, world.users.director, scope="area:999999").status_code == 404


def test_with_no_figures_yet_the_dashboard_says_so(client, world):
    text = _get(client, world.users.director).content.decode()

    assert "No figures have been worked out for October 2026 yet." in text


def _queries(client, user, name="kpis:dashboard", kwargs=None, **query) -> int:
    client.force_login(user)
    client.get(reverse(name, kwargs=kwargs), query)  # the session and caches settle
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    return len(captured)


def _grow_to(world, count: int) -> None:
    teams = [factories.TeamFactory(service_area=world.area) for _ in range(count - 2)]
    snapshots_for(world, teams=teams)


@pytest.mark.parametrize(
    ("name", "code", "scope"),
    [
        ("kpis:dashboard", None, "service"),
        ("kpis:dashboard", None, "area"),
        ("kpis:kpi_detail", "first", "service"),
        ("kpis:kpi_children", "first", "team"),
    ],
)
def test_the_page_makes_the_same_queries_for_3_teams_and_30(client, world, name, code, scope):
    kwargs = {"code": registry.all_kpis()[0].code} if code else None
    query = {
        "service": {},
        "area": {"scope": f"area:{world.area.pk}"},
        "team": {"scope": f"team:{world.team_a.pk}"},
    }[scope]
    snapshots_for(world)
    factories.TeamFactory(service_area=world.area)
    snapshots_for(world)
    small = _queries(client, world.users.director, name, kwargs, **query)
    _grow_to(world, 30)
    large = _queries(client, world.users.director, name, kwargs, **query)
    assert small == large, f"{name}: {small} queries with 3 teams, {large} with 30"


def test_a_month_s_note_explains_the_dip_on_the_audit_charts(client, world, figures):
    from datetime import date

    from kpis.services import round_note_set

    round_note_set(period=date(2026, 8, 1), note="Half the usual sample: summer leave.")
    round_note_set(
        period=date(2026, 9, 1), code="voice.plan_copy", note="A new form went out this month."
    )

    text = _get(client, world.users.director).content.decode()

    assert "About these months" in text
    assert "<strong>August 2026:</strong> Half the usual sample: summer leave." in text
    audit_charts = sum(1 for kpi in registry.all_kpis() if kpi.group == "audit")
    assert text.count("A note explains August 2026.") == audit_charts
    assert text.count("A note explains September 2026.") == 1
    assert "<strong>* September 2026:</strong> A new form went out this month." in text
