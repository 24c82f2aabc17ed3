"""Every write to assurance reports: drafting (by hand or the scheduled job), regenerating a
draft, its summary, signing off and publishing, and the log of downloads."""

from datetime import date

import rules
from django.db import IntegrityError, transaction
from django.utils import timezone

from qaf import workflow

from .errors import ReportError
from .figures import count_figures
from .models import AssuranceReport, ReportDownload
from .periods import last_ended_quarter, period_of

NOT_DRAFT = "This report is approved: its figures and summary are final and cannot change."


def _check_period(kind: str, period_start: date) -> date:
    try:
        _start, end = period_of(kind, period_start)
    except ValueError as error:
        raise ReportError(str(error)) from None
    if end >= timezone.localdate():
        raise ReportError("That period has not ended yet. Draft its report once it has.")
    return end


def report_draft(*, kind: str, period_start: date, by=None) -> tuple[AssuranceReport, bool]:
    """The report of ``kind`` for the period starting ``period_start``, drafted with its figures
    counted now; an existing report is returned unchanged. Returns (report, created)."""
    period_end = _check_period(kind, period_start)
    existing = AssuranceReport.objects.filter(kind=kind, period_start=period_start).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = AssuranceReport(
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                figures=count_figures(period_start, period_end),
                figures_counted_at=timezone.now(),
                drafted_by=by,
            )
            if by is not None:
                report._history_user = by
            report._change_reason = "Drafted"
            report.save()
    except IntegrityError:
        # Drafted at the same moment by the scheduled job or another QA officer.
        return AssuranceReport.objects.get(kind=kind, period_start=period_start), False
    return report, True


def _editable(report: AssuranceReport, by) -> AssuranceReport:
    locked = AssuranceReport.objects.select_for_update().get(pk=report.pk)
    if not workflow.in_group(locked, "draft"):
        raise ReportError(NOT_DRAFT)
    if not rules.has_perm("reports.sign_off", by, locked):
        raise ReportError("Only a QA officer can change a report.")
    locked._history_user = by
    return locked


@transaction.atomic
def report_regenerate(*, report: AssuranceReport, by) -> AssuranceReport:
    """Count a draft's figures again from today's data (late records, corrections)."""
    locked = _editable(report, by)
    locked.figures = count_figures(locked.period_start, locked.period_end)
    locked.figures_counted_at = timezone.now()
    locked._change_reason = "Figures counted again"
    locked.save(update_fields=["figures", "figures_counted_at", "updated_at"])
    report.figures, report.figures_counted_at = locked.figures, locked.figures_counted_at
    return locked


@transaction.atomic
def report_narrative_save(*, report: AssuranceReport, narrative: str, by) -> AssuranceReport:
    """The QA officer's summary of a draft."""
    locked = _editable(report, by)
    locked.narrative = narrative.strip()
    locked._change_reason = "Summary written"
    locked.save(update_fields=["narrative", "updated_at"])
    report.narrative = locked.narrative
    return locked


def report_move(*, report: AssuranceReport, action: str, by) -> AssuranceReport:
    """Approve, publish or withdraw ``report`` through its machine, naming who and when."""
    now = timezone.now()
    fields = {}
    if action == "approve":
        narrative = AssuranceReport.objects.filter(pk=report.pk).values_list("narrative", flat=True)
        if not (narrative.first() or "").strip():
            raise ReportError("Write the summary before you approve the report.")
        fields = {"approved_by": by, "approved_at": now}
    elif action == "publish":
        fields = {"published_by": by, "published_at": now}
    elif action == "withdraw":
        fields = {"published_at": None}
    return workflow.perform(report, action, by=by, fields=fields)


def report_download_record(*, report: AssuranceReport, format: str, by) -> ReportDownload:  # noqa: A002
    return ReportDownload.objects.create(
        report=report, format=format, user=by, report_status=report.status
    )


def quarterly_report_draft_due(*, today: date | None = None) -> AssuranceReport:
    """Draft the report of the latest quarter that has ended, once (the scheduled job)."""
    today = today or timezone.localdate()
    report, _created = report_draft(
        kind=AssuranceReport.Kind.QUARTER, period_start=last_ended_quarter(today)
    )
    return report
