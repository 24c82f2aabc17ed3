"""Importing the Ofsted Annex A workbook: the messy sample, snapshots and allocation history."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from casework.imports import apply as apply_module
from casework.imports.annex_a import parse_annex_a
from casework.imports.records import ImportRefused
from casework.imports.services import case_file_import
from casework.imports.workbook import open_workbook, sheet_rows
from casework.models import Allocation, Child, Episode, ImportRun, ServiceArea, Team
from qaf.models import User
from qaf.roles import Role
from tests.factories import UserFactory

from .factories import ANNEX_A_HEADERS, annex_a_workbook

pytestmark = pytest.mark.django_db

D = dt.date
AS_AT = D(2026, 3, 31)


def import_annex_a(path, as_at=None, **kwargs):
    return case_file_import(path=path, source=ImportRun.Source.ANNEX_A, as_at=as_at, **kwargs)


def problems_at(report, sheet, row):
    return [p for p in report.outcome.problems if p.sheet == sheet and p.row == row]


def everything() -> dict:
    """The state of every table an import writes, to prove a second run changes nothing."""
    return {
        "children": sorted(Child.objects.values_list()),
        "episodes": sorted(Episode.objects.values_list()),
        "allocations": sorted(Allocation.objects.values_list()),
        "teams": sorted(Team.objects.values_list()),
        "users": sorted(User.objects.values_list("pk", "username", "full_name")),
    }


def distinct_ids_in_lists_1_to_9(path) -> set[str]:
    workbook = load_workbook(path, read_only=True)
    ids = set()
    for number in range(1, 10):
        for row in list(workbook[f"List {number}"].iter_rows(values_only=True))[1:]:
            ids.add(str(row[0]))
    return ids


# --- the sample workbook --------------------------------------------------------------------


def test_the_sample_imports_one_child_per_distinct_id_and_every_row(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    counts = report.outcome.counts
    ids = distinct_ids_in_lists_1_to_9(annex_a_sample)
    assert counts["children"] == len(ids) == Child.objects.count() == 48
    assert set(Child.objects.values_list("child_id", flat=True)) == ids
    assert counts["episodes"] == {
        "contact": 5,
        "early_help": 5,
        "referral": 6,
        "assessment": 5,
        "section_47": 5,
        "cin": 5,
        "cp": 7,
        "cla": 5,
        "care_leaver": 6,
    }
    assert Episode.objects.count() == counts["episodes_created"] == 49
    assert counts["rows"] == 49 and counts["rows_rejected"] == 0
    assert report.outcome.as_at == D(2022, 6, 14), "the workbook's own date"


def test_the_sample_creates_its_teams_and_workers_once(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    counts = report.outcome.counts
    assert counts["teams"] == counts["teams_created"] == Team.objects.count() == 16
    assert counts["workers"] == counts["workers_created"] == 25
    unassigned = ServiceArea.objects.get(name="Unassigned")
    assert set(Team.objects.values_list("service_area", flat=True)) == {unassigned.pk}
    worker = User.objects.get(normalised_name="mathilde cutsforth")
    assert worker.full_name == "Mathilde Cutsforth"
    assert worker.has_role(Role.PRACTITIONER)
    assert not worker.has_usable_password()
    assert worker.team_memberships.get().team.name == "Locality 4 Duty Team"


@pytest.mark.parametrize(
    ("child_id", "kind", "expected"),
    [
        ("11973218", "contact", {"start_date": D(2020, 9, 16), "end_date": D(2020, 9, 16)}),
        (
            "612306",
            "early_help",
            {
                "start_date": D(2020, 9, 16),
                "assessment_authorised_date": D(2020, 9, 30),
                "team__name": "Top Town Academy",
            },
        ),
        (
            "4653765",
            "referral",
            {"start_date": D(2020, 9, 16), "team__name": "Locality 4 Duty Team"},
        ),
        (
            "10692868",
            "assessment",
            {
                "start_date": D(2019, 5, 16),
                "assessment_authorised_date": D(2021, 2, 8),
                "end_date": D(2021, 2, 8),
            },
        ),
        (
            "11641472",
            "section_47",
            {
                "start_date": D(2020, 9, 16),
                "strategy_discussion_date": D(2020, 9, 16),
                "icpc_date": D(2020, 10, 5),
            },
        ),
        (
            "12598894",
            "cin",
            {
                "start_date": D(2010, 6, 9),
                "end_date": None,
                "last_statutory_visit_date": D(2021, 1, 21),
                "team": None,
            },
        ),
        (
            "10721552",
            "cp",
            {
                "start_date": D(2020, 11, 23),
                "plan_start_date": D(2020, 11, 23),
                "last_statutory_visit_date": D(2021, 1, 22),
                "last_seen_alone_date": D(2021, 1, 22),
                "latest_review_date": D(2021, 2, 16),
                "end_date": D(2021, 2, 16),
            },
        ),
        (
            "1761444",
            "cla",
            {
                "start_date": D(2009, 8, 6),
                "latest_review_date": D(2021, 1, 12),
                "last_social_work_visit_date": D(2021, 1, 6),
                "last_statutory_visit_date": D(2021, 1, 6),
                "last_health_check_date": D(2020, 5, 27),
                "last_dental_check_date": D(2020, 1, 17),
                "placements_last_12_months": 1,
                "end_date": None,
            },
        ),
        ("3623204", "cla", {"end_date": D(2020, 9, 22)}),
        # List 9 has no start date: a care leaver's status starts on their 18th birthday.
        (
            "7961370",
            "care_leaver",
            {"start_date": D(2020, 8, 7), "team__name": "Care Leavers Team"},
        ),
    ],
)
def test_each_list_of_the_sample_becomes_episodes_with_its_key_dates(
    annex_a_sample, child_id, kind, expected
):
    import_annex_a(annex_a_sample)
    episode = Episode.objects.filter(child__child_id=child_id, kind=kind).values(*expected).get()
    assert episode == expected


def test_the_sample_allocates_each_child_to_the_worker_on_their_latest_list(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    as_at = report.outcome.as_at

    def allocated(child_id):
        return Allocation.objects.select_related("worker", "team").get(
            child__child_id=child_id, end_date__isnull=True
        )

    cla = allocated("1761444")
    assert (cla.worker.full_name, cla.team.name, cla.start_date) == (
        "Eugene Swift",
        "Children in Care Team 1",
        as_at,
    )
    # In List 3 (referral) and List 5 (section 47): the later list wins, and the clash is reported.
    assert allocated("6537810").worker.full_name == "Reagan Mor"
    (clash,) = problems_at(report, "List 3", 2)
    assert clash.column == "Allocated Worker"
    assert "Reagan Mor" in clash.reason
    # A plan that ended (the only row naming a worker) leaves the child unallocated.
    assert not Allocation.objects.filter(child__child_id="16036763").exists()
    assert report.outcome.counts["allocations_opened"] == Allocation.objects.count() == 27


# --- each messy value of the sample ---------------------------------------------------------


def test_gender_codes_with_and_without_their_letter_are_one_value(annex_a_sample):
    import_annex_a(annex_a_sample)
    genders = dict(Child.objects.values_list("child_id", "gender"))
    assert genders["9212044"] == "female"  # "Female"
    assert genders["11973218"] == "female"  # "b) Female"
    assert genders["6890906"] == "not_recorded"  # "c) Not stated/recorded"
    assert Child.objects.get(child_id="6217392").ethnicity == "NOBT"  # "s) NOBT"


def test_na_cells_leave_the_case_unallocated_and_are_reported(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    for row in range(2, 7):
        columns = {p.column: p.reason for p in problems_at(report, "List 6", row)}
        assert "#N/A, an error in the spreadsheet" in columns["Allocated Worker"]
        assert "#N/A" in columns["Allocated Team"]
    cin = Episode.objects.get(child__child_id="12598894", kind="cin")
    assert cin.team is None
    assert not Allocation.objects.filter(child=cin.child).exists()
    assert not Team.objects.filter(name__icontains="N/A").exists()
    assert not User.objects.filter(full_name__icontains="N/A").exists()


def test_non_breaking_spaces_in_names_match_an_existing_worker(annex_a_sample):
    existing = UserFactory(full_name="DUSTIN  hazlett", roles=[Role.PRACTITIONER])
    report = import_annex_a(annex_a_sample)
    assert not User.objects.filter(full_name="Dustin Hazlett").exclude(pk=existing.pk).exists()
    assert report.outcome.counts["workers_created"] == 24
    assert Team.objects.filter(name="Multi Agency Safeguarding Hub").exists()


def test_a_postcode_of_nope_is_reported_and_not_kept(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    (postcode,) = [p for p in problems_at(report, "List 8", 3) if p.column == "Placement postcode"]
    assert postcode.severity == "doubtful"
    assert "'nope' is not a postcode" in postcode.reason
    assert Episode.objects.filter(child__child_id="1373595", kind="cla").exists()


def test_blank_ethnicity_and_a_missing_date_of_birth_stay_not_recorded(annex_a_sample):
    import_annex_a(annex_a_sample)
    assert Child.objects.get(child_id="14065184").ethnicity == ""
    assert Child.objects.get(child_id="11973218").date_of_birth is None


def test_the_adoption_lists_with_their_formulas_are_skipped_with_a_note(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    assert "The sheet 'List 10' is not one of lists 1 to 9; it was skipped." in report.outcome.notes
    assert "The sheet 'List 11' is not one of lists 1 to 9; it was skipped." in report.outcome.notes


def test_doubtful_dates_in_the_sample_are_reported_where_they_are(annex_a_sample):
    report = import_annex_a(annex_a_sample)
    (before_birth,) = [
        p for p in problems_at(report, "List 8", 5) if p.column == "Date Started to be Looked After"
    ]
    assert "before the child's date of birth" in before_birth.reason
    too_old = [p for p in problems_at(report, "List 6", 2) if p.column == "Date of Birth"]
    assert "too old for an open child in need case" in too_old[0].reason


def test_the_streaming_reader_reads_what_openpyxl_reads(annex_a_sample):
    reference = load_workbook(annex_a_sample, read_only=True, data_only=True)
    ours = open_workbook(annex_a_sample)
    for sheet, our_sheet in zip(reference.worksheets, ours.worksheets, strict=True):
        expected = {}
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = {column: value for column, value in enumerate(row, 1) if value is not None}
            if values:
                expected[number] = values
        assert dict(sheet_rows(our_sheet)) == expected, sheet.title


# --- formulas and other cells, in workbooks built for the test ------------------------------


def test_a_formula_saved_without_its_value_is_reported_not_read_as_blank(tmp_path):
    # openpyxl saves formulas without a calculated value, as some reporting tools do.
    path = annex_a_workbook(
        tmp_path / "formulas.xlsx",
        {
            7: [
                {
                    "Child Unique ID": 101,
                    "Child Protection Plan Start Date": dt.datetime(2026, 1, 5),
                    "Date of the Last Statutory Visit": "=F2+10",
                    "Date of latest review conference": "=DATE(2026,3,1)",
                    "Allocated Worker": "Ann Smith",
                }
            ]
        },
    )
    report = import_annex_a(path, AS_AT)
    reasons = {p.column: p.reason for p in problems_at(report, "List 7", 2)}
    assert (
        "is a formula (=F2+10) saved without its result"
        in reasons["Date of the Last Statutory Visit"]
    )
    assert "read as 01/03/2026" in reasons["Date of latest review conference"]
    plan = Episode.objects.get(kind="cp")
    assert plan.last_statutory_visit_date is None
    assert plan.latest_review_date == D(2026, 3, 1)


def test_dates_written_as_text_or_numbers_are_read_and_nonsense_is_reported(tmp_path):
    path = annex_a_workbook(
        tmp_path / "dates.xlsx",
        {
            8: [
                {
                    "Child Unique ID": "C1",
                    "Date of Birth": "05/01/2012",
                    "Date Started to be Looked After": "2020-02-03",
                    "Date of Latest Statutory Review": 46000,
                    "Date of Last Social Work Visit": "next week",
                    "Number of Placements in the Last 12 months": "three",
                    "Allocated Worker": "Ann Smith",
                }
            ]
        },
    )
    report = import_annex_a(path, AS_AT)
    child = Child.objects.get(child_id="C1")
    episode = child.episodes.get()
    assert child.date_of_birth == D(2012, 1, 5), "day before month"
    assert episode.start_date == D(2020, 2, 3)
    assert episode.latest_review_date == D(2025, 12, 9)
    assert episode.last_social_work_visit_date is None
    assert episode.placements_last_12_months is None
    reasons = {p.column: p.reason for p in problems_at(report, "List 8", 2)}
    assert "'next week' is not a date" in reasons["Date of Last Social Work Visit"]
    assert "'three' is not a whole number" in reasons["Number of Placements in the Last 12 months"]
    assert "read as the spreadsheet date" in reasons["Date of Latest Statutory Review"]


def test_rows_that_cannot_be_imported_are_rejected_with_a_reason(tmp_path):
    path = annex_a_workbook(
        tmp_path / "rejects.xlsx",
        {
            3: [
                {"Child Unique ID": None, "Date of Referral": dt.datetime(2026, 1, 5)},
                {"Child Unique ID": "C2", "Date of Referral": None},
                {"Child Unique ID": "C3", "Date of Referral": "soon"},
                {"Child Unique ID": "C4", "Date of Referral": dt.datetime(2026, 1, 5)},
                {"Child Unique ID": "C4", "Date of Referral": dt.datetime(2026, 1, 5)},
                {"Child Unique ID": "Total: 5", "Date of Referral": dt.datetime(2026, 1, 5)},
            ]
        },
    )
    report = import_annex_a(path, AS_AT)
    rejected = {(p.row, p.column): p.reason for p in report.outcome.rejected}
    assert "every row needs the child's unique ID" in rejected[(2, "Child Unique ID")]
    assert "a referral needs its start date" in rejected[(3, "Date of Referral")]
    assert "'soon' is not a date" in rejected[(4, "Date of Referral")]
    assert "repeats List 3 row 5" in rejected[(6, "Child Unique ID")]
    assert "is not a child ID" in rejected[(7, "Child Unique ID")]
    assert report.outcome.counts["rows_rejected"] == 5
    assert list(Child.objects.values_list("child_id", flat=True)) == ["C4"]


# --- refused files write nothing --------------------------------------------------------------


def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_text("child_id,case_type\n1,cin\n")
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        import_annex_a(path)
    assert not Child.objects.exists() and not ImportRun.objects.exists()


def test_a_list_missing_a_required_column_is_refused_and_nothing_is_written(tmp_path):
    headers = list(ANNEX_A_HEADERS[7])
    headers.remove("Child Protection Plan Start Date")
    path = annex_a_workbook(
        tmp_path / "no-start.xlsx",
        {
            3: [{"Child Unique ID": "C1", "Date of Referral": dt.datetime(2026, 1, 5)}],
            7: [{"Child Unique ID": "C1", "Allocated Worker": "Ann Smith"}],
        },
        headers={7: headers},
    )
    with pytest.raises(ImportRefused) as refusal:
        import_annex_a(path, AS_AT)
    assert "List 7 has no 'Child Protection Plan Start Date' column" in str(refusal.value)
    assert "Nothing was imported" in str(refusal.value)
    assert not Child.objects.exists() and not User.objects.exists() and not Team.objects.exists()


def test_a_workbook_without_annex_a_lists_is_refused(tmp_path):
    path = annex_a_workbook(tmp_path / "other.xlsx", lists=(), other_sheets=("Budget",))
    with pytest.raises(ImportRefused, match="none of the Annex A lists"):
        import_annex_a(path)


def test_an_import_that_fails_part_way_writes_nothing(annex_a_sample, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(apply_module._Snapshot, "_close_absent", broken)
    with pytest.raises(RuntimeError):
        import_annex_a(annex_a_sample)
    assert not Child.objects.exists()
    assert not Episode.objects.exists()
    assert not User.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_dry_run_reports_the_counts_and_writes_nothing(annex_a_sample):
    report = import_annex_a(annex_a_sample, dry_run=True)
    assert report.outcome.counts["children_created"] == 48
    assert report.run is None
    assert not Child.objects.exists() and not ImportRun.objects.exists()


# --- snapshots and allocation history --------------------------------------------------------


def cp_row(child_id, worker, team="Safeguarding 1", start=dt.datetime(2025, 11, 3), **extra):
    return {
        "Child Unique ID": child_id,
        "Child Protection Plan Start Date": start,
        "Allocated Team": team,
        "Allocated Worker": worker,
        **extra,
    }


def test_importing_the_same_snapshot_again_changes_nothing(annex_a_sample):
    import_annex_a(annex_a_sample)
    before = everything()
    again = import_annex_a(annex_a_sample)
    counts = again.outcome.counts
    assert everything() == before
    for name in (
        "children_created",
        "children_updated",
        "episodes_created",
        "episodes_updated",
        "episodes_closed_not_in_file",
        "teams_created",
        "workers_created",
        "allocations_opened",
        "allocations_closed",
    ):
        assert counts[name] == 0, name
    assert ImportRun.objects.filter(status="applied").count() == 2


def test_a_new_worker_in_a_later_snapshot_closes_the_old_allocation_and_opens_one(tmp_path):
    first = annex_a_workbook(tmp_path / "jan.xlsx", {7: [cp_row("C1", "Ann Smith")]})
    second = annex_a_workbook(tmp_path / "feb.xlsx", {7: [cp_row("C1", "Bob Jones")]})
    import_annex_a(first, D(2026, 1, 31))
    report = import_annex_a(second, D(2026, 2, 28))
    history = list(
        Allocation.objects.order_by("start_date").values_list(
            "worker__full_name", "start_date", "end_date"
        )
    )
    assert history == [
        ("Ann Smith", D(2026, 1, 31), D(2026, 2, 28)),
        ("Bob Jones", D(2026, 2, 28), None),
    ]
    assert report.outcome.counts["allocations_opened"] == 1
    assert report.outcome.counts["allocations_closed"] == 1


def test_three_snapshots_with_three_workers_show_three_social_workers_in_a_year(tmp_path):
    for month, worker in ((1, "Ann Smith"), (2, "Bob Jones"), (3, "Cara Patel")):
        path = annex_a_workbook(tmp_path / f"{month}.xlsx", {7: [cp_row("C1", worker)]})
        import_annex_a(path, D(2026, month, 27))
    year_start = D(2026, 3, 27) - dt.timedelta(days=365)
    workers = (
        Allocation.objects.filter(child__child_id="C1", start_date__gt=year_start)
        .values("worker")
        .distinct()
        .count()
    )
    assert workers == 3
    assert Allocation.objects.filter(end_date__isnull=True).count() == 1


def test_the_same_worker_in_the_next_snapshot_keeps_one_allocation(tmp_path):
    for month in (1, 2):
        path = annex_a_workbook(tmp_path / f"{month}.xlsx", {7: [cp_row("C1", "Ann Smith")]})
        import_annex_a(path, D(2026, month, 27))
    assert Allocation.objects.get().start_date == D(2026, 1, 27)


def test_a_different_file_for_the_same_date_corrects_the_allocation(tmp_path):
    first = annex_a_workbook(tmp_path / "a.xlsx", {7: [cp_row("C1", "Ann Smith")]})
    corrected = annex_a_workbook(tmp_path / "b.xlsx", {7: [cp_row("C1", "Bob Jones")]})
    import_annex_a(first, AS_AT)
    import_annex_a(corrected, AS_AT)
    allocation = Allocation.objects.select_related("worker").get()
    assert (allocation.worker.full_name, allocation.start_date) == ("Bob Jones", AS_AT)


def test_a_case_missing_from_a_later_complete_snapshot_is_closed_with_its_allocation(tmp_path):
    first = annex_a_workbook(
        tmp_path / "jan.xlsx", {7: [cp_row("C1", "Ann Smith"), cp_row("C2", "Bob Jones")]}
    )
    second = annex_a_workbook(tmp_path / "feb.xlsx", {7: [cp_row("C1", "Ann Smith")]})
    import_annex_a(first, D(2026, 1, 31))
    report = import_annex_a(second, D(2026, 2, 28))
    closed = Episode.objects.get(child__child_id="C2")
    assert closed.end_date == D(2026, 2, 28)
    assert Allocation.objects.get(child__child_id="C2").end_date == D(2026, 2, 28)
    assert Episode.objects.get(child__child_id="C1").end_date is None
    assert report.outcome.counts["episodes_closed_not_in_file"] == 1
    assert report.outcome.counts["allocations_closed"] == 1


def test_a_workbook_missing_some_lists_closes_nothing_and_says_why(tmp_path):
    first = annex_a_workbook(
        tmp_path / "jan.xlsx", {7: [cp_row("C1", "Ann Smith"), cp_row("C2", "Bob Jones")]}
    )
    partial = annex_a_workbook(tmp_path / "feb.xlsx", {7: [cp_row("C1", "Ann Smith")]}, lists=(7,))
    import_annex_a(first, D(2026, 1, 31))
    report = import_annex_a(partial, D(2026, 2, 28))
    assert Episode.objects.get(child__child_id="C2").end_date is None
    assert any("not closed, because the file is not complete" in n for n in report.outcome.notes)


def test_a_plan_the_file_shows_ended_closes_the_childs_allocation_on_that_day(tmp_path):
    first = annex_a_workbook(tmp_path / "jan.xlsx", {7: [cp_row("C1", "Ann Smith")]})
    ended = annex_a_workbook(
        tmp_path / "feb.xlsx",
        {
            7: [
                cp_row(
                    "C1",
                    "Ann Smith",
                    **{"Child Protection Plan End Date": dt.datetime(2026, 2, 10)},
                )
            ]
        },
    )
    import_annex_a(first, D(2026, 1, 31))
    import_annex_a(ended, D(2026, 2, 28))
    assert Episode.objects.get().end_date == D(2026, 2, 10)
    assert Allocation.objects.get().end_date == D(2026, 2, 10)


def test_an_older_snapshot_than_one_already_imported_is_refused(tmp_path):
    path = annex_a_workbook(tmp_path / "jan.xlsx", {7: [cp_row("C1", "Ann Smith")]})
    import_annex_a(path, D(2026, 2, 28))
    with pytest.raises(ImportRefused, match="Import snapshots in date order"):
        import_annex_a(path, D(2026, 1, 31))


def test_a_care_leaver_without_a_date_of_birth_keeps_one_episode_across_snapshots(tmp_path):
    row = {"Child Unique ID": "L1", "Allocated Team": "Leaving Care", "Allocated Worker": "Jo"}
    for month in (1, 2):
        path = annex_a_workbook(tmp_path / f"{month}.xlsx", {9: [row]})
        import_annex_a(path, D(2026, month, 27))
    episode = Episode.objects.get(kind="care_leaver")
    assert (episode.start_date, episode.end_date) == (D(2026, 1, 27), None)


def test_a_later_snapshot_fills_in_key_dates_without_erasing_known_ones(tmp_path):
    first = annex_a_workbook(
        tmp_path / "jan.xlsx",
        {7: [cp_row("C1", "Ann", **{"Date of latest review conference": dt.datetime(2026, 1, 9)})]},
    )
    second = annex_a_workbook(
        tmp_path / "feb.xlsx",
        {
            7: [
                cp_row(
                    "C1", "Ann", **{"Date of the Last Statutory Visit": dt.datetime(2026, 2, 20)}
                )
            ]
        },
    )
    import_annex_a(first, D(2026, 1, 31))
    report = import_annex_a(second, D(2026, 2, 28))
    plan = Episode.objects.get()
    assert plan.latest_review_date == D(2026, 1, 9)
    assert plan.last_statutory_visit_date == D(2026, 2, 20)
    assert report.outcome.counts["episodes_updated"] == 1


def test_parsing_alone_touches_no_table(annex_a_sample, django_assert_num_queries):
    with django_assert_num_queries(0):
        parsed = parse_annex_a(annex_a_sample)
    assert len(parsed.children) == 48
