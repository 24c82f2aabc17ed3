"""Scheduled audit work. Thin: each task calls a service and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from qaf.workdays import first_working_day


@shared_task(acks_late=True)
def monthly_sampling(period: str | None = None) -> int | None:
    """Sample this month once its first working day has come (catching up if beat was down).

    ``period`` ("YYYY-MM") samples that month instead, as ``run_monthly_sampling --period`` does.
    """
    from .services import parse_period, sample_month

    if period is not None:
        return sample_month(period=parse_period(period)).total
    today = timezone.localdate()
    if today < first_working_day(today.year, today.month):
        return None
    return sample_month(period=today.replace(day=1)).total


@shared_task(acks_late=True)
def grading_reminders() -> int:
    from .services import grading_reminders_send

    return grading_reminders_send(today=timezone.localdate())


@shared_task(acks_late=True)
def escalate_safeguarding_concerns() -> int:
    """Concerns unacknowledged one working day after they were raised go to the senior managers."""
    from .services import safeguarding_concerns_escalate

    return safeguarding_concerns_escalate()
