"""Case events from the imports: every dated referral, assessment, conference, plan, review,
visit and placement a snapshot gives, kept as its own record for the practice KPIs."""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from django.db.models import F
from openpyxl import load_workbook

from casework.imports.services import case_file_import
from casework.models import Allocation, CaseEvent, Child, Episode, ImportRun

from .factories import ANNEX_A_HEADERS, annex_a_workbook, case_csv

pytestmark = pytest.mark.django_db

D = dt.date


def import_annex_a(path, as_at=None, **kwargs):
    return case_file_import(path=path, source=ImportRun.Source.ANNEX_A, as_at=as_at, **kwargs)


AS_AT = D(2026, 3, 31)


def import_csv(path, as_at=AS_AT, **kwargs):
    return case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=as_at, **kwargs)


def events() -> list[tuple]:
    return sorted(
        CaseEvent.objects.values_list(
            "child__child_id", "kind", "plan_type", "started_on", "ended_on", "seen_alone", "detail"
        )
    )


def filled(path, number: int, header: str, only=None) -> int:
    """How many rows of a list have a value in ``header`` (and pass ``only``), read by openpyxl."""
    rows = list(load_workbook(path, read_only=True)[f"List {number}"].iter_rows(values_only=True))
    column = rows[0].index(header)
    return sum(
        1 for row in rows[1:] if row[column] not in (None, "") and (only is None or only(row))
    )


# --- the real Annex A sample -----------------------------------------------------------------


def test_the_sample_gives_the_events_its_lists_hold(annex_a_sample):
    counts = import_annex_a(annex_a_sample).outcome.counts
    by_kind = Counter(CaseEvent.objects.values_list("kind", "plan_type"))
    # Counted by hand from lists 3 to 9 of the workbook (openpyxl counts the same below).
    assert by_kind == {
        ("referral", ""): 6,  # list 3, every row
        ("assessment", ""): 5,  # list 4
        ("section_47", ""): 5,  # list 5
        ("strategy_discussion", ""): 5,  # list 5, the same date starts the enquiry
        ("icpc", ""): 3,  # list 5 rows with an ICPC date
        ("plan", "cin"): 5,  # list 6
        ("visit", "cin"): 5,  # list 6 "Date Child Was Last Seen"
        ("plan", "cp"): 7,  # list 7
        ("visit", "cp"): 7,  # list 7 last statutory visit
        ("rcpc", "cp"): 5,  # list 7 rows with a review conference
        ("plan", "cla"): 5,  # list 8
        ("review", "cla"): 5,  # list 8 latest statutory review
        ("visit", "cla"): 5,  # list 8 last social work visit
        ("placement", ""): 5,  # list 8 start of the most recent placement
    }
    assert sum(by_kind.values()) == CaseEvent.objects.count() == counts["events_created"] == 73
    assert by_kind[("referral", "")] == filled(annex_a_sample, 3, "Date of Referral")
    assert by_kind[("assessment", "")] == filled(
        annex_a_sample, 4, "Continuous Assessment Start Date"
    )
    assert by_kind[("icpc", "")] == filled(
        annex_a_sample, 5, "Date of Initial Child Protection Conference"
    )
    assert by_kind[("rcpc", "cp")] == filled(annex_a_sample, 7, "Date of latest review conference")
    assert by_kind[("visit", "cla")] == filled(annex_a_sample, 8, "Date of Last Social Work Visit")
    assert by_kind[("placement", "")] == filled(
        annex_a_sample, 8, "Start Date of Most Recent Placement"
    )
    assert counts["events"]["visit"] == 17 and counts["events"]["plan"] == 17

    cp_visits = CaseEvent.objects.filter(kind="visit", plan_type="cp")
    assert Counter(cp_visits.values_list("seen_alone", flat=True)) == {True: 3, False: 4}
    # Authorised assessments end when authorised; ended plans end when the file says.
    assessment = CaseEvent.objects.get(kind="assessment", child__child_id="10692868")
    assert (assessment.started_on, assessment.ended_on) == (D(2019, 5, 16), D(2021, 2, 8))
    assert (
        CaseEvent.objects.filter(kind="plan", plan_type="cp", ended_on__isnull=False).count() == 5
    )
    placement = CaseEvent.objects.get(kind="placement", child__child_id="3623204")
    assert (placement.started_on, placement.detail) == (D(2009, 7, 27), "H5")
    cp_plan = CaseEvent.objects.get(kind="plan", plan_type="cp", child__child_id="10721552")
    assert cp_plan.detail == "Physical abuse"
    # Each event belongs to its child's episode, and comes from the Annex A workbook.
    assert not CaseEvent.objects.exclude(episode__child=F("child")).exists()
    assert set(CaseEvent.objects.values_list("source", flat=True)) == {"annex_a"}


