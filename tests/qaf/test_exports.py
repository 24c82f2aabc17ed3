"""Lists downloaded as CSV and Excel: formula injection neutralised, numbers and dates kept as
real cells, a bad format refused, and every download logged."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from qaf.exports import Column, csv_bytes, export_response, neutralise, xlsx_bytes
from qaf.models import DownloadLog

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _parse_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _parse_xlsx(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_quoted_in_csv(text):
    rows = _parse_csv(csv_bytes(["Team"], [[text]]))
    assert rows[1] == ["'" + text]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_text_in_excel(text):
    rows = _parse_xlsx(xlsx_bytes("List", ["Team"], [[text]]))
    cell = rows[1][0]
    # XML keeps no carriage return: Excel reads it back as a line feed, still after the quote.
    assert cell == "'" + text.replace("\r", "\n")
    workbook = load_workbook(io.BytesIO(xlsx_bytes("List", ["Team"], [[text]])))
    assert workbook.active["A2"].data_type == "s"


def test_a_hostile_heading_is_neutralised_too():
    assert _parse_csv(csv_bytes(["=1+1"], []))[0] == ["'=1+1"]


def test_numbers_and_dates_stay_typed_in_excel():
    when = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    body = xlsx_bytes(
        "List",
        ["n", "rate", "day", "at", "flag"],
        [[12, Decimal("45.5"), dt.date(2026, 10, 1), when, True]],
    )
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet["A2"].value == 12
    assert float(sheet["B2"].value) == 45.5
    assert sheet["C2"].is_date and sheet["C2"].value.date() == dt.date(2026, 10, 1)
    assert sheet["D2"].is_date
    assert sheet["E2"].value == "Yes"


def test_negative_numbers_are_numbers_not_quoted_text():
    assert neutralise(-3) == -3
    assert _parse_csv(csv_bytes(["n"], [[-3]]))[1] == ["-3"]


def test_a_download_is_logged_with_who_what_and_when(world):
    request = RequestFactory().get("/x/", {"status": "open", "format": "xlsx"})
    request.user = world.users.qa_officer
    response = export_response(
        request, what="actions", columns=[Column("n", lambda row: row)], rows=[1, 2, 3]
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    entry = DownloadLog.objects.get()
    assert (entry.user, entry.what, entry.file_format, entry.rows, entry.query) == (
        world.users.qa_officer,
        "actions",
        "xlsx",
        3,
        "status=open",
    )
    assert entry.downloaded_at is not None


def test_an_unknown_format_is_a_clear_400_and_nothing_is_logged(world):
    request = RequestFactory().get("/x/", {"format": "pdf"})
    request.user = world.users.qa_officer
    response = export_response(request, what="actions", columns=[], rows=[])
    assert response.status_code == 400
    assert "csv or xlsx" in response.content.decode()
    assert not DownloadLog.objects.exists()
