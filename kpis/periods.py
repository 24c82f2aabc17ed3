"""Months as KPIs count them: a period is the first day of a month."""

from datetime import date, timedelta

from django.utils import timezone

from qaf.workdays import add_months


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(period: date) -> date:
    """The last day of the month that starts on ``period``."""
    return add_months(month_start(period), 1) - timedelta(days=1)


def months_back(period: date, months: int) -> date:
    return add_months(month_start(period), -months)


def last_full_month(today: date | None = None) -> date:
    """The latest month that has ended: the one KPIs are reported for."""
    today = today or timezone.localdate()
    return months_back(today, 1)


def parse_period(text: str) -> date:
    """``"2026-10"`` → 1 October 2026; a ValueError with a readable message otherwise."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError, AttributeError):
        raise ValueError(f"'{text}' is not a month. Write it as YYYY-MM, e.g. 2026-10.") from None


def months_between(first: date, last: date) -> list[date]:
    """Every period from ``first`` to ``last``, both included, oldest first."""
    months, period = [], month_start(first)
    while period <= month_start(last):
        months.append(period)
        period = add_months(period, 1)
    return months