def test_importing_the_sample_twice_creates_no_second_event(annex_a_sample):
    import_annex_a(annex_a_sample)
    before = (events(), sorted(Allocation.objects.values_list()))
    again = import_annex_a(annex_a_sample).outcome.counts
    assert again["events_created"] == again["events_updated"] == 0
    assert again["events"]["referral"] == 6
    assert (events(), sorted(Allocation.objects.values_list())) == before
    assert CaseEvent.objects.count() == 73


# --- snapshots build the history --------------------------------------------------------------

CP = "Child Protection Plan Start Date"
VISIT = "Date of the Last Statutory Visit"


def cp_row(visit, seen="Yes", review=None, end=None, child="C1"):
    return {
        "Child Unique ID": child,
        CP: dt.datetime(2025, 11, 3),
        VISIT: visit,
        "Was the Child Seen Alone?": seen,
        "Date of latest review conference": review,
        "Child Protection Plan End Date": end,
        "Allocated Team": "Safeguarding 1",
        "Allocated Worker": "Ann Smith",
    }


def test_each_snapshot_adds_the_visits_it_names_and_completes_the_plan(tmp_path):
    jan = annex_a_workbook(
        tmp_path / "jan.xlsx",
        {7: [cp_row(dt.datetime(2026, 1, 12), "Yes", review=dt.datetime(2025, 11, 20))]},
        saved=dt.datetime(2026, 1, 31),
    )
    feb = annex_a_workbook(
        tmp_path / "feb.xlsx",
        {7: [cp_row(dt.datetime(2026, 2, 9), "No", end=dt.datetime(2026, 2, 20))]},
        saved=dt.datetime(2026, 2, 28),
    )
    import_annex_a(jan, as_at=D(2026, 1, 31))
    counts = import_annex_a(feb, as_at=D(2026, 2, 28)).outcome.counts
    assert counts["events_created"] == 1, "February's visit"
    assert counts["events_updated"] == 1, "the plan's end date"
    assert events() == [
        ("C1", "plan", "cp", D(2025, 11, 3), D(2026, 2, 20), None, ""),
        ("C1", "rcpc", "cp", D(2025, 11, 20), None, None, ""),
        ("C1", "visit", "cp", D(2026, 1, 12), None, True, ""),
        ("C1", "visit", "cp", D(2026, 2, 9), None, False, ""),
    ]
    # The allocation history is the imports' as before: the plan ended, so did the allocation.
    assert list(Allocation.objects.values_list("worker__full_name", "start_date", "end_date")) == [
        ("Ann Smith", D(2026, 1, 31), D(2026, 2, 20))
    ]


def test_a_blank_in_a_later_snapshot_never_erases_what_an_event_holds(tmp_path):
    first = annex_a_workbook(tmp_path / "a.xlsx", {7: [cp_row(dt.datetime(2026, 1, 12), "Yes")]})
    again = annex_a_workbook(tmp_path / "b.xlsx", {7: [cp_row(dt.datetime(2026, 1, 12), None)]})
    import_annex_a(first, as_at=D(2026, 1, 31))
    counts = import_annex_a(again, as_at=D(2026, 1, 31)).outcome.counts
    assert counts["events_created"] == counts["events_updated"] == 0
    assert CaseEvent.objects.get(kind="visit").seen_alone is True


LIST_8 = [
    *ANNEX_A_HEADERS[8],
    "Start Date of Most Recent Placement",
    "Placement Type",
]
LIST_9 = [*ANNEX_A_HEADERS[9], "Date of Latest Pathway Plan"]


