"""Lists downloaded as CSV or Excel, safe to open in a spreadsheet, and every download logged.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read
by Excel or LibreOffice as a formula (CSV injection, OWASP), so such text is written with a single
quote in front. Numbers, dates and times stay real typed values: Excel can sum and sort them.

Views build their rows from the same scoped selector as the page, then call ``export_response``.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import DownloadLog

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnknownFormat(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    """A column of an export: its heading and how to read its value from a row."""

    heading: str
    value: Callable[[Any], Any]


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet should hold it: text that could start a formula is quoted;
    numbers, dates and times are left as they are; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _spreadsheet_value(value: Any) -> Any:
    """Excel holds no time zones: an aware time is written as the local wall-clock time."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headings])
    for row in rows:
        cells = []
        for value in row:
            value = _spreadsheet_value(neutralise(value))
            cells.append(value.isoformat() if isinstance(value, dt.date | dt.time) else value)
        writer.writerow(cells)
    # A byte-order mark, so that Excel opens the file as UTF-8 (names with accents stay whole).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=neutralise(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            value = _spreadsheet_value(neutralise(value))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of ``[]:*?/\\`` in a sheet's name."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Export")[:31]


def requested_format(request: HttpRequest) -> str:
    """The format asked for in ``?format=`` (CSV unless Excel is asked for by name)."""
    fmt = request.GET.get("format", "csv").lower()
    if fmt not in FORMATS:
        raise UnknownFormat(f"Choose a download format: csv or xlsx, not {fmt[:20]!r}.")
    return fmt


def export_response(
    request: HttpRequest,
    *,
    what: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
) -> HttpResponse:
    """A CSV or Excel download of ``rows`` (as ``?format=`` asks), logged against the person.

    ``rows`` are the page's own objects, already scoped to the person by its selector."""
    try:
        fmt = requested_format(request)
    except UnknownFormat as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    values = [[column.value(row) for column in columns] for row in rows]
    headings = [column.heading for column in columns]
    if fmt == "csv":
        body = csv_bytes(headings, values)
    else:
        body = xlsx_bytes(what.capitalize(), headings, values)
    query = request.GET.copy()
    query.pop("format", None)
    download_log_record(
        user=request.user, what=what, file_format=fmt, query=query.urlencode(), rows=len(values)
    )
    filename = f"{slugify(what)}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_log_record(*, user, what: str, file_format: str, query: str, rows: int) -> None:
    DownloadLog.objects.create(
        user=user, what=what[:120], file_format=file_format, query=query[:300], rows=rows
    )
