from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from qaf.workdays import (
    add_working_days,
    first_working_day,
    is_working_day,
    last_working_day,
    one_working_day_after,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day, observed on Monday
        (date(2026, 12, 26), False),  # Saturday
        (date(2026, 8, 31), False),  # Late summer bank holiday
    ],
)
def test_weekends_and_england_bank_holidays_are_not_working_days(day, working):
    assert is_working_day(day) is working


def test_ten_working_days_from_christmas_eve_skip_the_bank_holidays():
    # 24 Dec 2026 (Thu) + 10: 29, 30, 31 Dec, 4 (1 Jan is a holiday), 5, 6, 7, 8, 11, 12 Jan.
    assert add_working_days(date(2026, 12, 24), 10) == date(2027, 1, 12)


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_working_days_go_backwards_too():
    assert add_working_days(date(2027, 1, 12), -10) == date(2026, 12, 24)


def test_counting_working_days_between_two_dates():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 12)) == 10
    assert working_days_between(date(2027, 1, 12), date(2026, 12, 24)) == -10
    assert working_days_between(date(2026, 12, 25), date(2026, 12, 28)) == 0


def test_the_first_and_last_working_days_of_a_month():
    assert first_working_day(2026, 11) == date(2026, 11, 2)  # 1 Nov 2026 is a Sunday
    assert first_working_day(2027, 1) == date(2027, 1, 4)  # New Year's Day is Friday
    assert last_working_day(2026, 12) == date(2026, 12, 31)
    assert last_working_day(2026, 5) == date(2026, 5, 29)


def test_an_alert_raised_on_friday_afternoon_is_due_on_monday_at_the_same_time():
    raised = timezone.make_aware(datetime(2026, 11, 27, 16, 30))
    assert one_working_day_after(raised) == timezone.make_aware(datetime(2026, 11, 30, 16, 30))


def test_an_alert_raised_before_a_bank_holiday_weekend_skips_the_holiday_monday():
    # Friday 28 August 2026; Monday 31 August is the late summer bank holiday.
    raised = timezone.make_aware(datetime(2026, 8, 28, 9, 15))
    assert one_working_day_after(raised) == timezone.make_aware(datetime(2026, 9, 1, 9, 15))


def test_the_deadline_keeps_the_local_time_across_the_clocks_going_back():
    # Friday 23 October 2026 is in summer time; Monday 26 October is in winter time.
    raised = timezone.make_aware(datetime(2026, 10, 23, 10, 0))
    due = one_working_day_after(raised)
    assert timezone.localtime(due).replace(tzinfo=None) == datetime(2026, 10, 26, 10, 0)
    assert due.astimezone(UTC) - raised.astimezone(UTC) == timedelta(days=3, hours=1)
