"""Assurance reports: the list, one report with its downloads, and the QA officer's drafting,
summary and sign-off; the public yearly summary anyone can read."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .downloads import report_pdf, report_workbook
from .errors import ReportError
from .forms import NarrativeForm, ReportDraftForm
from .models import AssuranceReport, ReportDownload
from .sections import SUPPRESSION_NOTE, public_sections, report_sections
from .selectors import (
    published_yearly_summary,
    report_history,
    reports_visible_to,
)
from .services import (
    report_download_record,
    report_draft,
    report_move,
    report_narrative_save,
    report_regenerate,
)

READERS = (Role.QA_OFFICER, Role.DIRECTOR, Role.SENIOR_MANAGER)
readers_only = role_required(*READERS)
qa_only = role_required(Role.QA_OFFICER)
MOVES = ("approve", "publish", "withdraw")
MOVED = {
    "approve": "The report is approved. Its figures and summary are now final.",
    "publish": "The yearly summary is published. Anyone can read it on the public site.",
    "withdraw": "The yearly summary is taken off the public site.",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, pk: int) -> AssuranceReport:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


@readers_only
def report_list(request):
    reports = list(reports_visible_to(request.user).order_by("-period_start", "kind"))
    return render(
        request,
        "reports/report_list.html",
        {
            "report_groups": [
                ("Quarterly assurance reports", [r for r in reports if not r.is_yearly]),
                ("Yearly summaries", [r for r in reports if r.is_yearly]),
            ],
            "is_qa": request.user.has_role(Role.QA_OFFICER),
        },
    )


@qa_only
def report_create(request):
    form = ReportDraftForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        kind, start = form.cleaned_data["period"]
        try:
            # A refused period claims no token: the corrected form can be sent again.
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                report, created = report_draft(kind=kind, period_start=start, by=request.user)
                once.went_to(report.get_absolute_url())
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            if created:
                messages.success(
                    request, "The report is drafted. Check it, then write the summary."
                )
            else:
                messages.info(request, "There is already a report for that period: here it is.")
            return redirect(report)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Draft a report", "button": "Draft the report"},
    )


@readers_only
def report_detail(request, pk: int):
    report = _report(request, pk)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "sections": report_sections(report.figures),
            "history": list(report_history(report)[:20]),
            "is_qa": request.user.has_role(Role.QA_OFFICER),
        },
    )


@qa_only
def report_narrative(request, pk: int):
    report = _report(request, pk)
    form = NarrativeForm(request.POST or None, initial={"narrative": report.narrative})
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            report_narrative_save(report=report, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, "The summary is saved.")
            return redirect(report)
    return render(request, "reports/narrative.html", {"form": form, "report": report})


@require_POST
@qa_only
def report_regenerate_view(request, pk: int):
    report = _report(request, pk)
    with service_errors_as_message(request) as outcome:
        report_regenerate(report=report, by=request.user)
    if outcome.ok:
        messages.success(request, "The figures are counted again from today's records.")
    return redirect(report)


@require_POST
@qa_only
def report_move_view(request, pk: int, action: str):
    if action not in MOVES:
        raise Http404
    report = _report(request, pk)
    with service_errors_as_message(request) as outcome:
        report_move(report=report, action=action, by=request.user)
    if outcome.ok:
        messages.success(request, MOVED[action])
    return redirect(report)


def _download(request, report: AssuranceReport, content: bytes, fmt: str, content_type: str):
    report_download_record(report=report, format=fmt, by=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{fmt}"'
    return response


@readers_only
def report_pdf_download(request, pk: int):
    report = _report(request, pk)
    try:
        content = report_pdf(report, report_sections(report.figures))
    except ReportError as error:
        messages.error(request, str(error))
        return redirect(report)
    return _download(request, report, content, ReportDownload.Format.PDF, "application/pdf")


@readers_only
def report_xlsx_download(request, pk: int):
    report = _report(request, pk)
    content = report_workbook(report, report_sections(report.figures))
    return _download(request, report, content, ReportDownload.Format.XLSX, XLSX)


def yearly_summary_public(request, year: int):
    """The published yearly summary, for anyone: counts only, small numbers hidden."""
    report = published_yearly_summary(year)
    if report is None:
        raise Http404("There is no published summary for that year.")
    return render(
        request,
        "reports/yearly_summary_public.html",
        {
            "report": report,
            "sections": public_sections(report.figures),
            "suppression_note": SUPPRESSION_NOTE,
        },
    )
