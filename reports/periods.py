"""Report periods: calendar quarters (which are also the council's financial quarters) and
financial years, April to March."""

from datetime import date, timedelta

from qaf.workdays import add_months


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: date) -> date:
    return add_months(start, 3) - timedelta(days=1)


def last_ended_quarter(today: date) -> date:
    """The first day of the latest quarter that has ended by ``today``."""
    return add_months(quarter_start(today), -3)


def year_start(day: date) -> date:
    """1 April of the financial year ``day`` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def year_end(start: date) -> date:
    return date(start.year + 1, 3, 31)


def period_of(kind: str, start: date) -> tuple[date, date]:
    """The period of a report of ``kind`` ("quarter" or "year") that starts on ``start``; a
    ValueError when ``start`` does not begin one."""
    if kind == "quarter":
        if start != quarter_start(start):
            raise ValueError("A quarter starts on 1 January, April, July or October.")
        return start, quarter_end(start)
    if kind == "year":
        if start != year_start(start) or start.month != 4:
            raise ValueError("A year runs from 1 April to 31 March.")
        return start, year_end(start)
    raise ValueError(f"There is no kind of report called '{kind}'.")


def recent_quarters(today: date, count: int = 8) -> list[date]:
    """The starts of the last ``count`` quarters that have ended, latest first."""
    latest = last_ended_quarter(today)
    return [add_months(latest, -3 * n) for n in range(count)]


def recent_years(today: date, count: int = 4) -> list[date]:
    """The starts of the last ``count`` financial years that have ended, latest first."""
    latest = date(year_start(today).year - 1, 4, 1)
    return [date(latest.year - n, 4, 1) for n in range(count)]
