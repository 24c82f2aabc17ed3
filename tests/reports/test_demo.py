"""The demo's reports follow the calendar: signed off some weeks after their period ends."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from reports.models import AssuranceReport
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


def _reports() -> dict:
    return {
        (r.kind, r.period_start): r
        for r in AssuranceReport.objects.select_related("approved_by", "drafted_by")
    }


@time_machine.travel(DEMO_DAY, tick=False)
def test_the_demo_has_an_approved_quarter_and_a_published_year():
    load_demo()
    reports = _reports()
    quarter = reports[("quarter", dt.date(2026, 7, 1))]
    assert quarter.status == "approved"
    assert quarter.approved_by.username == "qa"
    assert quarter.narrative
    assert quarter.figures["has_data"]
    assert sum(m["sampled"] for m in quarter.figures["audit"]["months"]) > 0
    year = reports[("year", dt.date(2025, 4, 1))]
    assert year.status == "published"
    assert dt.date(2026, 4, 1) < year.published_at.date() < DEMO_DAY.date()
    assert len(reports) == 2


def test_just_after_a_quarter_ends_the_demo_shows_its_draft_and_the_one_before_approved(settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        load_demo()
        now = timezone.now()
    reports = _reports()
    assert reports[("quarter", dt.date(2026, 7, 1))].status == "approved"
    draft = reports[("quarter", dt.date(2026, 10, 1))]
    assert (draft.status, draft.drafted_by) == ("draft", None)
    for report in reports.values():
        for moment in (report.figures_counted_at, report.approved_at, report.published_at):
            assert moment is None or moment <= now
        for row in AssuranceReport.history.filter(id=report.pk):
            assert row.history_date <= now
