"""The statutory returns' awkward files: what the SSDA903 and CIN census imports refuse, and the
problems they place on a row, so the QA officer knows what to fix before importing again."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.models import CaseEvent, Child, ImportRun
from tests.factories import ChildFactory

from .conftest import DATA

pytestmark = pytest.mark.django_db

CLEAN = sorted((DATA / "ssda903" / "clean").glob("*.csv"))
MESSY = sorted((DATA / "ssda903" / "messy").glob("*.csv"))
LONG_ID = "C" * 65


def run_json(command, *args) -> dict:
    out = StringIO()
    call_command(command, *[str(arg) for arg in args], "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(command, *args, match: str) -> dict:
    """Run the command expecting a refusal; return the JSON it printed."""
    out = StringIO()
    with pytest.raises(CommandError, match=match):
        call_command(command, *[str(arg) for arg in args], "--json", stdout=out)
    return json.loads(out.getvalue())


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text)
    return path


def placed(report: dict) -> list[tuple]:
    return [
        ((problem["list"], problem["row"], problem["column"]), problem["reason"])
        for problem in report["rejected"] + report["doubtful"]
    ]


def is_placed(problems: list[tuple], where: tuple, reason: str) -> bool:
    return any(at == where and reason in said for at, said in problems)


# SSDA903: files refused whole -------------------------------------------------------------------


def zip_with(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_a_903_zip_holding_a_spreadsheet_is_refused_and_nothing_is_written(tmp_path):
    bundle = zip_with(
        tmp_path / "ssda903.zip",
        {"header.csv": (DATA / "ssda903/clean/header.csv").read_bytes(), "notes.xlsx": b"x"},
    )
    report = refused("import_ssda903", bundle, "--year", "2026", match="not a CSV file")
    assert "'notes.xlsx'" in report["message"]
    assert not Child.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


def test_a_903_zip_that_cannot_be_opened_is_refused(tmp_path):
    broken = tmp_path / "ssda903.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CommandError, match="This zip cannot be opened"):
        call_command("import_ssda903", str(broken), "--year", "2026", "--dry-run")


def test_a_903_zip_far_bigger_once_unpacked_is_refused_unread(tmp_path, settings):
    settings.CASEWORK_IMPORT_MAX_UNPACKED_BYTES = 50
    bundle = zip_with(tmp_path / "ssda903.zip", {"header.csv": "CHILD,SEX,DOB,ETHNIC\n" * 10})
    with pytest.raises(CommandError, match="far bigger once unpacked"):
        call_command("import_ssda903", str(bundle), "--year", "2026", "--dry-run")


def test_a_903_zip_of_more_files_than_a_return_has_is_refused(tmp_path):
    bundle = zip_with(tmp_path / "ssda903.zip", {f"t{n}.csv": "CHILD\n" for n in range(51)})
    with pytest.raises(CommandError, match="far bigger once unpacked"):
        call_command("import_ssda903", str(bundle), "--year", "2026", "--dry-run")


def test_a_903_table_holding_binary_data_is_refused(tmp_path):
    header = tmp_path / "header.csv"
    header.write_bytes(b"CHILD,SEX\x00\x01\x02")
    with pytest.raises(CommandError, match="'header.csv' is not a CSV file"):
        call_command("import_ssda903", str(header), "--year", "2026", "--dry-run")


def test_the_same_903_table_sent_twice_under_two_names_is_refused(tmp_path):
    # children.csv is known as the header table by its columns.
    copy = write(tmp_path, "children.csv", "CHILD,SEX,DOB,ETHNIC\nC001,1,14/06/2012,WBRI\n")
    with pytest.raises(CommandError, match="are both the header table. Upload each table once"):
        call_command(
            "import_ssda903", str(DATA / "ssda903/clean/header.csv"), str(copy), "--year", "2026"
        )
    assert not Child.objects.exists()


def test_only_empty_903_files_are_refused_as_holding_no_table(tmp_path):
    empty = write(tmp_path, "header.csv", "\n\n")
    with pytest.raises(CommandError, match="No table of the SSDA903 return was found"):
        call_command("import_ssda903", str(empty), "--year", "2026", "--dry-run")


def test_a_903_return_with_more_rows_than_the_import_reads_is_refused(settings):
    settings.CASEWORK_IMPORT_MAX_ROWS = 3
    with pytest.raises(CommandError, match="more rows than the import reads"):
        call_command("import_ssda903", *map(str, CLEAN), "--year", "2026", "--dry-run")


def test_a_903_file_that_is_not_there_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match="There is no file at .*missing.csv. Nothing was"):
        call_command("import_ssda903", str(tmp_path / "missing.csv"), "--year", "2026")
    assert not ImportRun.objects.exists()


# SSDA903: what is read, with a note or a placed problem ------------------------------------------


def test_a_903_table_saved_as_windows_text_is_read_with_a_note(tmp_path):
    header = tmp_path / "header.csv"
    header.write_bytes("CHILD,SEX,DOB,ETHNIC,NOTE\nC001,2,02/09/2015,WBRI,Zoë\n".encode("cp1252"))
    report = run_json("import_ssda903", header, "--year", "2026")
    assert "'header.csv' is not UTF-8; it was read as Windows text (cp1252)." in report["notes"]
    assert Child.objects.get(child_id="C001").gender == Child.Gender.FEMALE


def test_without_a_header_table_a_903_return_matches_only_children_already_held(tmp_path):
    ChildFactory(child_id="C001")
    reviews = write(tmp_path, "reviews.csv", "CHILD,REVIEW,REVIEW_CODE\nC001,20/05/2025,PN1\n")
    report = run_json("import_ssda903", reviews, "--year", "2026")
    assert report["notes"][0].startswith("There is no header table")
    review = CaseEvent.objects.get(child__child_id="C001", kind=CaseEvent.Kind.REVIEW)
    assert (review.started_on.isoformat(), review.detail) == ("2025-05-20", "PN1")


@pytest.fixture
def rough_903(tmp_path):
    """A return whose rows go wrong in every way the tables can."""
    return [
        write(
            tmp_path,
            "header.csv",
            f"CHILD,SEX,DOB,ETHNIC\nC001,1,14/06/2012,WBRI\n{LONG_ID},1,14/06/2012,WBRI\n",
        ),
        write(
            tmp_path,
            "episodes.csv",
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n"
            "C001,01/05/2025,S,C2,U1,20/04/2025,E11\n"  # 2: ends before it starts
            "C001,,P,C2,U1,,\n"  # 3: no start
            "C001,01/05/2026,P,C2,U1,,\n"  # 4: starts after the collection year
            "C001,01/06/2025,P,C2,U1,01/07/2026,E11\n"  # 5: ends after the collection year
            "C001,01/08/2025,P,C2,U1,01/09/2025,\n"  # 6: ended, no reason
            ",01/10/2025,P,C2,U1,,\n",  # 7: no child
        ),
        write(
            tmp_path,
            "reviews.csv",
            "CHILD,REVIEW,REVIEW_CODE\n,01/06/2025,PN1\nC001,soon,PN1\n",
        ),
        write(
            tmp_path,
            "missing.csv",
            "CHILD,MISSING,MIS_START,MIS_END\n"
            ",M,01/06/2025,\n"
            "C001,M,,\n"
            "C001,M,10/06/2025,05/06/2025\n",
        ),
        write(
            tmp_path,
            "sw_episodes.csv",
            "CHILD,SW_ID,SW_DECOM,SW_DEC\n,SW1,01/06/2025,\nC001,,01/06/2025,\n",
        ),
        write(tmp_path, "uasc.csv", "CHILD,DOB,DUC\nC001,14/06/2012,someday\n,14/06/2012,\n"),
    ]


def test_every_rough_903_row_is_reported_where_it_is(rough_903):
    problems = placed(run_json("import_ssda903", *rough_903, "--year", "2026", "--dry-run"))
    expected = {
        ("header", 3, "CHILD"): "is longer than a child identifier can be (64 characters)",
        ("episodes", 2, "DEC"): "20/04/2025 is before DECOM 01/05/2025",
        ("episodes", 3, "DECOM"): "is blank; the row was not imported",
        ("episodes", 4, "DECOM"): "is after the end of the collection year (31/03/2026)",
        ("episodes", 5, "DEC"): "01/07/2026 is after the end of the collection year; left out",
        ("episodes", 6, "REC"): "is blank although the episode ceased",
        ("episodes", 7, "CHILD"): "is blank; the row was not imported",
        ("reviews", 2, "CHILD"): "is blank",
        ("reviews", 3, "REVIEW"): "'soon' is not a date",
        ("missing", 2, "CHILD"): "is blank",
        ("missing", 3, "MIS_START"): "is blank; the row was not imported",
        ("missing", 4, ""): "ends (05/06/2025) before it starts (10/06/2025)",
        ("sw_episodes", 2, "CHILD"): "is blank",
        ("sw_episodes", 3, "SW_ID"): "a social worker episode needs its worker",
        ("uasc", 2, "DUC"): "'someday' is not a date",
        ("uasc", 3, "CHILD"): "is blank",
    }
    for where, reason in expected.items():
        assert is_placed(problems, where, reason), where


def test_a_rough_903_return_keeps_only_the_rows_it_could_read(rough_903):
    report = run_json("import_ssda903", *rough_903, "--year", "2026")
    assert list(Child.objects.values_list("child_id", flat=True)) == ["C001"]
    missing = CaseEvent.objects.get(child__child_id="C001", kind=CaseEvent.Kind.MISSING)
    # The end before the start was left out, not guessed.
    assert (missing.started_on.isoformat(), missing.ended_on) == ("2025-06-10", None)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.SOCIAL_WORKER).exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REVIEW).exists()
    assert report["counts"]["uasc"] == 1


# SSDA903: the command's words, for an operator reading the terminal ------------------------------


def test_a_903_dry_run_prints_what_importing_would_do_and_writes_nothing():
    out = StringIO()
    call_command("import_ssda903", *map(str, CLEAN), "--year", "2026", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Dry run: nothing was written. Importing the return would do this."
    assert "for the year to 31/03/2026" in lines[1]
    assert "  children: 4 (4 new, 0 filled in)" in lines
    assert "  episodes: 10" in lines
    assert "  case events: 31 new, 0 changed" in lines
    assert not any(line.startswith("Imported.") for line in lines)
    assert not ImportRun.objects.exists()


def test_a_903_import_prints_each_problem_and_its_history_entry():
    out = StringIO()
    call_command("import_ssda903", *map(str, MESSY), "--year", "2026", stdout=out)
    text = out.getvalue()
    assert "Rejected: episodes row 7, RNE: 'Q' is not a reason for new episode code" in text
    assert "Doubtful: header row 6, SEX: '7' is not a sex code" in text
    run = ImportRun.objects.get()
    assert text.rstrip().endswith(f"Imported. History entry {run.pk}.")


# CIN census ------------------------------------------------------------------------------------

HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
    "<Collection>CIN</Collection><Year>2026</Year></CollectionDetails></Header>"
)


def census(tmp_path, children: str):
    return write(tmp_path, "census.xml", f"{HEADER}<Children>{children}</Children></Message>")


def test_a_census_with_no_children_is_refused(tmp_path):
    empty = census(tmp_path, "")
    with pytest.raises(CommandError, match="No children were found in this file"):
        call_command("import_cin_census", str(empty), "--year", "2026")
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


@pytest.fixture
def rough_census(tmp_path):
    return census(
        tmp_path,
        "<Child><ChildIdentifiers><LAchildID> </LAchildID></ChildIdentifiers></Child>"
        f"<Child><ChildIdentifiers><LAchildID>{LONG_ID}</LAchildID></ChildIdentifiers></Child>"
        "<Child><ChildIdentifiers><LAchildID>C201</LAchildID>"
        "<PersonBirthDate>2014-02-30</PersonBirthDate><GenderCurrent>7</GenderCurrent>"
        "</ChildIdentifiers>"
        "<CINdetails><ReferralSource>1A</ReferralSource></CINdetails>"
        "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate>"
        "<CINclosureDate>2025-05-01</CINclosureDate>"
        "<ChildProtectionPlans><CPPstartDate>2025-06-10</CPPstartDate>"
        "<NumberOfPreviousCPP>two</NumberOfPreviousCPP>"
        "<Reviews><CPPreviewDate>2025-09-31</CPPreviewDate></Reviews>"
        "</ChildProtectionPlans></CINdetails></Child>"
        "<Child><ChildIdentifiers><LAchildID>C201</LAchildID></ChildIdentifiers></Child>",
    )


def test_every_rough_census_child_is_reported_where_it_is(rough_census):
    problems = placed(run_json("import_cin_census", rough_census, "--year", "2026", "--dry-run"))
    expected = [
        (1, "LAchildID", "is blank; the child was not imported"),
        (2, "LAchildID", "is longer than a child identifier can be"),
        (3, "PersonBirthDate", "'2014-02-30' is not a date"),
        (3, "GenderCurrent", "kept as not recorded"),
        (3, "CINreferralDate", "these CIN details were not imported"),
        (3, "CINreferralDate", "ends (01/05/2025) before it starts (01/06/2025)"),
        (3, "NumberOfPreviousCPP", "'two' is not a number; left out"),
        (3, "CPPreviewDate", "'2025-09-31' is not a date"),
        (4, "LAchildID", "child C201 appears twice; the second was not read"),
    ]
    for row, column, reason in expected:
        assert is_placed(problems, ("Child", row, column), reason), (row, column, reason)
    assert len(problems) == len(expected)


def test_a_rough_census_keeps_the_referral_open_rather_than_guess_its_end(rough_census):
    run_json("import_cin_census", rough_census, "--year", "2026")
    referral = CaseEvent.objects.get(child__child_id="C201", kind=CaseEvent.Kind.REFERRAL)
    assert (referral.started_on.isoformat(), referral.ended_on) == ("2025-06-01", None)
    child = Child.objects.get(child_id="C201")
    assert (child.gender, child.date_of_birth) == (Child.Gender.NOT_RECORDED, None)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.RCPC).exists()
