"""What the definitions share: months, scoping by team, and working-day timescales in SQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db.models import Case, DateField, Q, QuerySet, Value, When

from casework.models import Team
from qaf.workdays import add_months, is_working_day

from ..periods import month_end, month_start
from ..scopes import Scope


def D(value) -> Decimal:
    return Decimal(str(value))


def month(period: date) -> tuple[date, date]:
    """The first and last day of the month."""
    return month_start(period), month_end(period)


def quarter(period: date) -> tuple[date, date]:
    """The three months ending with ``period``'s month."""
    return add_months(month_start(period), -2), month_end(period)


def twelve_months_to(period: date) -> tuple[date, date]:
    """The twelve months ending with ``period``'s month."""
    return add_months(month_start(period), -11), month_end(period)


def in_scope(queryset: QuerySet, scope: Scope, team_path: str) -> QuerySet:
    """Limit records whose team is at ``team_path`` (a foreign key or an annotated team id)."""
    if scope.kind == "service":
        return queryset
    if scope.kind == "team":
        return queryset.filter(**{team_path: scope.team_id})
    teams = Team.objects.filter(service_area_id=scope.area_id).values("pk")
    return queryset.filter(**{f"{team_path}__in": teams})


@lru_cache(maxsize=4096)
def earliest_start(end: date, working_days: int) -> date:
    """The earliest start from which ``end`` is within ``working_days`` working days, counted as
    ``qaf.workdays.working_days_between`` counts them (days after the start, up to the end)."""
    start, counted = end, 0
    while True:
        counted_if_earlier = counted + (1 if is_working_day(start) else 0)
        if counted_if_earlier > working_days:
            return start
        start, counted = start - timedelta(days=1), counted_if_earlier


@lru_cache(maxsize=4096)
def earliest_before(end: date, months: int) -> date:
    """The earliest date from which ``end`` is within ``months`` calendar months."""
    start = add_months(end, -months) - timedelta(days=4)
    while add_months(start, months) < end:
        start += timedelta(days=1)
    return start


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _earliest_start_by_day(end_field: str, first: date, last: date, earliest) -> Case:
    """For a row whose ``end_field`` is a day from ``first`` to ``last``, the earliest start that
    is in time for that day (NULL on any other day, so such rows never count).

    Bank holidays are not in the database, so the days are written out: one ``WHEN`` per day.
    The start is compared with the result once, so a start worked out by a subquery (the visit
    before this one) is run once per row, not once per day of the month."""
    return Case(
        *(When(**{end_field: day}, then=Value(earliest(day))) for day in _days(first, last)),
        output_field=DateField(),
    )


def within_working_days(end_field: str, start_field: str, days: int, first: date, last: date) -> Q:
    """Rows whose ``end_field`` (a day from ``first`` to ``last``) is within ``days`` working days
    of ``start_field``."""
    earliest = _earliest_start_by_day(end_field, first, last, lambda day: earliest_start(day, days))
    return Q(**{f"{start_field}__gte": earliest})


def within_days(end_field: str, start_field: str, days: int, first: date, last: date) -> Q:
    """Rows whose ``end_field`` falls within ``days`` calendar days of ``start_field``."""
    earliest = _earliest_start_by_day(end_field, first, last, lambda day: day - timedelta(days))
    return Q(**{f"{start_field}__gte": earliest})


def within_months(end_field: str, start_field: str, months: int, first: date, last: date) -> Q:
    earliest = _earliest_start_by_day(
        end_field, first, last, lambda day: earliest_before(day, months)
    )
    return Q(**{f"{start_field}__gte": earliest})
