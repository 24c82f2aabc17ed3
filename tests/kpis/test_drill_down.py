"""One KPI over time by area and team, and the children behind its figure: as many as the
number, only for those who may see them, each written to the child's access log."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from casework.models import ChildAccessLog
from kpis import registry, selectors
from kpis.scopes import Scope
from tests.kpis.builders import snapshots_for
from tests.matrix import add_strangers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


@pytest.fixture
def figures(world, case_audit):
    """The world's child sampled in October 2026, and a year of figures for every part."""
    add_strangers(world)
    return snapshots_for(world)


def _drillable():
    """Audits sampled: the October round lists the world's child."""
    return registry.get("audit.sampled")


def _children_url(kpi, scope: str, period="2026-10"):
    return f"{reverse('kpis:kpi_children', args=[kpi.code])}?scope={scope}&period={period}"


def test_one_kpi_shows_its_definition_its_months_and_every_area_and_team(client, world, figures):
    kpi = _drillable()
    client.force_login(world.users.director)

    text = client.get(reverse("kpis:kpi_detail", args=[kpi.code])).content.decode()

    assert f'<h1 class="govuk-heading-xl">{escape(kpi.title)}</h1>' in text
    assert escape(kpi.definition) in text
    assert "By service area, October 2026" in text
    assert "By team, October 2026" in text
    for team in (world.team_a, world.team_b, world.team_c, world.team_d):
        assert team.name in text
    assert text.count('role="img"') == 1
    assert '<details class="govuk-details" open>' in text  # the table is open beside it


def test_an_unknown_kpi_is_not_found(client, world, figures):
    client.force_login(world.users.director)

    assert client.get(reverse("kpis:kpi_detail", args=["no.such"])).status_code == 404
    assert client.get(reverse("kpis:kpi_children", args=["no.such"])).status_code == 404


def test_the_list_behind_a_figure_is_as_long_as_what_it_counts(client, world, figures):
    kpi = _drillable()
    client.force_login(world.users.director)
    expected = selectors.drill_down(
        kpi.code, figures, Scope.team(world.team_a.pk), world.users.director
    )

    response = client.get(_children_url(kpi, f"team:{world.team_a.pk}"))

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == expected.count()
    assert len(response.context["rows"]) == min(expected.count(), 25)
    text = response.content.decode()
    assert expected.count() == 1
    assert world.child.child_id in text
    assert "Case audit" in text
    assert "Safeguarding A" in text


def test_each_child_listed_is_written_to_the_access_log(client, world, figures):
    kpi = _drillable()
    client.force_login(world.users.director)

    client.get(_children_url(kpi, f"team:{world.team_a.pk}"))

    entry = ChildAccessLog.objects.get(user=world.users.director, child=world.child)
    assert entry.context == f"KPI {kpi.code} children, 2026-10"
    assert entry.child_ref == "C0000001"


def test_a_team_manager_opens_their_own_team_s_list_only(client, world, figures):
    kpi = _drillable()
    client.force_login(world.users.team_manager)

    assert client.get(_children_url(kpi, f"team:{world.team_a.pk}")).status_code == 200
    assert client.get(_children_url(kpi, f"team:{world.team_b.pk}")).status_code == 404
    assert client.get(_children_url(kpi, f"area:{world.area.pk}")).status_code == 404
    assert client.get(_children_url(kpi, "service")).status_code == 404
    assert not ChildAccessLog.objects.filter(user=world.users.team_manager).exclude(
        child=world.child
    )


def test_a_senior_manager_opens_the_lists_of_their_own_area(client, world, figures):
    kpi = _drillable()
    client.force_login(world.users.senior_manager)

    assert client.get(_children_url(kpi, f"area:{world.area.pk}")).status_code == 200
    assert client.get(_children_url(kpi, f"team:{world.team_c.pk}")).status_code == 200
    assert client.get(_children_url(kpi, f"team:{world.team_d.pk}")).status_code == 404
    assert client.get(_children_url(kpi, f"area:{world.other_area.pk}")).status_code == 404


def test_a_senior_manager_sees_links_to_children_only_where_they_may_open_them(
    client, world, figures
):
    kpi = _drillable()
    client.force_login(world.users.senior_manager)

    text = client.get(reverse("kpis:kpi_detail", args=[kpi.code])).content.decode()

    assert _children_url(kpi, f"team:{world.team_a.pk}").replace("&", "&amp;") in text
    assert _children_url(kpi, f"team:{world.team_d.pk}").replace("&", "&amp;") not in text


def test_the_director_sees_every_list_from_the_dashboard(client, world, figures):
    client.force_login(world.users.director)

    text = client.get(reverse("kpis:dashboard")).content.decode()

    assert "behind this figure" in text
