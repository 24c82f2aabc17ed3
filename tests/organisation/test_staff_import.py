"""The staff list: bad rows refused one by one, nothing written; importing twice changes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import TeamMembership
from organisation.models import StaffImportRun, StaffRecord
from qaf.models import User

pytestmark = pytest.mark.django_db

HEADER = "Staff ID,Name,Email,Job title,Team,Line manager,Start date,End date\n"


@pytest.fixture
def good_list(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(
        HEADER + "T1,Tess Manning,tess.manning@northmoor.example,Team manager,Safeguarding A,,"
        "01/04/2021,\n"
        + "S1,Sam Oduya,sam.oduya@northmoor.example,Social worker,Safeguarding A,T1,"
        "2023-09-01,\n" + "S2,Priya Lal,,Social worker,Safeguarding B,T1,01/09/2023,\n"
    )
    return path


def write(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + text)
    return path


def test_the_command_imports_then_a_second_run_changes_nothing(world, good_list, capsys):
    call_command("import_staff", str(good_list), "--json")
    first = json.loads(capsys.readouterr().out)
    assert first["counts"] == {"people": 3, "new": 3, "changed": 0, "unchanged": 0}
    tess = User.objects.get(full_name="Tess Manning")
    sam = StaffRecord.objects.get(staff_id="S1")
    assert sam.line_manager == tess
    assert TeamMembership.objects.get(user=tess, end_date=None).role == "manager"
    assert TeamMembership.objects.get(user=sam.user, end_date=None).team == world.team_a
    memberships = TeamMembership.objects.count()

    call_command("import_staff", str(good_list), "--json")
    second = json.loads(capsys.readouterr().out)
    assert second["counts"] == {"people": 3, "new": 0, "changed": 0, "unchanged": 3}
    assert second["changes"] == []
    assert TeamMembership.objects.count() == memberships
    assert StaffRecord.objects.count() == 3
    assert StaffImportRun.objects.filter(status="applied").count() == 2


def test_a_dry_run_writes_nothing(world, good_list, capsys):
    call_command("import_staff", str(good_list), "--dry-run")
    assert "Would import 3 people: 3 new" in capsys.readouterr().out
    assert not StaffRecord.objects.exists()
    assert not StaffImportRun.objects.exists()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "S1,Sam Oduya,,,Safeguarding A,,,\nS1,Sam Other,,,Safeguarding B,,,\n",
            "Row 3, staff id: Staff ID S1 is also on row 2",
        ),
        (
            "S1,Sam Oduya,,,Safeguarding Z,,,\n",
            "Row 2, team: There is no team called 'Safeguarding Z'",
        ),
        (
            "S1,Sam Oduya,,,Safeguarding A,S2,,\nS2,Priya Lal,,,Safeguarding A,S3,,\n"
            "S3,Tess Manning,,,Safeguarding A,S1,,\n",
            "Line management goes round in a circle: S1 → S2 → S3 → S1",
        ),
        (
            "S1,Sam Oduya,,,Safeguarding A,,01/09/2023,31/08/2023\n",
            "Row 2, end date: The end date (31 August 2023) is before the start date "
            "(01 September 2023)",
        ),
        ("S1,Sam Oduya,,,Safeguarding A,S9,,\n", "No one has staff ID S9"),
        ("S1,Sam Oduya,not-an-email,,Safeguarding A,,,\n", "'not-an-email' is not an email"),
        ("S1,Sam Oduya,,,Safeguarding A,,31/02/2024,\n", "'31/02/2024' is not a date"),
    ],
)
def test_bad_rows_are_refused_one_by_one_and_nothing_is_written(
    world, tmp_path, capsys, rows, expected
):
    path = write(tmp_path, rows)
    people = User.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_staff", str(path))
    assert expected in capsys.readouterr().err
    assert User.objects.count() == people
    assert not StaffRecord.objects.exists()
    assert StaffImportRun.objects.get().status == "refused"


def test_a_file_without_the_columns_is_refused(world, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("Name,Email\nSam,sam@example.org\n")
    with pytest.raises(CommandError, match="no staff id, team column"):
        call_command("import_staff", str(path), "--json")
    assert json.loads(capsys.readouterr().out)["status"] == "refused"


def test_the_upload_page_shows_every_bad_row_and_offers_no_import(client, world):
    client.force_login(world.users.qa_officer)
    text = HEADER + "S1,Sam,,,Safeguarding A,,,\nS1,Sam,,,Nowhere,,,\n"
    upload = SimpleUploadedFile("staff.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("organisation:staff_import_upload"), {"file": upload})
    run = StaffImportRun.objects.get()
    page = client.get(response["Location"]).text
    assert run.status == "refused"
    assert "Staff ID S1 is also on row 2" in page
    assert "There is no team called &#x27;Nowhere&#x27;" in page
    assert "Import the staff list</button>" not in page
    assert (
        client.post(reverse("organisation:staff_import_confirm", args=[run.pk])).status_code == 302
    )
    assert not StaffRecord.objects.exists()


def test_an_empty_upload_says_so(client, world):
    client.force_login(world.users.qa_officer)
    upload = SimpleUploadedFile("staff.csv", b"", content_type="text/csv")
    response = client.post(reverse("organisation:staff_import_upload"), {"file": upload})
    assert response.status_code == 400
    assert "The file is empty." in response.text


def test_a_person_who_left_has_their_membership_ended_not_deleted(world, good_list, tmp_path):
    call_command("import_staff", str(good_list))
    left = tmp_path / "left.csv"
    left.write_text(good_list.read_text().replace("2023-09-01,", "2023-09-01,2024-03-31"))
    call_command("import_staff", str(left))
    sam = StaffRecord.objects.get(staff_id="S1")
    membership = TeamMembership.objects.get(user=sam.user)
    assert str(membership.end_date) == "2024-03-31"
    assert sam.end_date.isoformat() == "2024-03-31"


def test_a_list_saved_by_excel_in_windows_encoding_keeps_its_accents(client, world):
    client.force_login(world.users.qa_officer)
    text = HEADER + "S1,Zoë Brontë,,,Safeguarding A,,,\n"
    upload = SimpleUploadedFile("staff.csv", text.encode("cp1252"), content_type="text/csv")
    response = client.post(reverse("organisation:staff_import_upload"), {"file": upload})
    run = StaffImportRun.objects.get()
    client.post(reverse("organisation:staff_import_confirm", args=[run.pk]))
    assert response.status_code == 302
    assert StaffRecord.objects.get(staff_id="S1").user.full_name == "Zoë Brontë"
