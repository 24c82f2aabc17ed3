"""Importing the plain CSV case list."""

import datetime as dt

import pytest

from casework.imports.records import ImportRefused
from casework.imports.services import case_file_import
from casework.models import Allocation, Child, Episode, ImportRun

from .factories import case_csv

pytestmark = pytest.mark.django_db

D = dt.date
AS_AT = D(2026, 3, 31)


def import_csv(path, as_at=AS_AT, **kwargs):
    return case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=as_at, **kwargs)


ROWS = [
    {
        "child_id": "A1",
        "case_type": "CIN",
        "team": "Safeguarding 1",
        "worker": "Ann Smith",
        "start_date": "05/01/2026",
        "date_of_birth": "01/06/2015",
        "gender": "F",
        "last_statutory_visit_date": "20/03/2026",
    },
    {
        "child_id": "A2",
        "case_type": "Child protection",
        "team": "Safeguarding 1",
        "worker": "Bob Jones",
        "start_date": "2026-02-01",
        "latest_review_date": "2026-03-01",
    },
    {
        "child_id": "A3",
        "case_type": "LAC",
        "team": "Children in Care",
        "worker": "",
        "start_date": "01/12/2025",
    },
]


def test_a_case_list_becomes_children_episodes_and_allocations(tmp_path):
    report = import_csv(case_csv(tmp_path / "cases.csv", ROWS))
    counts = report.outcome.counts
    assert counts["children"] == 3
    assert counts["episodes"]["cin"] == counts["episodes"]["cp"] == counts["episodes"]["cla"] == 1
    cin = Episode.objects.get(child__child_id="A1")
    assert (cin.kind, cin.start_date, cin.team.name) == ("cin", D(2026, 1, 5), "Safeguarding 1")
    assert cin.last_statutory_visit_date == D(2026, 3, 20)
    assert Child.objects.get(child_id="A1").gender == "female"
    assert Episode.objects.get(child__child_id="A2").latest_review_date == D(2026, 3, 1)
    assert set(Allocation.objects.values_list("child__child_id", "worker__full_name")) == {
        ("A1", "Ann Smith"),
        ("A2", "Bob Jones"),
    }
    assert counts["allocations_opened"] == 2


def test_a_case_not_on_the_next_list_has_closed(tmp_path):
    import_csv(case_csv(tmp_path / "march.csv", ROWS), D(2026, 3, 31))
    report = import_csv(case_csv(tmp_path / "april.csv", ROWS[1:]), D(2026, 4, 30))
    closed = Episode.objects.get(child__child_id="A1")
    assert closed.end_date == D(2026, 4, 30)
    assert Allocation.objects.get(child__child_id="A1").end_date == D(2026, 4, 30)
    assert report.outcome.counts["episodes_closed_not_in_file"] == 1


def test_importing_the_same_list_twice_changes_nothing(tmp_path):
    path = case_csv(tmp_path / "cases.csv", ROWS)
    import_csv(path)
    counts = import_csv(path).outcome.counts
    assert counts["children_created"] == counts["episodes_created"] == 0
    assert counts["allocations_opened"] == counts["allocations_closed"] == 0
    assert Episode.objects.count() == 3


def test_a_list_missing_a_required_column_is_refused_and_nothing_is_written(tmp_path):
    path = case_csv(tmp_path / "cases.csv", ROWS, columns=["child_id", "case_type", "start_date"])
    with pytest.raises(ImportRefused, match="no 'team', 'worker' column"):
        import_csv(path)
    assert not Child.objects.exists()


def test_a_workbook_given_as_a_case_list_is_refused(tmp_path, annex_a_sample):
    with pytest.raises(ImportRefused, match="not a CSV file"):
        import_csv(annex_a_sample)


def test_rows_with_an_unknown_case_type_or_no_start_date_are_rejected(tmp_path):
    rows = [
        {**ROWS[0], "case_type": "Adoption"},
        {**ROWS[1], "start_date": ""},
        ROWS[2],
    ]
    report = import_csv(case_csv(tmp_path / "cases.csv", rows))
    rejected = {(p.row, p.column): p.reason for p in report.outcome.rejected}
    assert "'Adoption' is not a case type" in rejected[(2, "case_type")]
    assert "a child protection needs its start date" in rejected[(3, "start_date")]
    assert list(Child.objects.values_list("child_id", flat=True)) == ["A3"]


def test_a_list_saved_by_excel_in_windows_text_is_read(tmp_path):
    rows = [{**ROWS[0], "worker": "Zoë Brontë"}]
    report = import_csv(case_csv(tmp_path / "cases.csv", rows, encoding="cp1252"))
    assert Allocation.objects.get().worker.full_name == "Zoë Brontë"
    assert any("cp1252" in note for note in report.outcome.notes)


def test_headers_are_matched_whatever_their_case_and_spacing(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        "Child ID,Case Type,Team,Allocated Worker,Start Date,Extra\n"
        "B1,cp,Safeguarding 2,Cara Patel,01/02/2026,ignored\n"
    )
    report = import_csv(path)
    assert Allocation.objects.get().worker.full_name == "Cara Patel"
    assert any("'Extra'" in note for note in report.outcome.notes)
