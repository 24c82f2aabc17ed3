"""The audit list's download: blind gradings stay blind, each person gets the audits the page
shows them, and the number of queries does not grow with the audits."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audits.models import CaseAudit, Grade
from tests.audits.routes import extend
from tests.factories import ChildFactory

from .conftest import submit_all

pytestmark = pytest.mark.django_db

MANAGER_GRADE = "Team manager's grade"
PEER_GRADE = "Peer auditor's grade"


def _rows(client, fmt="csv", **params) -> list[dict]:
    response = client.get(reverse("audits:list_download"), {"format": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    return [
        dict(zip(values[0], [v if v is not None else "" for v in row], strict=True))
        for row in values[1:]
    ]


@pytest.fixture
def peer_submitted(world):
    """The world's audit with only the peer auditor's grading in (Inadequate)."""
    extend(world)
    submit_all(world.case_audit, world.users.peer_auditor, grade=Grade.INADEQUATE)
    return world.case_audit


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ["team_manager", "senior_manager", "qa_officer", "director"])
def test_no_download_shows_a_grade_before_both_are_in(client, world, peer_submitted, role, fmt):
    client.force_login(getattr(world.users, role))
    row = next(r for r in _rows(client, fmt) if r["Case"] == world.child.child_id)
    assert row[PEER_GRADE] == ""
    assert row[MANAGER_GRADE] == ""
    assert "Inadequate" not in str(row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_both_grades_are_in_the_download_once_both_are_submitted(
    client, world, peer_submitted, fmt
):
    submit_all(peer_submitted, world.users.team_manager, grade=Grade.GOOD)
    client.force_login(world.users.team_manager)
    row = next(r for r in _rows(client, fmt) if r["Case"] == world.child.child_id)
    assert row[PEER_GRADE] == "Inadequate"
    assert row[MANAGER_GRADE] == "Good"


def test_each_person_downloads_only_the_audits_the_page_shows_them(client, world):
    extend(world)
    other = CaseAudit.objects.create(
        round=world.audit_round,
        child=ChildFactory(child_id="OTHER-TEAM-1"),
        team=world.team_b,
        case_kind=world.case_audit.case_kind,
        due_date=world.case_audit.due_date,
    )
    client.force_login(world.users.team_manager)  # manages team A only
    cases = {row["Case"] for row in _rows(client)}
    assert world.child.child_id in cases
    assert other.child.child_id not in cases
    client.force_login(world.users.qa_officer)
    assert {world.child.child_id, other.child.child_id} <= {row["Case"] for row in _rows(client)}


def test_the_download_keeps_the_pages_filter(client, world):
    extend(world)
    client.force_login(world.users.qa_officer)
    assert _rows(client, team=world.team_b.pk) == []
    assert len(_rows(client, team=world.team_a.pk)) == 1


def _more_audits(world, count: int, start: int) -> None:
    CaseAudit.objects.bulk_create(
        CaseAudit(
            round=world.audit_round,
            child=ChildFactory(child_id=f"BULK-{n}"),
            team=world.team_a,
            case_kind=world.case_audit.case_kind,
            due_date=world.case_audit.due_date,
        )
        for n in range(start, start + count)
    )


def test_the_download_keeps_its_query_count_as_the_audits_grow(
    client, world, django_assert_max_num_queries
):
    extend(world)
    _more_audits(world, 2, 0)
    client.force_login(world.users.qa_officer)
    with django_assert_max_num_queries(20) as small:
        assert len(_rows(client)) == 3
    _more_audits(world, 27, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_rows(client)) == 30
