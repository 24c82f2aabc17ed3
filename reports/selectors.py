"""Reads of assurance reports, scoped to who may read them."""

from django.db.models import QuerySet

from .models import AssuranceReport
from .rules import reads_reports


def reads(user) -> bool:
    return bool(reads_reports.test(user))


def reports_visible_to(user) -> QuerySet[AssuranceReport]:
    """Every report for QA officers, directors and senior managers; nothing for anyone else."""
    if not reads(user):
        return AssuranceReport.objects.none()
    return AssuranceReport.objects.select_related("approved_by")


def report_history(report: AssuranceReport) -> QuerySet:
    return (
        AssuranceReport.history.filter(id=report.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def published_yearly_summary(year: int) -> AssuranceReport | None:
    return AssuranceReport.objects.filter(
        kind=AssuranceReport.Kind.YEAR,
        period_start__year=year,
        period_start__month=4,
        status=AssuranceReport.Status.PUBLISHED,
    ).first()


def latest_published_yearly_summary() -> AssuranceReport | None:
    return (
        AssuranceReport.objects.filter(
            kind=AssuranceReport.Kind.YEAR, status=AssuranceReport.Status.PUBLISHED
        )
        .order_by("-period_start")
        .first()
    )


def yearly_summary_link() -> tuple[str, str] | None:
    """The public pages' link to the latest published summary (``pages.yearly_summary``)."""
    from django.urls import reverse

    report = latest_published_yearly_summary()
    if report is None:
        return None
    return (
        f"Our year: {report.period_label}",
        reverse("yearly_summary", args=[report.period_start.year]),
    )
