"""The demo children's two years of case history, as the practice KPIs will read it."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.models import Allocation, CaseEvent
from qaf.workdays import working_days_between
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to(DEMO_DAY, tick=False)
    load_demo()
    return CaseEvent.objects.filter(source=CaseEvent.Source.DEMO)


def test_the_history_covers_two_years_and_never_the_future(demo):
    today = timezone.localdate()
    assert not demo.filter(started_on__gt=today).exists()
    assert not demo.filter(ended_on__gt=today).exists()
    months = {(day.year, day.month) for day in demo.values_list("started_on", flat=True)}
    for back in range(24):
        index = today.year * 12 + today.month - 1 - back
        assert (index // 12, index % 12 + 1) in months, "every month of the two years has events"
    kinds = set(demo.values_list("kind", "plan_type"))
    assert {
        ("referral", ""),
        ("assessment", ""),
        ("strategy_discussion", ""),
        ("section_47", ""),
        ("icpc", ""),
        ("plan", "cin"),
        ("plan", "cp"),
        ("plan", "cla"),
        ("plan", "pathway"),
        ("rcpc", "cp"),
        ("review", "cla"),
        ("visit", "cp"),
        ("visit", "cla"),
        ("placement", ""),
    } <= kinds


def test_most_assessments_are_authorised_in_45_working_days_and_some_are_not(demo):
    days = [
        working_days_between(start, end)
        for start, end in demo.filter(kind="assessment", ended_on__isnull=False).values_list(
            "started_on", "ended_on"
        )
    ]
    late = sum(1 for value in days if value > 45)
    assert 0.05 * len(days) < late < 0.3 * len(days)


def test_most_initial_conferences_are_within_15_working_days_of_the_strategy_discussion(demo):
    strategy = defaultdict(list)
    for child, day in demo.filter(kind="strategy_discussion").values_list("child", "started_on"):
        strategy[child].append(day)
    gaps = []
    for child, icpc in demo.filter(kind="icpc").values_list("child", "started_on"):
        before = [day for day in strategy[child] if day <= icpc]
        gaps.append(working_days_between(max(before), icpc))
    on_time = sum(1 for gap in gaps if gap <= 15)
    assert 0.6 * len(gaps) < on_time < len(gaps)


def test_visits_mostly_see_the_child_alone_and_some_children_move_or_return(demo):
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    seen = Counter(demo.filter(kind="visit").values_list("seen_alone", flat=True))
    assert seen[True] > 2 * seen[False] > 0
    placements = Counter(
        demo.filter(kind="placement", started_on__gt=year_ago).values_list("child", flat=True)
    )
    assert 3 <= sum(1 for count in placements.values() if count >= 3) <= 30
    cp_plans = Counter(demo.filter(kind="plan", plan_type="cp").values_list("child", flat=True))
    assert sum(1 for count in cp_plans.values() if count >= 2) >= 5, "second CP plans"
    referrals = defaultdict(list)
    for child, day in demo.filter(kind="referral").values_list("child", "started_on"):
        referrals[child].append(day)
    rereferred = [
        child
        for child, days in referrals.items()
        if any(0 < (b - a).days <= 365 for a in days for b in days)
    ]
    assert len(rereferred) >= 20, "re-referrals within 12 months"


def test_some_children_have_had_three_or_more_social_workers_in_a_year(demo):
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    workers = defaultdict(set)
    for child, worker in Allocation.objects.exclude(end_date__lt=year_ago).values_list(
        "child", "worker"
    ):
        workers[child].add(worker)
    assert 5 <= sum(1 for held in workers.values() if len(held) >= 3) <= 60


def test_a_second_seed_adds_no_events(demo, settings):
    count = CaseEvent.objects.count()
    call_command("seed_demo")
    assert CaseEvent.objects.count() == count