def test_dates_after_the_snapshot_are_doubtful_and_imported_as_stated(tmp_path):
    path = annex_a_workbook(
        tmp_path / "late.xlsx",
        {
            8: [
                {
                    "Child Unique ID": "L1",
                    "Date Started to be Looked After": dt.datetime(2024, 5, 1),
                    "Date of Last Social Work Visit": dt.datetime(2026, 4, 2),
                    "Start Date of Most Recent Placement": dt.datetime(2026, 4, 9),
                    "Placement Type": "a) U1: Foster placement - relatives",
                }
            ],
            9: [
                {
                    "Child Unique ID": "L2",
                    "Date of Birth": dt.datetime(2007, 6, 1),
                    "Date of Latest Pathway Plan": dt.datetime(2026, 5, 1),
                }
            ],
        },
        headers={8: LIST_8, 9: LIST_9},
    )
    report = import_annex_a(path, as_at=D(2026, 3, 31))
    late = {
        (problem["list"], problem["row"], problem["column"]): problem["reason"]
        for problem in (problem.as_dict() for problem in report.outcome.doubtful)
    }
    assert late[("List 8", 2, "Start Date of Most Recent Placement")] == (
        "09/04/2026 is after the snapshot date (31/03/2026); check the date"
    )
    assert ("List 8", 2, "Date of Last Social Work Visit") in late
    assert ("List 9", 2, "Date of Latest Pathway Plan") in late
    assert events() == [
        ("L1", "placement", "", D(2026, 4, 9), None, None, "U1"),
        ("L1", "plan", "cla", D(2024, 5, 1), None, None, ""),
        ("L1", "visit", "cla", D(2026, 4, 2), None, None, ""),
        ("L2", "plan", "pathway", D(2026, 5, 1), None, None, ""),
    ]


def test_an_authorisation_before_the_start_is_reported_and_left_off_the_event(tmp_path):
    path = annex_a_workbook(
        tmp_path / "a.xlsx",
        {
            4: [
                {
                    "Child Unique ID": "A1",
                    "Continuous Assessment Start Date": dt.datetime(2026, 2, 10),
                    "Continuous Assessment Date of Authorisation": dt.datetime(2026, 1, 5),
                }
            ]
        },
    )
    report = import_annex_a(path, as_at=D(2026, 3, 31))
    (problem,) = [p for p in report.outcome.doubtful if p.sheet == "List 4"]
    assert (problem.row, problem.column) == (2, "Continuous Assessment Date of Authorisation")
    assert "before the start date" in problem.reason
    assert events() == [("A1", "assessment", "", D(2026, 2, 10), None, None, "")]


def test_a_rejected_row_makes_no_event(tmp_path):
    path = annex_a_workbook(
        tmp_path / "r.xlsx",
        {3: [{"Child Unique ID": "R1", "Date of Referral": "not a date"}]},
    )
    report = import_annex_a(path, as_at=D(2026, 3, 31))
    assert [(p.sheet, p.row, p.column) for p in report.outcome.rejected] == [
        ("List 3", 2, "Date of Referral")
    ]
    assert not CaseEvent.objects.exists()


# --- the CSV case list ---------------------------------------------------------------------

CSV_COLUMNS = [
    "child_id",
    "case_type",
    "team",
    "worker",
    "start_date",
    "end_date",
    "assessment_authorised_date",
    "strategy_discussion_date",
    "icpc_date",
    "plan_start_date",
    "latest_review_date",
    "last_statutory_visit_date",
    "seen_alone",
    "last_seen_alone_date",
    "placement_start_date",
    "placement_type",
    "pathway_plan_date",
]
CSV_ROWS = [
    {
        "child_id": "NM000123",
        "case_type": "CP",
        "team": "Safeguarding 1",
        "worker": "Sam Whitfield",
        "start_date": "05/01/2026",
        "strategy_discussion_date": "10/12/2025",
        "icpc_date": "05/01/2026",
        "latest_review_date": "01/03/2026",
        "last_statutory_visit_date": "20/03/2026",
        "seen_alone": "no",
        "last_seen_alone_date": "06/03/2026",
    },
    {
        "child_id": "NM000456",
        "case_type": "CLA",
        "team": "Children in Care",
        "worker": "Daniel Reyes",
        "start_date": "14/09/2023",
        "latest_review_date": "10/02/2026",
        "last_statutory_visit_date": "28/03/2026",
        "seen_alone": "yes",
        "placement_start_date": "02/02/2026",
        "placement_type": "U4",
    },
    {
        "child_id": "NM000789",
        "case_type": "assessment",
        "team": "Assessment North",
        "worker": "",
        "start_date": "02/03/2026",
        "assessment_authorised_date": "27/03/2026",
    },
]


