"""Assurance reports in a browser, on demo data: the QA officer opens the quarter the scheduled
job has just drafted, writes the summary, approves it and downloads the PDF and the workbook;
the public yearly summary reads well at 320 px, and every page passes axe."""

import pytest
from openpyxl import load_workbook

from reports.models import AssuranceReport, ReportDownload
from reports.tasks import draft_quarterly_report
from tests.demo_snapshot import DEMO_DAY, load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(time_machine):
    # The day the other demo tests load it on, so they share one seeding; the clock runs on.
    time_machine.move_to(DEMO_DAY, tick=True)
    load_demo()


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()


def test_the_qa_officer_approves_last_quarters_report_and_downloads_both_files(
    page, demo_data, tmp_path
):
    # As on the first day after the quarter ends: the scheduled job has drafted it, no more.
    AssuranceReport.objects.filter(kind=AssuranceReport.Kind.QUARTER).delete()
    report = AssuranceReport.objects.get(pk=draft_quarterly_report.apply().get())

    sign_in(page, "qa")
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("heading", name="Assurance reports", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=report.period_label).click()
    page.get_by_role("heading", name=report.period_label, level=1).wait_for()
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_role("link", name="Write the summary").click()
    assert_accessible(page)
    page.get_by_label("Summary for the committee").fill(
        "Fewer inadequate grades than last quarter. Plans shared with families is our next focus."
    )
    page.get_by_role("button", name="Save the summary").click()
    page.get_by_text("The summary is saved.").wait_for()
    page.get_by_role("button", name="Approve the report").click()
    page.get_by_text("The report is approved").wait_for()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.APPROVED

    # WeasyPrint lays out a few pages of tables: allow for a busy machine.
    with page.expect_download(timeout=120_000) as pdf:
        page.get_by_role("link", name="Download the report as a PDF").click()
    pdf_path = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Fewer inadequate grades" in " ".join(text.split())

    with page.expect_download(timeout=60_000) as workbook:
        page.get_by_role("link", name="Download the figures as an Excel workbook").click()
    xlsx_path = tmp_path / workbook.value.suggested_filename
    workbook.value.save_as(xlsx_path)
    sheets = load_workbook(xlsx_path)
    assert sheets.sheetnames == ["Summary", "Audit", "Voice", "Complaints", "KPIs"]
    assert sheets["Summary"]["B4"].value == "Approved"

    logged = list(ReportDownload.objects.filter(report=report).values_list("format", flat=True))
    assert sorted(logged) == ["pdf", "xlsx"]


def test_the_public_yearly_summary_reads_well_at_320px(browser, live_server, demo_data):
    summary = AssuranceReport.objects.get(
        kind=AssuranceReport.Kind.YEAR, status=AssuranceReport.Status.PUBLISHED
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/values/")
        page.get_by_role("link", name=f"Our year: {summary.period_label}").click()
        page.get_by_role("heading", name=f"Our year: {summary.period_label}", level=1).wait_for()
        assert page.get_by_role("heading", name="About small numbers").is_visible()
        assert_accessible(page)
        assert_fits_320(page)
    finally:
        context.close()
