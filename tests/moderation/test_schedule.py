"""The loop's scheduled jobs are in the beat schedule, and each one also runs from manage.py."""

import pytest
from django.conf import settings
from django.core.management import get_commands

from qaf.celery import app

JOBS = {
    "moderation.tasks.daily_reminders": "send_daily_reminders",
    "moderation.tasks.create_follow_up_reviews": "create_follow_up_reviews",
}


@pytest.mark.parametrize(("task", "command"), JOBS.items())
def test_each_job_is_scheduled_and_has_a_command(task, command):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert task in scheduled
    app.loader.import_default_modules()
    assert task in app.tasks
    assert command in get_commands()


def test_the_daily_task_runs_the_job(db):
    from moderation.tasks import create_follow_up_reviews, daily_reminders

    assert daily_reminders.delay().get().startswith("0 reminders sent")
    assert create_follow_up_reviews.delay().get() == 0
