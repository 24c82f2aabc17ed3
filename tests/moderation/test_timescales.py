"""The loop's timescales in working days, around England and Wales bank holidays."""

import datetime as dt

import pytest

from moderation import timescales

D = dt.date


@pytest.mark.parametrize(
    ("routed", "due"),
    [
        (D(2026, 11, 16), D(2026, 11, 30)),  # two plain weeks
        # 25 Dec, 28 Dec (Boxing Day observed) and 1 Jan are not working days.
        (D(2026, 12, 21), D(2027, 1, 7)),
        # Good Friday 26 March and Easter Monday 29 March 2027.
        (D(2027, 3, 22), D(2027, 4, 7)),
        # Routed on a Saturday: the count starts on Monday.
        (D(2026, 11, 21), D(2026, 12, 4)),
        # The late summer bank holiday, Monday 31 August 2026.
        (D(2026, 8, 24), D(2026, 9, 8)),
    ],
)
def test_a_moderation_is_due_ten_working_days_after_it_is_routed(routed, due):
    assert timescales.moderation_due(routed) == due


def test_the_number_of_working_days_is_a_setting(settings):
    settings.QAF_MODERATION_WORKING_DAYS = 5
    assert timescales.moderation_due(D(2026, 12, 21)) == D(2026, 12, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap year
        (D(2026, 11, 16), 3, D(2027, 2, 16)),
        (D(2026, 12, 15), -1, D(2026, 11, 15)),
        (D(2026, 10, 31), 14, D(2027, 12, 31)),
    ],
)
def test_months_are_added_without_running_past_the_month_end(day, months, expected):
    assert timescales.add_months(day, months) == expected


def test_an_item_is_overdue_enough_to_escalate_after_five_working_days():
    due = D(2026, 12, 18)  # a Friday before Christmas
    assert not timescales.escalation_due(due, D(2026, 12, 28))  # four working days late
    assert timescales.escalation_due(due, D(2026, 12, 29))
    assert not timescales.escalation_due(due, due)


def test_a_reminder_is_due_within_two_working_days_before_the_due_date():
    due = D(2026, 12, 29)  # the Tuesday after Christmas
    assert timescales.due_soon(due, D(2026, 12, 24))  # 24th, then 29th: one working day
    assert not timescales.due_soon(due, D(2026, 12, 22))
    assert not timescales.due_soon(due, D(2026, 12, 30))  # overdue, not due soon
