"""The demo shows staff voice in use: results for one area, too few answers for another."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from staffvoice.defaults import HEALTH_CHECK_TITLE
from staffvoice.models import (
    AnonymousComment,
    CircleSuggestion,
    Participation,
    QualityCircle,
    Recognition,
    StaffSurvey,
)
from staffvoice.selectors import survey_results
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_health_check_shows_results_for_some_groups_and_not_others(settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo()
        health_check = StaffSurvey.objects.get(title=HEALTH_CHECK_TITLE)
        results = survey_results(health_check)
    assert results.total >= 10
    assert results.overall.shown
    shown = [g.label for g in results.areas if g.shown]
    hidden = [g for g in results.areas if not g.shown and g.responses]
    assert shown, "one service area has enough answers to show"
    assert any("Fewer than" in g.reason for g in hidden), "one has too few"
    assert not any(g.shown for g in results.teams if not g.label.startswith("Not recorded"))
    assert results.comments, "some comments were approved"
    statuses = set(AnonymousComment.objects.values_list("status", flat=True))
    assert statuses == {"to_check", "approved", "withheld"}
    assert not Participation.objects.filter(user__username="worker").exists()

    circle = QualityCircle.objects.get()
    assert circle.facilitator.username == "worker"
    statuses = set(
        CircleSuggestion.objects.filter(meeting__circle=circle).values_list("status", flat=True)
    )
    assert statuses == {"open", "answered"}
    months = {d.replace(day=1) for d in Recognition.objects.values_list("received_on", flat=True)}
    assert len(months) >= 4
    assert set(Recognition.objects.values_list("source", flat=True)) >= {"audit", "colleague"}


def test_seeding_the_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo()
        counts = (Recognition.objects.count(), AnonymousComment.objects.count())
        call_command("seed_demo")
    assert (Recognition.objects.count(), AnonymousComment.objects.count()) == counts
