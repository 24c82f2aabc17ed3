"""Every organisation list asks the same number of queries with ten times the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.models import Absence, RoleChange, SecondFactorReset, StaffImportRun
from qaf.roles import Role
from tests.audits.conftest import open_case
from tests.factories import TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response
    return len(queries)


def _staff_imports(world, number: int, size: int) -> None:
    for index in range(size):
        StaffImportRun.objects.create(
            origin="upload",
            status="applied",
            file_name=f"staff-{number}-{index}.csv",
            sha256=f"{number:032d}{index:032d}",
            created_by=world.users.qa_officer,
        )


def _workers(world, number: int, size: int) -> None:
    """Workers named by case data and not on the staff list, each with a case."""
    for index in range(size):
        worker = UserFactory(username=f"unlisted-{number}-{index}", full_name=f"Unlisted {index}")
        open_case(world.team_a, worker)


def _team_members(world, number: int, size: int) -> None:
    for index in range(size):
        member = UserFactory(username=f"member-{number}-{index}", roles=[Role.PRACTITIONER])
        TeamMembershipFactory(user=member, team=world.team_a)


def _person_history(world, number: int, size: int) -> None:
    person = world.users.practitioner
    for index in range(size):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=10 * (index + number * 30))
        Absence.objects.create(user=person, start_date=day, end_date=day + dt.timedelta(days=2))
        RoleChange.objects.create(
            person=person,
            role=Role.PEER_AUDITOR.value,
            granted=index % 2 == 0,
            changed_by=world.users.qa_officer,
        )
        SecondFactorReset.objects.create(
            person=person, reset_by=world.users.qa_officer, had_app=True
        )
        TeamMembershipFactory(user=person, team=world.team_b, end_date=day)


PAGES = {
    "staff imports": (lambda world: reverse("organisation:staff_imports"), _staff_imports),
    "workers not on the staff list": (lambda world: reverse("organisation:workers"), _workers),
    "a team's members": (
        lambda world: reverse("organisation:team", args=[world.team_a.pk]),
        _team_members,
    ),
    "a person's memberships, leave and changes": (
        lambda world: reverse("organisation:person", args=[world.users.practitioner.pk]),
        _person_history,
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_organisation_lists_ask_the_same_queries_at_3_and_30_rows(client, world, page):
    url_for, grow = PAGES[page]
    client.force_login(world.users.qa_officer)
    grow(world, 1, 3)
    small = _queries(client, url_for(world))
    grow(world, 2, 27)
    assert _queries(client, url_for(world)) == small
