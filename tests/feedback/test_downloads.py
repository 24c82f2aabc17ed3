"""Voice's downloads: the register as a real export, hostile text inert in both formats, the
scope of the page, and a query count that does not grow with the register."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from feedback.models import ComplaintOrCompliment
from feedback.services import complaint_record
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

HOSTILE_TEAM = '=HYPERLINK("http://evil.example","Open")'


def _record(world, team, n: int = 1):
    for day in range(n):
        complaint_record(
            kind=ComplaintOrCompliment.Kind.COMPLAINT,
            received_on=dt.date(2026, 10, 1 + day % 28),
            team=team,
            category=ComplaintOrCompliment.Category.DELAY,
            received_from=ComplaintOrCompliment.From.PARENT_CARER,
            summary="Visit missed twice.",
            by=world.users.qa_officer,
        )


def _download(client, fmt: str, **params) -> list[list]:
    response = client.get(reverse("feedback:complaint_list_download"), {"format": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]


def test_a_hostile_team_name_is_inert_in_the_register_as_csv_and_excel(client, world):
    _record(world, TeamFactory(name=HOSTILE_TEAM, service_area=world.area))
    client.force_login(world.users.qa_officer)
    for fmt in ("csv", "xlsx"):
        rows = _download(client, fmt)
        team_cell = rows[1][rows[0].index("Team")]
        assert team_cell == "'" + HOSTILE_TEAM
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("feedback:complaint_list_download"), {"format": "xlsx"}).content
        )
    ).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    received = sheet.cell(row=2, column=3)
    assert received.is_date


def test_a_team_manager_downloads_only_their_teams_register(client, world):
    _record(world, world.team_a)
    _record(world, world.team_b)
    client.force_login(world.users.team_manager)
    teams = {row[3] for row in _download(client, "csv")[1:]}
    assert teams == {world.team_a.name}


def test_the_register_download_keeps_its_query_count_as_it_grows(
    client, world, django_assert_max_num_queries
):
    _record(world, world.team_a, 3)
    client.force_login(world.users.qa_officer)
    with django_assert_max_num_queries(20) as small:
        assert len(_download(client, "xlsx")) == 4
    _record(world, world.team_b, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_download(client, "xlsx")) == 31
