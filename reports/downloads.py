"""A report as files: a PDF (WeasyPrint, tagged, tables not only charts) and an Excel workbook
(openpyxl, one sheet per section, real numbers and dates)."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .errors import ReportError
from .models import AssuranceReport
from .sections import DATE, MONTH, PERCENT, Section, to_date

PDF_UNAVAILABLE = (
    "The PDF cannot be made on this server just now (its PDF library is missing). "
    "Download the Excel workbook instead, or ask the service desk."
)


def load_weasyprint():
    """The WeasyPrint module, or a ReportError when it or its system libraries cannot load."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise ReportError(PDF_UNAVAILABLE) from error
    return weasyprint


def report_pdf(report: AssuranceReport, sections: list[Section], *, public: bool = False) -> bytes:
    weasyprint = load_weasyprint()
    html = render_to_string(
        "reports/report_pdf.html",
        {"report": report, "sections": sections, "public": public},
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


def _cell(value, kind: str):
    """A frozen figure as the workbook's own type: a date for a month or a day, a number."""
    if kind in (MONTH, DATE):
        return to_date(value)
    return value


def report_workbook(report: AssuranceReport, sections: list[Section]) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    bold = Font(bold=True)
    summary.append([str(report)])
    summary["A1"].font = Font(bold=True, size=14)
    rows = [
        ("Period from", report.period_start),
        ("Period to", report.period_end),
        ("Status", report.get_status_display()),
        ("Figures counted", timezone.localtime(report.figures_counted_at).replace(tzinfo=None)),
        ("Approved by", report.approved_by.full_name if report.approved_by else ""),
        (
            "Approved on",
            timezone.localtime(report.approved_at).date() if report.approved_at else None,
        ),
        ("Summary", report.narrative),
    ]
    for label, value in rows:
        summary.append([label, value])
        summary.cell(row=summary.max_row, column=1).font = bold
        if isinstance(value, datetime):
            summary.cell(row=summary.max_row, column=2).number_format = "d mmmm yyyy hh:mm"
        elif isinstance(value, date):
            summary.cell(row=summary.max_row, column=2).number_format = "d mmmm yyyy"
    summary.column_dimensions["A"].width = 22
    summary.column_dimensions["B"].width = 90
    if not report.figures.get("has_data"):
        summary.append(["No data", "Nothing was recorded in this period."])

    for section in sections:
        sheet = workbook.create_sheet(section.sheet)
        sheet.append([section.title])
        sheet["A1"].font = Font(bold=True, size=14)
        for table in section.tables:
            sheet.append([])
            sheet.append([table.caption])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
            sheet.append([column.header for column in table.columns])
            for position in range(1, len(table.columns) + 1):
                sheet.cell(row=sheet.max_row, column=position).font = bold
            if not table.rows:
                sheet.append([table.empty])
            for row in table.rows:
                sheet.append(
                    [_cell(value, c.kind) for c, value in zip(table.columns, row, strict=True)]
                )
                for position, column in enumerate(table.columns, start=1):
                    cell = sheet.cell(row=sheet.max_row, column=position)
                    if column.kind == MONTH and isinstance(cell.value, datetime | date):
                        cell.number_format = "mmmm yyyy"
                    elif column.kind == DATE and isinstance(cell.value, datetime | date):
                        cell.number_format = "d mmmm yyyy"
                    elif column.kind == PERCENT and cell.value is not None:
                        cell.number_format = "0.0"
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
