"""The loop's timescales, counted in working days (England and Wales bank holidays excluded)
and set in settings: moderation within 10 working days, the follow-up at three months."""

from datetime import date

from django.conf import settings

from qaf.workdays import add_months, add_working_days, next_working_day, working_days_between


def moderation_due(routed_on: date) -> date:
    return add_working_days(routed_on, settings.QAF_MODERATION_WORKING_DAYS)


def feedback_due(decided_on: date) -> date:
    return add_working_days(decided_on, settings.QAF_FEEDBACK_WORKING_DAYS)


def follow_up_due(decided_on: date) -> date:
    """Three months (a setting) after the final grade; the next working day if that is not one."""
    return next_working_day(add_months(decided_on, settings.QAF_FOLLOW_UP_MONTHS))


def follow_up_complete_by(due: date) -> date:
    return add_working_days(due, settings.QAF_FOLLOW_UP_WORKING_DAYS)


def due_soon(due: date, today: date) -> bool:
    """Due today or within the reminder window, and not yet overdue."""
    return today <= due <= add_working_days(today, settings.QAF_MODERATION_REMINDER_WORKING_DAYS)


def escalation_due(due: date, today: date) -> bool:
    """Overdue by the escalation threshold of working days or more."""
    return (
        due < today and working_days_between(due, today) >= settings.QAF_ESCALATE_AFTER_WORKING_DAYS
    )


def next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)
