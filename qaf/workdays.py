"""Working days in England and Wales: weekends and bank holidays are not working days.

Every timescale of the framework (grading by month end, moderation within 10 working days,
safeguarding alerts within one) is counted with these functions.
"""

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UnitedKingdom(subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (before it when negative)."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def one_working_day_after(moment: datetime) -> datetime:
    """The same local time of day, one working day later: the deadline for acknowledging a
    safeguarding alert or concern raised at ``moment``."""
    local = timezone.localtime(moment)
    day = add_working_days(local.date(), 1)
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n)))


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def first_working_day(year: int, month: int) -> date:
    return next_working_day(date(year, month, 1))


def last_working_day(year: int, month: int) -> date:
    next_month = date(year + month // 12, month % 12 + 1, 1)
    day = next_month - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), or that month's last day if it is
    shorter: 31 August plus three months is 30 November."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
