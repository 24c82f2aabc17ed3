"""A QA officer imports the Annex A sample in a real browser: upload, preview, confirm, history."""

from pathlib import Path

import pytest

from casework.models import Child, ImportRun
from qaf.roles import Role
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).parent.parent / "casework" / "data" / "annex-a" / "Annex_A_sample.xlsx"


@pytest.fixture
def qa_officer(settings, tmp_path):
    settings.QAF_PRIVATE_UPLOAD_DIR = tmp_path / "uploads"
    return UserFactory(username="qa.officer", full_name="Priya Sharma", roles=[Role.QA_OFFICER])


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()


def test_a_qa_officer_uploads_the_sample_checks_the_preview_and_imports_it(page, qa_officer):
    sign_in(page, "qa.officer")
    page.get_by_role("link", name="Case data", exact=True).click()
    page.get_by_role("heading", name="Case data imports", level=1).wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Import a file").click()
    page.get_by_role("heading", name="Import case data", level=1).wait_for()
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_label("Case data file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check before importing", level=1).wait_for()
    assert page.get_by_text("'nope' is not a postcode").count() == 1
    assert not Child.objects.exists()
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_role("button", name="Import these cases").click()
    page.get_by_text("Imported Annex_A_sample.xlsx: 48 children").wait_for()
    assert Child.objects.count() == 48
    assert_accessible(page)

    page.get_by_role("link", name="Case data imports").first.click()
    page.get_by_role("cell", name="Annex_A_sample.xlsx").wait_for()
    assert ImportRun.objects.get().status == "applied"
    assert_accessible(page)
    assert_fits_320(page)


def test_a_file_that_is_not_a_workbook_shows_an_error_summary(page, qa_officer, tmp_path):
    not_a_workbook = tmp_path / "cases.xlsx"
    not_a_workbook.write_text("child_id\n1\n")
    sign_in(page, "qa.officer")
    page.goto("/casework/imports/upload/")
    page.get_by_label("Case data file").set_input_files(str(not_a_workbook))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    # The refusal is in the import history; nothing was imported.
    assert ImportRun.objects.get().status == "refused"
    assert not Child.objects.exists()
