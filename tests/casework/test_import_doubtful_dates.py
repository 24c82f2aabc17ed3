"""Dates after the snapshot date are doubtful: start, end, review and visit dates alike."""

import datetime as dt

import pytest

from casework.imports.services import case_file_import
from casework.models import Episode, ImportRun

from .factories import CASE_CSV_COLUMNS, annex_a_workbook, case_csv

pytestmark = pytest.mark.django_db

AS_AT = dt.date(2026, 3, 31)


def doubtful(report) -> list[dict]:
    return [problem.as_dict() for problem in report.outcome.doubtful]


def test_a_review_visit_or_end_date_after_the_snapshot_is_reported_where_it_is(tmp_path):
    path = case_csv(
        tmp_path / "cases.csv",
        [
            {
                "child_id": "A1",
                "case_type": "CP",
                "team": "Safeguarding 1",
                "worker": "Ann Smith",
                "start_date": "05/01/2026",
                "latest_review_date": "02/04/2026",
                "last_statutory_visit_date": "20/03/2026",
            },
            {
                "child_id": "A2",
                "case_type": "CIN",
                "team": "Safeguarding 1",
                "worker": "Ann Smith",
                "start_date": "05/01/2026",
                "last_statutory_visit_date": "15/04/2026",
                "end_date": "30/04/2026",
            },
        ],
        columns=[*CASE_CSV_COLUMNS, "end_date"],
    )
    report = case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=AS_AT)
    assert doubtful(report) == [
        {
            "list": "Case list",
            "row": 2,
            "column": "latest_review_date",
            "reason": "02/04/2026 is after the snapshot date (31/03/2026); check the date",
        },
        {
            "list": "Case list",
            "row": 3,
            "column": "end_date",
            "reason": "30/04/2026 is after the snapshot date (31/03/2026); check the date",
        },
        {
            "list": "Case list",
            "row": 3,
            "column": "last_statutory_visit_date",
            "reason": "15/04/2026 is after the snapshot date (31/03/2026); check the date",
        },
    ]
    assert report.outcome.counts["rows_doubtful"] == 2
    # The rows are still imported, dates as stated, for the data officer to check.
    review = Episode.objects.get(child__child_id="A1").latest_review_date
    assert review == dt.date(2026, 4, 2)


def test_dates_on_or_before_the_snapshot_are_not_doubtful(tmp_path):
    path = case_csv(
        tmp_path / "cases.csv",
        [
            {
                "child_id": "A1",
                "case_type": "CLA",
                "team": "Children in care",
                "worker": "Ann Smith",
                "start_date": "05/01/2026",
                "latest_review_date": "31/03/2026",
                "last_statutory_visit_date": "30/03/2026",
            }
        ],
    )
    report = case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=AS_AT)
    assert doubtful(report) == []


def test_annex_a_reports_a_later_review_and_visit_once_each(tmp_path):
    path = annex_a_workbook(
        tmp_path / "annex.xlsx",
        {
            7: [
                {
                    "Child Unique ID": "C1",
                    "Child Protection Plan Start Date": dt.date(2026, 1, 5),
                    "Date of the Last Statutory Visit": dt.date(2026, 4, 9),
                    "Date of latest review conference": dt.date(2026, 4, 1),
                }
            ],
            8: [
                {
                    "Child Unique ID": "C2",
                    "Date Started to be Looked After": dt.date(2025, 6, 1),
                    "Date of Last Social Work Visit": dt.date(2026, 5, 1),
                    "Date Ceased to be Looked After": dt.date(2026, 6, 1),
                }
            ],
        },
    )
    report = case_file_import(path=path, source=ImportRun.Source.ANNEX_A, as_at=AS_AT)
    assert [(p["list"], p["row"], p["column"]) for p in doubtful(report)] == [
        ("List 7", 2, "Date of latest review conference"),
        ("List 7", 2, "Date of the Last Statutory Visit"),
        ("List 8", 2, "Date Ceased to be Looked After"),
        ("List 8", 2, "Date of Last Social Work Visit"),
    ]
