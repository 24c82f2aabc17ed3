"""Quarterly assurance reports and the yearly summary: drafting, freezing, sign-off, the files
and the public version."""

import datetime as dt
import os
import re
from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from moderation.models import FinalGrade
from pages import yearly_summary
from reports.errors import ReportError
from reports.models import AssuranceReport, ReportDownload
from reports.sections import public_sections
from reports.selectors import yearly_summary_link
from reports.services import (
    report_draft,
    report_move,
    report_narrative_save,
    report_regenerate,
)
from reports.tasks import draft_quarterly_report
from tests.conftest import require_or_skip
from tests.form_tokens import post_twice

from .conftest import QUARTER, YEAR, make_audits, make_register, publish

pytestmark = pytest.mark.django_db


def _table(html: str, key: str) -> list[list[str]]:
    """The rows of the page's table ``key``, each cell's text."""
    found = re.search(rf'<table class="govuk-table" data-table="{key}">(.*?)</table>', html, re.S)
    assert found, f"no table {key}"
    body = found.group(1).split("<tbody", 1)[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_drafting_counts_the_quarters_figures(quarter_report):
    audit = quarter_report.figures["audit"]
    assert [m["sampled"] for m in audit["months"]] == [8, 2, 2]
    assert [m["graded"] for m in audit["months"]] == [5, 5, 2]
    assert audit["grades"]["this"] == {
        "outstanding": 2,
        "good": 5,
        "requires_improvement": 3,
        "inadequate": 2,
    }
    # Inadequate this quarter against the quarter before.
    assert audit["grades"]["previous"]["inadequate"] == 4
    assert audit["agreement"] == {"final": 12, "agreed": 9}
    assert quarter_report.figures["register"]["totals"]["complaints"] == 11
    assert quarter_report.figures["register"]["totals"]["compliments"] == 3
    assert quarter_report.figures["has_data"] is True
    assert quarter_report.period_end == dt.date(2026, 9, 30)


def test_drafting_the_same_period_twice_gives_the_same_report(quarter_report, world):
    again, created = report_draft(
        kind=AssuranceReport.Kind.QUARTER, period_start=QUARTER, by=world.users.qa_officer
    )
    assert (again.pk, created) == (quarter_report.pk, False)


@pytest.mark.parametrize(
    ("kind", "start", "message"),
    [
        ("quarter", dt.date(2026, 8, 1), "A quarter starts on"),
        ("year", dt.date(2026, 1, 1), "A year runs from 1 April"),
        ("quarter", dt.date(2030, 1, 1), "has not ended yet"),
    ],
)
def test_a_period_that_is_not_a_whole_quarter_or_year_or_has_not_ended_is_refused(
    world, kind, start, message
):
    with pytest.raises(ReportError, match=message):
        report_draft(kind=kind, period_start=start, by=world.users.qa_officer)
    assert not AssuranceReport.objects.exists()


def test_an_approved_report_keeps_its_figures_when_the_data_changes(quarter_report, world):
    qa = world.users.qa_officer
    report_narrative_save(report=quarter_report, narrative="A steady quarter.", by=qa)
    report_move(report=quarter_report, action="approve", by=qa)
    make_audits(world, [(dt.date(2026, 9, 1), dt.date(2026, 9, 29), "inadequate")] * 3)
    with pytest.raises(ReportError, match="approved"):
        report_regenerate(report=quarter_report, by=qa)
    with pytest.raises(ReportError, match="approved"):
        report_narrative_save(report=quarter_report, narrative="Changed.", by=qa)
    quarter_report.refresh_from_db()
    assert quarter_report.figures["audit"]["grades"]["this"]["inadequate"] == 2
    assert quarter_report.narrative == "A steady quarter."
    assert quarter_report.approved_by == qa


def test_a_qa_officer_can_count_a_drafts_figures_again(quarter_report, world):
    make_audits(world, [(dt.date(2026, 9, 1), dt.date(2026, 9, 29), "inadequate")] * 3)
    report_regenerate(report=quarter_report, by=world.users.qa_officer)
    quarter_report.refresh_from_db()
    assert quarter_report.figures["audit"]["grades"]["this"]["inadequate"] == 5
    history = AssuranceReport.history.filter(id=quarter_report.pk).first()
    assert history.history_change_reason == "Figures counted again"
    assert history.history_user == world.users.qa_officer


def test_a_report_is_approved_only_with_a_summary(quarter_report, world):
    with pytest.raises(ReportError, match="Write the summary"):
        report_move(report=quarter_report, action="approve", by=world.users.qa_officer)
    quarter_report.refresh_from_db()
    assert quarter_report.status == AssuranceReport.Status.DRAFT


def test_only_a_yearly_summary_is_published(quarter_report, world):
    qa = world.users.qa_officer
    report_narrative_save(report=quarter_report, narrative="Done.", by=qa)
    report_move(report=quarter_report, action="approve", by=qa)
    with pytest.raises(ReportError, match="only a yearly summary"):
        report_move(report=quarter_report, action="publish", by=qa)


def test_a_director_reads_a_report_but_cannot_approve_it(client, quarter_report, world):
    report_narrative_save(report=quarter_report, narrative="Done.", by=world.users.qa_officer)
    client.force_login(world.users.director)
    page = client.get(reverse("reports:detail", args=[quarter_report.pk]))
    assert page.status_code == 200
    assert "Approve the report" not in page.text
    refused = client.post(reverse("reports:move", args=[quarter_report.pk, "approve"]))
    assert refused.status_code == 403
    quarter_report.refresh_from_db()
    assert quarter_report.status == AssuranceReport.Status.DRAFT


def test_a_quarter_with_no_data_renders_and_says_so(client, world):
    report, _ = report_draft(kind="quarter", period_start=dt.date(2025, 1, 1))
    assert report.figures["has_data"] is False
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    assert "Nothing was recorded in this period" in page.text
    workbook = load_workbook(BytesIO(client.get(reverse("reports:xlsx", args=[report.pk])).content))
    assert workbook["Summary"]["A9"].value == "No data"


def test_the_page_and_the_workbook_hold_the_same_figures(client, quarter_report, world):
    client.force_login(world.users.senior_manager)
    html = client.get(reverse("reports:detail", args=[quarter_report.pk])).text
    page_rows = _table(html, "audit-months")
    assert page_rows[0] == ["July 2026", "8", "5", "0", "5", "0", "0"]
    assert page_rows[-1] == ["Total", "12", "12", "2", "5", "3", "2"]

    response = client.get(reverse("reports:xlsx", args=[quarter_report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="qaf-quarter-2026-07-to-2026-09.xlsx"'
    )
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Audit", "Voice", "Complaints", "KPIs"]
    summary = workbook["Summary"]
    assert summary["B2"].value == dt.datetime(2026, 7, 1)  # a real date, not text
    assert summary["B3"].value == dt.datetime(2026, 9, 30)
    audit = list(workbook["Audit"].iter_rows(values_only=True))
    july = next(row for row in audit if row[0] == dt.datetime(2026, 7, 1))
    assert list(july[:7]) == [dt.datetime(2026, 7, 1), 8, 5, 0, 5, 0, 0]
    total = next(row for row in audit if row[0] == "Total")
    assert list(total[1:7]) == [12, 12, 2, 5, 3, 2]
    # Every figure on the page is a number in the workbook.
    for page_row in page_rows[:-1]:
        sheet_row = next(
            row
            for row in audit
            if isinstance(row[0], dt.datetime) and f"{row[0]:%B %Y}" == page_row[0]
        )
        assert [str(value) for value in sheet_row[1:7]] == page_row[1:]
    complaints = list(workbook["Complaints"].iter_rows(values_only=True))
    assert ("Complaints received", 11, None) in [tuple(row[:3]) for row in complaints]


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _weasyprint_or_skip():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        require_or_skip(False, what="WeasyPrint and its libraries", env_var="QAF_REQUIRE_BROWSER")


def test_the_pdf_holds_the_same_figures_as_the_page(client, quarter_report, world):
    _weasyprint_or_skip()
    client.force_login(world.users.qa_officer)
    html = client.get(reverse("reports:detail", args=[quarter_report.pk])).text
    response = client.get(reverse("reports:pdf", args=[quarter_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", _pdf_text(response.content))
    assert "July to September 2026" in text
    for row in _table(html, "audit-months"):
        assert " ".join(row) in text, row
    for row in _table(html, "grades"):
        assert " ".join(row) in text, row
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings and tables


def test_every_download_is_logged_with_who_what_and_when(client, quarter_report, world):
    client.force_login(world.users.director)
    client.get(reverse("reports:xlsx", args=[quarter_report.pk]))
    if os.environ.get("QAF_REQUIRE_BROWSER") or _loads_weasyprint():
        client.get(reverse("reports:pdf", args=[quarter_report.pk]))
    downloads = list(ReportDownload.objects.order_by("pk"))
    assert downloads[0].user == world.users.director
    assert downloads[0].report == quarter_report
    assert downloads[0].format == "xlsx"
    assert downloads[0].report_status == "draft"
    assert downloads[0].downloaded_at is not None
    assert {d.format for d in downloads[1:]} <= {"pdf"}


def _loads_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def test_a_stranger_gets_no_download_and_nothing_is_logged(client, quarter_report, world):
    client.force_login(world.users.practitioner)
    assert client.get(reverse("reports:xlsx", args=[quarter_report.pk])).status_code == 403
    assert client.get(reverse("reports:pdf", args=[quarter_report.pk])).status_code == 403
    assert not ReportDownload.objects.exists()


def test_the_report_list_reads_the_same_number_of_queries_for_3_and_30_reports(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users.director)

    def make(count: int) -> None:
        AssuranceReport.objects.all().delete()
        for number in range(count):
            start = dt.date(2010 + number // 4, 1 + 3 * (number % 4), 1)
            AssuranceReport.objects.create(
                kind="quarter",
                period_start=start,
                period_end=start + dt.timedelta(days=80),
                figures={},
                figures_counted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                narrative="Done.",
                status="approved",
                approved_by=world.users.qa_officer,
                approved_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
            )

    counts = []
    for size in (3, 30):
        make(size)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:list"))
        assert response.status_code == 200
        assert response.text.count("reports/") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    make(30)
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("reports:list"))


def test_the_scheduled_job_drafts_last_quarter_once(world):
    with time_machine.travel(dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        first = draft_quarterly_report.apply().get()
        second = draft_quarterly_report.apply().get()
    assert first == second
    report = AssuranceReport.objects.get()
    assert (report.kind, report.period_start, report.drafted_by) == ("quarter", QUARTER, None)
    assert report.status == "draft"


def test_the_command_drafts_a_quarter_and_says_which(world, capsys):
    call_command("draft_quarterly_report", "--quarter", "2026-04")
    assert "April to June 2026 (draft)" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a month"):
        call_command("draft_quarterly_report", "--quarter", "soon")
    with pytest.raises(CommandError, match="A quarter starts"):
        call_command("draft_quarterly_report", "--quarter", "2026-05")


def test_the_draft_form_explains_bad_input_and_saves_nothing(client, world):
    client.force_login(world.users.qa_officer)
    url = reverse("reports:create")
    for data in ({}, {"period": "quarter:2099-01"}, {"period": "century:1900-01"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Choose" in response.text
    assert not AssuranceReport.objects.exists()


def test_the_draft_form_sent_twice_drafts_one_report(client, world):
    client.force_login(world.users.qa_officer)
    first, second = post_twice(client, reverse("reports:create"), {"period": "quarter:2026-07"})
    report = AssuranceReport.objects.get()
    assert first["Location"] == second["Location"] == report.get_absolute_url()


def test_a_qa_officer_writes_the_summary_and_approves_through_the_pages(
    client, quarter_report, world
):
    client.force_login(world.users.qa_officer)
    narrative = reverse("reports:narrative", args=[quarter_report.pk])
    assert client.post(narrative, {"narrative": ""}).status_code == 200
    assert client.post(narrative, {"narrative": "Better than last quarter."}).status_code == 302
    response = client.post(
        reverse("reports:move", args=[quarter_report.pk, "approve"]), follow=True
    )
    assert "The report is approved" in response.text
    quarter_report.refresh_from_db()
    assert quarter_report.status == "approved"
    reasons = list(
        AssuranceReport.history.filter(id=quarter_report.pk)
        .order_by("history_id")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Drafted", "Summary written", "Approved"]
    # Approved: the summary page and counting again are refused, with a message.
    assert client.post(narrative, {"narrative": "Changed"}).status_code == 200
    response = client.post(reverse("reports:regenerate", args=[quarter_report.pk]), follow=True)
    assert "cannot change" in response.text


# The public yearly summary -----------------------------------------------------------------------


@pytest.fixture
def year_report(world):
    """A year with eleven complaints about communication and four about delay, twelve good
    audits and three inadequate ones."""
    make_audits(world, [(dt.date(2025, 5, 1), dt.date(2025, 5, 20), "good")] * 12, agreed=12)
    make_audits(world, [(dt.date(2025, 6, 1), dt.date(2025, 6, 20), "inadequate")] * 3)
    make_register(world, complaints=11, compliments=12, on=dt.date(2025, 8, 3))
    from feedback.models import ComplaintOrCompliment

    delayed = ComplaintOrCompliment.objects.filter(kind="complaint").values_list("pk", flat=True)
    ComplaintOrCompliment.objects.filter(pk__in=list(delayed[:4])).update(category="delay")
    report, _ = report_draft(kind="year", period_start=YEAR, by=world.users.qa_officer)
    return report


def test_the_public_summary_hides_small_numbers_and_their_complements(year_report):
    sections = {section.key: section for section in public_sections(year_report.figures)}
    audits = sections["audit"].tables[0]
    april_to_june = audits.rows[0]
    # 15 checked, 15 finished, 0 outstanding, 12 good, 0 RI, 3 inadequate: the 3 is hidden,
    # and so are the 0s beside it; three hidden cells share the 15 - 12, so the 12 may show.
    assert april_to_june == ["April to June", 15, 15, None, 12, None, None]
    # A quarter with no audits at all hides every cell, zeros included.
    assert audits.rows[1] == ["July to September", None, None, None, None, None, None]
    register = {row[0]: row[1:] for row in sections["register"].tables[0].rows}
    # 7 complaints about communication (hidden) and 12 compliments: the 12 goes too, or
    # 19 - 12 would give the 7 away from the total.
    assert register["Communication"] == [None, None]
    assert register["Delay or missed appointment"] == [None, None]
    assert register["Whole year"] == [11, 12]


def test_the_public_summary_shows_only_once_published(client, year_report, world):
    url = reverse("yearly_summary", args=[2025])
    assert client.get(url).status_code == 404
    qa = world.users.qa_officer
    report_narrative_save(report=year_report, narrative="Our year.", by=qa)
    report_move(report=year_report, action="approve", by=qa)
    assert client.get(url).status_code == 404
    report_move(report=year_report, action="publish", by=qa)
    page = client.get(url)
    assert page.status_code == 200
    assert "About small numbers" in page.text
    assert "hidden" in page.text
    # No child, worker or free text of the register on the public page.
    assert "About phone calls" not in page.text
    assert escape(world.users.qa_officer.full_name) not in page.text
    history = AssuranceReport.history.filter(id=year_report.pk).first()
    assert (history.history_change_reason, history.history_user) == ("Published", qa)
    report_move(report=year_report, action="withdraw", by=qa)
    assert client.get(url).status_code == 404


def test_the_public_pages_link_the_latest_published_summary(client, year_report, world):
    from django.apps import apps

    from pages.content import install

    install(apps.get_model)
    yearly_summary.register(yearly_summary_link)
    assert "Our yearly summary" not in client.get(reverse("values")).text
    publish(year_report, world.users.qa_officer)
    page = client.get(reverse("values")).text
    assert "Our year: April 2025 to March 2026" in page
    assert reverse("yearly_summary", args=[2025]) in page


def test_a_final_grade_added_later_does_not_change_a_published_summary(client, year_report, world):
    publish(year_report, world.users.qa_officer)
    before = client.get(reverse("yearly_summary", args=[2025])).text
    make_audits(world, [(dt.date(2025, 5, 1), dt.date(2025, 5, 21), "good")] * 20)
    assert FinalGrade.objects.count() == 35
    assert client.get(reverse("yearly_summary", args=[2025])).text == before


def test_a_draft_waits_in_the_qa_officers_work_until_approved(client, quarter_report, world):
    client.force_login(world.users.qa_officer)
    home = client.get(reverse("home")).text
    assert "Reports to sign off" in home
    assert "Quarterly assurance report: July to September 2026" in home
    qa = world.users.qa_officer
    report_narrative_save(report=quarter_report, narrative="Done.", by=qa)
    report_move(report=quarter_report, action="approve", by=qa)
    assert "Reports to sign off" not in client.get(reverse("home")).text
    client.force_login(world.users.director)
    assert "Reports to sign off" not in client.get(reverse("home")).text
