"""Records past their retention period are deleted or anonymised, daily and by hand."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command

from casework.models import ChildAccessLog
from casework.services import child_access_record
from feedback.models import ComplaintOrCompliment, Response
from qaf.models import Notification
from qaf.retention import cutoff_for, record_types, retention_apply
from qaf.tasks import apply_retention

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def records(world, surveys):
    """One record of each kind well past its default period, and one recent."""
    old, recent = dt.date(2018, 5, 1), dt.date(2026, 10, 1)
    for day in (old, recent):
        entry = child_access_record(user=world.users.director, child=world.child, context="x")
        ChildAccessLog.objects.filter(pk=entry.pk).update(viewed_at=at(day))
        note = Notification.objects.create(recipient=world.users.director, subject="Due")
        Notification.objects.filter(pk=note.pk).update(created_at=at(day))
        Response.objects.create(
            survey=surveys["experience-during-child"], month=day, child=world.child
        )
        complaint = ComplaintOrCompliment.objects.create(
            kind="compliment",
            received_on=day,
            category="quality",
            summary="Thanked Sam for listening.",
            status="closed",
        )
        complaint.named_staff.add(world.users.practitioner)
    return world


@pytest.fixture
def surveys(db):
    from feedback.models import Survey
    from feedback.services import survey_defaults_install

    survey_defaults_install()
    return {survey.key: survey for survey in Survey.objects.filter(status="published")}


def counts(results) -> dict[str, int]:
    return {result.record_type.key: result.count for result in results}


def test_every_record_type_has_a_default_period_in_years():
    keys = {record_type.key for record_type in record_types()}
    assert {
        "access_logs",
        "audits",
        "complaints",
        "feedback_links",
        "feedback_responses",
        "import_runs",
        "notifications",
        "safeguarding_alerts",
    } <= keys
    assert all(record_type.default_years >= 1 for record_type in record_types())


def test_a_dry_run_counts_what_would_go_and_changes_nothing(records):
    results = counts(retention_apply(dry_run=True, today=TODAY))

    assert results["access_logs"] == 1
    assert results["notifications"] == 1
    assert results["feedback_responses"] == 1
    assert results["complaints"] == 1
    assert ChildAccessLog.objects.count() == 2
    assert Notification.objects.count() == 2
    assert Response.objects.count() == 2
    assert not ComplaintOrCompliment.objects.filter(summary__startswith="Removed").exists()


def test_records_past_their_period_go_and_recent_ones_stay(records):
    results = counts(retention_apply(today=TODAY))

    assert (results["access_logs"], results["notifications"]) == (1, 1)
    assert ChildAccessLog.objects.get().viewed_at.date() == dt.date(2026, 10, 1)
    assert Notification.objects.get().created_at.date() == dt.date(2026, 10, 1)
    assert Response.objects.get().month == dt.date(2026, 10, 1)
    old, recent = ComplaintOrCompliment.objects.order_by("received_on")
    assert old.summary == "Removed at the end of the retention period."
    assert not old.named_staff.exists()
    assert not old.history.filter(summary="Thanked Sam for listening.").exists()
    assert old.kind == "compliment" and old.received_on == dt.date(2018, 5, 1)
    assert recent.summary == "Thanked Sam for listening."


def test_running_the_clean_up_twice_changes_nothing_the_second_time(records):
    retention_apply(today=TODAY)

    assert set(counts(retention_apply(today=TODAY)).values()) == {0}


def test_a_setting_shortens_a_period(records, settings):
    settings.QAF_RETENTION_YEARS = {"access_logs": 0}

    retention_apply(today=TODAY)

    assert not ChildAccessLog.objects.exists()


def test_the_command_prints_a_count_per_kind_and_its_dry_run_changes_nothing(records):
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    report = out.getvalue()
    assert "dry run: nothing changed" in report
    assert re.search(
        r"Access log \(who viewed which child\) +kept 3 years, older than \d+ \w+ \d{4}: "
        r"1 would be deleted",
        report,
    )
    assert ChildAccessLog.objects.count() == 2


def test_the_daily_job_applies_the_periods(records):
    apply_retention.delay()

    assert ChildAccessLog.objects.count() == 1


def test_a_cutoff_on_29_february_falls_on_28_february():
    assert cutoff_for(1, dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_the_daily_job_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "qaf.tasks.apply_retention" in tasks
