"""Random and hostile case-data files: a CSV case list and an Annex A workbook.

Whatever the file holds, the upload answers with the page and a clear message, or with a
preview; confirming a preview imports all of it or none of it. Never a server error.
"""

import csv
import io
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import assume, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from casework.models import Allocation, Child, Episode, ImportRun
from tests.casework.conftest import ANNEX_A_SAMPLE
from tests.casework.factories import CASE_CSV_COLUMNS
from tests.matrix import rolled_back

from .test_fuzzing import HOSTILE, VALUES

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SENSIBLE_ROW = {
    "child_id": "A1",
    "case_type": "CIN",
    "team": "Safeguarding A",
    "worker": "Ann Smith",
    "start_date": "05/01/2026",
    "date_of_birth": "01/06/2015",
    "gender": "F",
    "latest_review_date": "01/03/2026",
    "last_statutory_visit_date": "01/03/2026",
}
ERROR_SIGNS = ("govuk-error-summary", "govuk-error-message")


def _profile(**changes):
    profile = hypothesis_settings.get_profile(os.environ.get("QAF_FUZZ_PROFILE", "fuzz"))
    return hypothesis_settings(profile, **changes)


def _case_data() -> tuple:
    return (
        Child.objects.count(),
        Episode.objects.count(),
        Allocation.objects.count(),
    )


@pytest.fixture
def qa_client(world, settings, tmp_path):
    settings.QAF_PRIVATE_UPLOAD_DIR = tmp_path / "private-uploads"
    client = Client()
    client.force_login(world.users.qa_officer)
    return client


def _upload_then_confirm(client, name: str, content: bytes) -> None:
    """Upload; if a preview is made, look at it and confirm it. Check each step's answer."""
    with rolled_back():
        before = _case_data()
        upload = SimpleUploadedFile(name, content, content_type=XLSX)
        response = client.post(reverse("casework:import_upload"), {"file": upload})
        # A refused file answers 400 (413 when too big) with the page and its message.
        assert response.status_code in (200, 302, 400, 413)
        if response.status_code != 302:
            assert any(sign in response.text for sign in ERROR_SIGNS)
            assert _case_data() == before
            return
        assert client.get(response["Location"]).status_code == 200
        run = ImportRun.objects.latest("pk")
        response = client.post(reverse("casework:import_confirm", args=[run.pk]))
        assert response.status_code == 302
        run.refresh_from_db()
        if run.status != ImportRun.Status.APPLIED:
            assert _case_data() == before, "a refused import changed the case data"


ROWS = st.lists(
    st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(CASE_CSV_COLUMNS, VALUES),
    ).map(lambda changes: SENSIBLE_ROW | changes),
    min_size=1,
    max_size=3,
)


def test_a_csv_case_list_of_hostile_values_is_refused_or_imported_whole(qa_client):
    @_profile()
    @given(rows=ROWS, as_text=st.booleans())
    def upload(rows, as_text):
        stream = io.StringIO()
        writer = csv.DictWriter(stream, fieldnames=CASE_CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        note(repr(rows))
        _upload_then_confirm(qa_client, "cases.csv", stream.getvalue().encode("utf-8"))

    upload()


def test_any_bytes_as_a_case_file_are_refused_with_a_message(qa_client):
    @_profile()
    @given(
        content=st.one_of(
            st.binary(max_size=2000),
            st.just(b"PK\x03\x04" + b"\x00" * 200),
            st.just(ANNEX_A_SAMPLE.read_bytes()[:5000]),
        ),
        name=st.sampled_from(["cases.csv", "annex-a.xlsx", "cases", "annex-a.xls"]),
    )
    def upload(content, name):
        _upload_then_confirm(qa_client, name, content)

    upload()


def test_an_annex_a_workbook_with_hostile_cells_is_refused_or_imported_whole(qa_client):
    workbook = openpyxl.load_workbook(ANNEX_A_SAMPLE)
    sheets = workbook.sheetnames

    @_profile(max_examples=3)
    @given(
        cells=st.lists(
            st.tuples(
                st.sampled_from(sheets),
                st.integers(min_value=1, max_value=12),
                st.integers(min_value=1, max_value=12),
                st.one_of(st.sampled_from(HOSTILE), VALUES),
            ),
            min_size=1,
            max_size=6,
        )
    )
    def upload(cells):
        changed = openpyxl.load_workbook(ANNEX_A_SAMPLE)
        for sheet, row, column, value in cells:
            try:
                changed[sheet].cell(row=row, column=column).value = value
            except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
                assume(False)  # Excel itself cannot hold it
        note(repr(cells))
        content = io.BytesIO()
        changed.save(content)
        _upload_then_confirm(qa_client, "annex-a.xlsx", content.getvalue())

    upload()
