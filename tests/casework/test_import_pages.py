"""The Case data pages: upload, preview, confirm or cancel, and the import history."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Child, ImportRun
from tests.factories import UserFactory

from .factories import ROWS_FOR_CSV, ImportRunFactory, case_csv

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OTHER_ROLES = [
    "practitioner",
    "team_manager",
    "peer_auditor",
    "senior_manager",
    "director",
    "participation_worker",
    "staff",
]


def upload(client, path, *, name=None, **dates):
    data = {"file": SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=XLSX)}
    for index, part in enumerate(("day", "month", "year")):
        if part in dates:
            data[f"as_at_{index}"] = dates[part]
    return client.post(reverse("casework:import_upload"), data)


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


def test_a_qa_officer_previews_then_confirms_the_sample(qa_client, world, annex_a_sample):
    response = upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert run.status == "previewed"
    assert Child.objects.count() == 1, "only the world's own child: the preview wrote nothing"

    preview = qa_client.get(run.get_absolute_url())
    assert "Check before importing" in preview.text
    assert "Import these cases" in preview.text
    assert "&#x27;nope&#x27; is not a postcode" in preview.text
    assert "48" in preview.text

    confirmed = qa_client.post(reverse("casework:import_confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == "applied"
    assert run.applied_by == world.users.qa_officer
    assert Child.objects.count() == 49
    assert "Imported Annex_A_sample.xlsx: 48 children" in confirmed.text

    history = qa_client.get(reverse("casework:import_history"))
    assert "Annex_A_sample.xlsx" in history.text
    assert run.sha256[:12] in history.text


def test_the_uploaded_file_is_kept_privately_and_deleted_once_imported(
    qa_client, annex_a_sample, private_uploads, django_capture_on_commit_callbacks
):
    upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    (stored,) = private_uploads.iterdir()
    assert stored.name == run.stored_name != "Annex_A_sample.xlsx"
    assert stored.read_bytes() == annex_a_sample.read_bytes()
    assert stored.stat().st_mode & 0o077 == 0, "readable by the service only"
    page = qa_client.get(run.get_absolute_url())
    assert run.stored_name not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        qa_client.post(reverse("casework:import_confirm", args=[run.pk]))
    assert list(private_uploads.iterdir()) == []


def test_cancelling_a_preview_deletes_the_file_and_imports_nothing(
    qa_client, annex_a_sample, private_uploads
):
    upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    response = qa_client.post(reverse("casework:import_discard", args=[run.pk]), follow=True)
    assert "Nothing was imported" in response.text
    run.refresh_from_db()
    assert run.status == "discarded"
    assert list(private_uploads.iterdir()) == []
    assert Child.objects.count() == 1


def test_a_preview_cannot_be_imported_twice(qa_client, annex_a_sample):
    upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    qa_client.post(reverse("casework:import_confirm", args=[run.pk]))
    again = qa_client.post(reverse("casework:import_confirm", args=[run.pk]), follow=True)
    assert "is not waiting to be imported" in again.text
    assert ImportRun.objects.filter(status="applied").count() == 1


def test_the_snapshot_date_given_on_the_form_is_used(qa_client, annex_a_sample):
    upload(qa_client, annex_a_sample, day="31", month="3", year="2021")
    assert str(ImportRun.objects.get().as_at) == "2021-03-31"


def test_a_half_filled_snapshot_date_is_an_error(qa_client, annex_a_sample, private_uploads):
    response = upload(qa_client, annex_a_sample, day="31")
    assert "Enter the day, month and year, or leave all three blank" in response.text
    assert not ImportRun.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_clear_message(
    qa_client, tmp_path, private_uploads
):
    path = tmp_path / "cases.xlsx"
    path.write_text("this is not a workbook")
    response = upload(qa_client, path)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "This file is not an Excel workbook (.xlsx)" in response.text
    refused = ImportRun.objects.get()
    assert refused.status == "refused" and "not an Excel workbook" in refused.message
    assert list(private_uploads.iterdir()) == []


def test_an_old_excel_file_is_refused_with_what_to_do(qa_client, tmp_path):
    path = tmp_path / "annex.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    response = upload(qa_client, path)
    assert "save it as an Excel Workbook (.xlsx)" in response.text


def test_a_file_over_the_size_limit_is_refused_and_never_stored(
    qa_client, settings, annex_a_sample, private_uploads
):
    settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = annex_a_sample.parent.parent.parent / "big.csv"
    try:
        big.write_bytes(b"x" * (3 * 1024 * 1024))
        response = upload(qa_client, big)
    finally:
        big.unlink()
    assert response.status_code == 413
    assert "The file must be smaller than 2 MB" in response.text
    assert not ImportRun.objects.exists()
    assert not private_uploads.exists() or list(private_uploads.iterdir()) == []


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_qa_officers_may_upload_or_confirm(client, world, role, annex_a_sample):
    run = ImportRunFactory(status="previewed", created_by=world.users.qa_officer)
    client.force_login(getattr(world.users, role))
    assert client.get(reverse("casework:import_upload")).status_code == 403
    assert upload(client, annex_a_sample).status_code == 403
    assert client.post(reverse("casework:import_confirm", args=[run.pk])).status_code == 403
    assert client.get(reverse("casework:import_history")).status_code == 403
    assert client.get(run.get_absolute_url()).status_code == 403
    assert ImportRun.objects.count() == 1


def test_strangers_are_sent_to_sign_in(client, annex_a_sample):
    response = upload(client, annex_a_sample)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not ImportRun.objects.exists()


def test_the_menu_shows_case_data_to_qa_officers_only(client, world):
    client.force_login(world.users.qa_officer)
    assert 'href="/casework/imports/"' in client.get(reverse("home")).text
    client.force_login(world.users.director)
    assert 'href="/casework/imports/"' not in client.get(reverse("home")).text


@pytest.mark.parametrize("rows", [3, 30])
def test_the_history_reads_a_fixed_number_of_queries(
    qa_client, world, rows, django_assert_max_num_queries
):
    for number in range(rows):
        ImportRunFactory(created_by=UserFactory() if number % 2 else None)
    # One more than the rows need: the count of teams awaiting review.
    with django_assert_max_num_queries(9):
        response = qa_client.get(reverse("casework:import_history"))
    assert response.status_code == 200
    assert response.text.count("SHA-256") == min(rows, 25)


def test_a_refused_nightly_file_shows_why_in_the_history(qa_client):
    run = ImportRunFactory(
        status="refused", origin="drop_folder", counts={}, problems=[], message="No 'team'."
    )
    page = qa_client.get(run.get_absolute_url())
    assert "The file was refused" in page.text
    assert "No &#x27;team&#x27;." in page.text


def test_a_csv_case_list_uploaded_without_a_date_is_a_snapshot_as_at_today(qa_client, tmp_path):
    path = case_csv(tmp_path / "cases.csv", ROWS_FOR_CSV)
    with time_machine.travel(dt.datetime(2026, 4, 30, 9, tzinfo=dt.UTC), tick=False):
        response = upload(qa_client, path)
    run = ImportRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert (run.source, run.as_at) == ("case_csv", dt.date(2026, 4, 30))
    assert run.counts["children"] == 2
