"""The statutory returns in: the SSDA903 tables and the CIN census XML, by command and by page."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import CaseEvent, Child, ImportRun
from tests.factories import ChildFactory

from .conftest import DATA

pytestmark = pytest.mark.django_db

CLEAN = sorted((DATA / "ssda903" / "clean").glob("*.csv"))
MESSY = sorted((DATA / "ssda903" / "messy").glob("*.csv"))
CENSUS = DATA / "cin_census" / "census.xml"
BOMB = DATA / "cin_census" / "bomb.xml"
EXTERNAL_ENTITY = DATA / "cin_census" / "external_entity.xml"


def run_json(command, *args) -> dict:
    out = StringIO()
    call_command(command, *[str(arg) for arg in args], "--json", stdout=out)
    return json.loads(out.getvalue())


def events_of(child_id: str, kind: str) -> list[tuple]:
    return list(
        CaseEvent.objects.filter(child__child_id=child_id, kind=kind)
        .order_by("started_on")
        .values_list("started_on", "ended_on", "detail")
    )


def d(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


# SSDA903 ---------------------------------------------------------------------------------------


def test_the_903_command_prints_the_counts_the_contract_names():
    report = run_json("import_ssda903", *CLEAN, "--year", "2026")
    assert report["status"] == "applied"
    assert report["children"] == 4
    assert report["episodes"] == 10
    assert report["reviews"] == 6
    assert report["missing"] == 1
    assert report["sw_episodes"] == 5
    assert report["rejected"] == []
    # 4 periods of care, 9 placements (every episode but the legal-status-only one),
    # 6 legal statuses, 6 reviews, 1 missing episode, 5 social worker episodes.
    assert report["counts"]["events"] == {
        "legal_status": 6,
        "missing": 1,
        "placement": 9,
        "plan": 4,
        "review": 6,
        "social_worker": 5,
    }
    assert CaseEvent.objects.filter(source=CaseEvent.Source.SSDA903).count() == 31
    run = ImportRun.objects.get(pk=report["import_run"])
    assert (run.source, run.as_at.isoformat()) == (ImportRun.Source.SSDA903, "2026-03-31")


def test_placements_end_when_the_next_starts_and_keep_the_reason_for_the_change():
    run_json("import_ssda903", *CLEAN, "--year", "2026")
    assert events_of("C001", CaseEvent.Kind.PLACEMENT) == [
        (d("2025-02-01"), d("2025-06-09"), "U4 changed: CARPL"),
        # The change of legal status on 15/09/2025 is the same placement.
        (d("2025-06-10"), d("2026-01-04"), "U1 changed: CHILD"),
        (d("2026-01-05"), None, "U5"),
    ]
    assert events_of("C001", CaseEvent.Kind.LEGAL_STATUS) == [
        (d("2025-02-01"), d("2025-09-14"), "C2"),
        (d("2025-09-15"), None, "C1"),
    ]
    assert events_of("C003", CaseEvent.Kind.PLAN) == [(d("2024-04-01"), d("2025-11-30"), "E13")]
    assert events_of("C001", CaseEvent.Kind.SOCIAL_WORKER)[-1] == (d("2026-01-01"), None, "SW3")
    child = Child.objects.get(child_id="C002")
    assert (child.gender, child.ethnicity, str(child.date_of_birth)) == (
        Child.Gender.FEMALE,
        "MWBC",
        "2015-09-02",
    )


def test_importing_the_same_903_return_again_writes_nothing_new():
    run_json("import_ssda903", *CLEAN, "--year", "2026")
    before = CaseEvent.objects.count(), Child.objects.count()
    again = run_json("import_ssda903", *CLEAN, "--year", "2026")
    assert again["counts"]["events_created"] == again["counts"]["events_updated"] == 0
    assert again["counts"]["children_created"] == 0
    assert (CaseEvent.objects.count(), Child.objects.count()) == before


def test_a_dry_run_writes_nothing():
    report = run_json("import_ssda903", *CLEAN, "--year", "2026", "--dry-run")
    assert report["status"] == "dry_run"
    assert report["counts"]["events_created"] == 31
    assert not CaseEvent.objects.exists()
    assert not Child.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_messy_903_return_is_read_and_every_problem_is_placed():
    report = run_json("import_ssda903", *MESSY, "--year", "2026")
    problems = {
        (problem["list"], problem["row"], problem["column"]): problem["reason"]
        for problem in report["rejected"] + report["doubtful"]
    }
    # BOM, blank lines, stray spaces and lower-case codes are read as meant.
    assert report["children"] == 3
    assert Child.objects.get(child_id="C001").ethnicity == "WBRI"
    assert events_of("C001", CaseEvent.Kind.LEGAL_STATUS)[0][2] == "C2"
    assert events_of("C001", CaseEvent.Kind.PLACEMENT)[0][2] == "U4 changed: CARPL"
    assert events_of("C002", CaseEvent.Kind.REVIEW) == [(d("2025-05-20"), None, "PN1")]
    # What cannot be read is reported, never guessed.
    assert "is not a placement type code" in problems[("episodes", 5, "PLACE")]
    assert "'31/02/2026' is not a date" in problems[("episodes", 6, "DECOM")]
    assert "'Q' is not a reason for new episode code" in problems[("episodes", 7, "RNE")]
    assert "C999 is not in the header table" in problems[("episodes", 8, "CHILD")]
    assert "repeats row 2" in problems[("episodes", 9, "DECOM")]
    assert "'7' is not a sex code" in problems[("header", 6, "SEX")]
    assert "'XXXX' is not an ethnicity code" in problems[("header", 6, "ETHNIC")]
    assert "'PN9' is not a review participation code" in problems[("reviews", 3, "REVIEW_CODE")]
    assert not Child.objects.filter(child_id="C999").exists()
    assert [problem["row"] for problem in report["rejected"]] == [6, 7, 8, 9]


def test_a_child_missing_from_the_header_is_matched_when_the_service_holds_them():
    ChildFactory(child_id="C999")
    report = run_json("import_ssda903", *MESSY, "--year", "2026")
    doubtful = [p for p in report["doubtful"] if p["column"] == "CHILD"]
    assert "matched to the child the service already holds" in doubtful[0]["reason"]
    assert events_of("C999", CaseEvent.Kind.PLACEMENT) == [(d("2025-06-01"), None, "U4")]


def test_a_file_that_is_no_903_table_is_refused_and_nothing_is_written(tmp_path):
    stray = tmp_path / "notes.csv"
    stray.write_text("NAME,ADDRESS\nA,B\n")
    with pytest.raises(CommandError, match="is not a table of the SSDA903 return"):
        call_command("import_ssda903", *map(str, CLEAN), str(stray), "--year", "2026")
    assert not CaseEvent.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


def test_a_table_without_its_dfe_columns_is_refused(tmp_path):
    episodes = tmp_path / "episodes.csv"
    episodes.write_text("CHILD,START\nC001,01/02/2025\n")
    with pytest.raises(CommandError, match="has no DECOM, RNE, LS, PLACE column"):
        call_command("import_ssda903", str(episodes), "--year", "2026", "--dry-run")


def test_a_collection_year_out_of_range_is_refused():
    with pytest.raises(CommandError, match="is not a collection year"):
        call_command("import_ssda903", *map(str, CLEAN), "--year", "1999", "--dry-run")


# CIN census ------------------------------------------------------------------------------------


def test_the_census_command_reads_children_details_and_plans():
    report = run_json("import_cin_census", CENSUS, "--year", "2026")
    assert report["children"] == 3
    assert report["referrals"] == 5
    assert report["rejected"] == []
    assert report["counts"]["events"] == {
        "assessment": 5,
        "icpc": 2,
        "plan": 5,
        "rcpc": 2,
        "referral": 5,
        "section_47": 2,
    }
    assert events_of("C101", CaseEvent.Kind.REFERRAL)[0] == (
        d("2025-04-10"),
        d("2025-09-30"),
        "1A N1 RC8",
    )
    assert events_of("C101", CaseEvent.Kind.ASSESSMENT)[0] == (
        d("2025-04-11"),
        d("2025-05-20"),
        "2A 3A",
    )
    # A lower-case code is read; an unknown one is reported.
    cp_plan = CaseEvent.objects.get(
        child__child_id="C102", kind=CaseEvent.Kind.PLAN, plan_type=CaseEvent.PlanType.CP
    )
    assert cp_plan.detail == "EMO"
    assert "'ZZZZ' is not an ethnicity code" in report["doubtful"][0]["reason"]
    child = Child.objects.get(child_id="C102")
    assert (child.gender, child.disability) == (Child.Gender.FEMALE, Child.Disability.YES)


def test_importing_the_same_census_again_writes_nothing_new():
    run_json("import_cin_census", CENSUS, "--year", "2026")
    count = CaseEvent.objects.count()
    again = run_json("import_cin_census", CENSUS, "--year", "2026")
    assert again["counts"]["events_created"] == again["counts"]["events_updated"] == 0
    assert CaseEvent.objects.count() == count


@pytest.mark.parametrize("path", [BOMB, EXTERNAL_ENTITY], ids=["xml-bomb", "external-entity"])
def test_an_xml_attack_is_refused_with_a_clear_message_and_nothing_written(path):
    out = StringIO()
    with pytest.raises(CommandError, match="document type"):
        call_command("import_cin_census", str(path), "--year", "2026", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["status"] == "refused"
    assert "can be used to attack the server" in report["message"]
    assert not Child.objects.exists()
    assert not CaseEvent.objects.exists()
    refused = ImportRun.objects.get()
    assert (refused.status, refused.source) == (ImportRun.Status.REFUSED, "cin_census")


def test_a_census_over_the_size_limit_is_refused_unread(settings):
    settings.CASEWORK_RETURN_MAX_XML_BYTES = 100
    with pytest.raises(CommandError, match="bigger than a children in need census"):
        call_command("import_cin_census", str(CENSUS), "--year", "2026", "--dry-run")


def test_a_census_for_another_year_is_refused():
    with pytest.raises(CommandError, match="collection year 2026, not 2025"):
        call_command("import_cin_census", str(CENSUS), "--year", "2025", "--dry-run")


def test_a_file_that_is_not_xml_is_refused(tmp_path):
    broken = tmp_path / "census.xml"
    broken.write_text("<Message><Children><Child>")
    with pytest.raises(CommandError, match="not a well-formed XML file"):
        call_command("import_cin_census", str(broken), "--year", "2026", "--dry-run")


# The pages -------------------------------------------------------------------------------------


def zip_of(paths) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in paths:
            archive.write(path, path.name)
    return buffer.getvalue()


def upload_return(client, *, source, content, name, year="2026"):
    return client.post(
        reverse("casework:return_upload"),
        {"source": source, "year": year, "file": SimpleUploadedFile(name, content)},
    )


def test_a_qa_officer_previews_a_903_zip_then_imports_it(client, world):
    client.force_login(world.users.qa_officer)
    response = upload_return(
        client, source="ssda903", content=zip_of(CLEAN), name="ssda903-2026.zip"
    )
    assert response.status_code == 302
    run = ImportRun.objects.get(status=ImportRun.Status.PREVIEWED)
    assert not CaseEvent.objects.exists()
    page = client.get(run.get_absolute_url())
    assert b"What importing would add" in page.content
    assert b"1 April 2025 to 31 March 2026" in page.content
    response = client.post(reverse("casework:import_confirm", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert CaseEvent.objects.filter(source=CaseEvent.Source.SSDA903).count() == 31
    page = client.get(run.get_absolute_url())
    assert reverse("kpis:return_cross_check", kwargs={"pk": run.pk}).encode() in page.content


def test_an_xml_bomb_uploaded_is_refused_on_the_page_and_nothing_is_kept(
    client, world, private_uploads
):
    client.force_login(world.users.qa_officer)
    response = upload_return(
        client, source="cin_census", content=BOMB.read_bytes(), name="census.xml"
    )
    assert response.status_code == 400
    assert b"can be used to attack the server" in response.content
    assert not CaseEvent.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED
    assert not any(private_uploads.glob("*")) if private_uploads.exists() else True


def test_the_return_form_says_what_is_missing(client, world):
    client.force_login(world.users.qa_officer)
    response = client.post(reverse("casework:return_upload"), {"year": "twenty"})
    assert response.status_code == 400
    for message in (
        b"Choose which return this is",
        b"Enter the collection year as a number",
        b"Choose the file to import",
    ):
        assert message in response.content
    assert not ImportRun.objects.exists()