def test_the_case_list_optional_columns_give_events(tmp_path):
    report = import_csv(case_csv(tmp_path / "cases.csv", CSV_ROWS, columns=CSV_COLUMNS))
    assert not report.outcome.problems
    assert events() == [
        ("NM000123", "icpc", "", D(2026, 1, 5), None, None, ""),
        ("NM000123", "plan", "cp", D(2026, 1, 5), None, None, ""),
        ("NM000123", "rcpc", "cp", D(2026, 3, 1), None, None, ""),
        ("NM000123", "strategy_discussion", "", D(2025, 12, 10), None, None, ""),
        ("NM000123", "visit", "cp", D(2026, 3, 6), None, True, ""),
        ("NM000123", "visit", "cp", D(2026, 3, 20), None, False, ""),
        ("NM000456", "placement", "", D(2026, 2, 2), None, None, "U4"),
        ("NM000456", "plan", "cla", D(2023, 9, 14), None, None, ""),
        ("NM000456", "review", "cla", D(2026, 2, 10), None, None, ""),
        ("NM000456", "visit", "cla", D(2026, 3, 28), None, True, ""),
        ("NM000789", "assessment", "", D(2026, 3, 2), D(2026, 3, 27), None, ""),
    ]
    assert set(CaseEvent.objects.values_list("source", flat=True)) == {"case_csv"}
    plan = CaseEvent.objects.get(kind="plan", plan_type="cp")
    assert plan.episode == Episode.objects.get(child__child_id="NM000123", kind="cp")


def test_the_case_list_imported_twice_creates_nothing_the_second_time(tmp_path):
    path = case_csv(tmp_path / "cases.csv", CSV_ROWS, columns=CSV_COLUMNS)
    first = import_csv(path).outcome.counts
    before = (events(), sorted(Allocation.objects.values_list()))
    second = import_csv(path).outcome.counts
    assert first["events_created"] == 11
    assert second["events_created"] == second["events_updated"] == 0
    assert (events(), sorted(Allocation.objects.values_list())) == before


def test_a_bad_seen_alone_answer_is_reported_with_its_place(tmp_path):
    rows = [{**CSV_ROWS[1], "seen_alone": "sometimes"}]
    report = import_csv(case_csv(tmp_path / "cases.csv", rows, columns=CSV_COLUMNS))
    (problem,) = report.outcome.doubtful
    assert problem.as_dict() == {
        "list": "Case list",
        "row": 2,
        "column": "seen_alone",
        "reason": "'sometimes' is not Yes or No; treated as not recorded",
    }
    assert CaseEvent.objects.get(kind="visit").seen_alone is None
    assert Child.objects.count() == 1


def test_the_guide_s_example_with_event_columns_imports_as_it_says(tmp_path):
    guide = (Path(__file__).parents[2] / "docs" / "case-data-imports.md").read_text()
    example = guide.split("With the columns the case events are read from")[1]
    text = example.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(text)

    report = import_csv(path)

    assert not report.outcome.problems
    assert report.outcome.counts["events_created"] == 11
    assert [row[:4] for row in events()] == [
        ("NM000123", "icpc", "", D(2026, 1, 5)),
        ("NM000123", "plan", "cp", D(2026, 1, 5)),
        ("NM000123", "rcpc", "cp", D(2026, 3, 1)),
        ("NM000123", "strategy_discussion", "", D(2025, 12, 10)),
        ("NM000123", "visit", "cp", D(2026, 3, 6)),
        ("NM000123", "visit", "cp", D(2026, 3, 20)),
        ("NM000456", "placement", "", D(2026, 2, 2)),
        ("NM000456", "plan", "cla", D(2023, 9, 14)),
        ("NM000456", "review", "cla", D(2026, 2, 10)),
        ("NM000456", "visit", "cla", D(2026, 3, 28)),
        ("NM000789", "assessment", "", D(2026, 3, 2)),
    ]
    visits = CaseEvent.objects.filter(child__child_id="NM000123", kind="visit")
    assert sorted(visits.values_list("started_on", "seen_alone")) == [
        (D(2026, 3, 6), True),
        (D(2026, 3, 20), False),
    ]


def test_the_import_page_counts_the_case_events(client, world, annex_a_sample):
    run = import_annex_a(annex_a_sample).run
    client.force_login(world.users.qa_officer)

    page = client.get(run.get_absolute_url()).text

    row = page.split(">Case events</th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r">(\d+)</td>", row) == ["73", "73", "0"]
