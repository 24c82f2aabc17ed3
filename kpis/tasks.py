"""Thin tasks: each has a management command that runs the same service."""

from celery import shared_task

from .periods import last_full_month, parse_period
from .services import compute_period


@shared_task(acks_late=True)
def compute_kpis_monthly(period: str | None = None) -> int:
    """Last month's snapshots (or ``period``, "YYYY-MM"), and this month's so far.

    Run daily: last month is recomputed until its late data has settled, and the month in
    progress stays current. Idempotent, so a redelivered task writes the same rows."""
    month = parse_period(period) if period else last_full_month()
    written = compute_period(month)
    if period is None:
        from qaf.workdays import add_months

        written += compute_period(add_months(month, 1))
    return written
