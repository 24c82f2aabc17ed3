"""A team manager's team over time: audit grades, agreement, and every KPI beside the service's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from casework.models import TeamMembership
from kpis import registry
from qaf.roles import Role
from tests import factories
from tests.kpis.builders import snapshots_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


def test_a_team_manager_sees_their_team_s_grades_and_kpis_against_the_service(client, world, loop):
    snapshots_for(world)
    client.force_login(world.users.team_manager)

    response = client.get(reverse("kpis:team"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Safeguarding A: figures over time" in text
    # The world's audit was moderated to "requires improvement" in October 2026.
    assert (
        "In the 12 months to October 2026, 0 of your team's 1 audited case (0%) had a final "
        "grade of good or outstanding"
    ) in text
    assert "Your team against the whole service" in text
    for kpi in registry.all_kpis():
        assert escape(kpi.title) in text
    children = reverse("kpis:kpi_children", args=[registry.all_kpis()[0].code])
    assert f"{children}?scope=team:{world.team_a.pk}" in text


def test_a_manager_of_two_teams_chooses_between_them_and_no_other(client, world):
    snapshots_for(world)
    factories.TeamMembershipFactory(
        user=world.users.team_manager, team=world.team_b, role=TeamMembership.Role.MANAGER
    )
    other = factories.TeamFactory(service_area=world.area)
    client.force_login(world.users.team_manager)

    text = client.get(reverse("kpis:team"), {"team": world.team_b.pk}).content.decode()

    assert "Safeguarding B: figures over time" in text
    assert '<select class="govuk-select" id="id_team" name="team">' in text
    assert client.get(reverse("kpis:team"), {"team": other.pk}).status_code == 403


def test_a_team_manager_without_a_team_is_told_so(client, world):
    manager = factories.UserFactory(username="no_team", roles=[Role.TEAM_MANAGER])
    client.force_login(manager)

    text = client.get(reverse("kpis:team")).content.decode()

    assert "You do not manage a team at the moment" in text


def test_the_team_page_makes_the_same_queries_for_3_teams_and_30(client, world):
    snapshots_for(world)
    factories.TeamFactory(service_area=world.area)
    client.force_login(world.users.team_manager)
    client.get(reverse("kpis:team"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("kpis:team"))
    snapshots_for(world, teams=[factories.TeamFactory(service_area=world.area) for _ in range(27)])
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("kpis:team"))
    assert len(small) == len(large)


def test_a_team_manager_reads_how_often_each_auditor_agreed(client, world, loop):
    snapshots_for(world)
    client.force_login(world.users.team_manager)

    response = client.get(reverse("kpis:team"))

    rows = {(row.name, row.role): row for row in response.context["auditors"]}
    audit = loop.audit
    manager = rows[(audit.team_manager.full_name, "Team manager")]
    peer = rows[(audit.peer_auditor.full_name, "Peer auditor")]
    # Graded good by the manager and requires improvement by the peer: they did not agree.
    assert (manager.graded, manager.agreed, peer.graded, peer.agreed) == (1, 0, 1, 0)
    text = response.content.decode()
    assert "Agreement by auditor" in text
    assert escape(audit.peer_auditor.full_name) in text
    assert "0 (0%)" in text
