"""Every scheduled job is safe to redeliver: with acks_late, a worker that dies mid-task has its
task run again by another. The second run must change nothing."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from qaf.celery import app as celery_app
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db(transaction=False)

LONDON = ZoneInfo("Europe/London")
# The demo is loaded late in the month (on the day the other demo tests share); the jobs then run
# on the next month's first working day, when sampling is due, gradings fall overdue and the
# daily reminders have something to say.
FIRST_WORKING_DAY = datetime(2026, 12, 1, 7, 0, tzinfo=LONDON)


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table, so that any insert, update or delete shows."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
    }


def changes(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, str]:
    found = {}
    for label, rows in after.items():
        if rows != before[label]:
            added = len(set(rows) - set(before[label]))
            removed = len(set(before[label]) - set(rows))
            found[label] = f"{added} rows added or changed, {removed} removed or changed"
    return found


def test_every_scheduled_job_run_twice_changes_nothing_the_second_time(
    settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CASEWORK_IMPORT_DROP_FOLDER = tmp_path
    with time_machine.travel(DEMO_DAY, tick=False) as clock:
        load_demo()
        clock.move_to(FIRST_WORKING_DAY)

        first_runs: dict[str, dict[str, str]] = {}
        second_runs: dict[str, dict[str, str]] = {}
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            importlib.import_module(entry["task"].rsplit(".", 1)[0])
            task = celery_app.tasks[entry["task"]]
            before = database_state()
            with django_capture_on_commit_callbacks(execute=True):
                task.apply(throw=True)
            after_first = database_state()
            emails_after_first = len(mailoutbox)
            # The redelivery: the same message, run again by another worker.
            with django_capture_on_commit_callbacks(execute=True):
                task.apply(throw=True)
            first_runs[name] = changes(before, after_first)
            second_runs[name] = changes(after_first, database_state())
            if len(mailoutbox) != emails_after_first:
                second_runs[name]["emails"] = f"{len(mailoutbox) - emails_after_first} sent again"

    assert {name: found for name, found in second_runs.items() if found} == {}
    # The jobs did real work the first time, so the second run had something to repeat.
    assert "audits.AuditRound" in first_runs["audits-monthly-sampling"]
    assert "audits.CaseAudit" in first_runs["audits-monthly-sampling"]
    assert sum(bool(found) for found in first_runs.values()) >= 3, first_runs


def test_a_task_whose_worker_died_is_redelivered_within_minutes_but_never_while_running():
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    assert 60 <= visibility <= 15 * 60
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    # A task still running when Redis hands it out again would run twice at once.
    assert celery_app.conf.task_soft_time_limit < celery_app.conf.task_time_limit < visibility
