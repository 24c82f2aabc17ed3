"""Practice KPIs on hand-counted case events. September 2026 follows the summer bank holiday
(Monday 31 August), so several timescales are met only because that day is not counted."""

from datetime import date
from decimal import Decimal

import pytest

from casework.models import Allocation, CaseEvent
from kpis import selectors
from kpis.scopes import Scope
from qaf.workdays import working_days_between
from tests.factories import UserFactory

from .kpi_world import (  # noqa: F401 - the fixture is used by name
    assert_drill_down_matches,
    child,
    event,
    figures,
    kpi_world_fixture,
)

pytestmark = pytest.mark.django_db
Kind, Plan = CaseEvent.Kind, CaseEvent.PlanType
SEPTEMBER, AUGUST = date(2026, 9, 1), date(2026, 8, 1)


def test_the_hand_counts_rely_on_the_august_bank_holiday():
    assert working_days_between(date(2026, 7, 6), date(2026, 9, 8)) == 45
    assert working_days_between(date(2026, 8, 14), date(2026, 9, 4)) == 14
    assert working_days_between(date(2026, 8, 20), date(2026, 9, 4)) == 10


def test_assessments_authorised_within_45_working_days(kpi_world):
    w = kpi_world
    event(child(), Kind.ASSESSMENT, date(2026, 7, 6), ended_on=date(2026, 9, 8), team=w.a1)
    event(child(), Kind.ASSESSMENT, date(2026, 7, 6), ended_on=date(2026, 9, 9), team=w.a2)
    event(child(), Kind.ASSESSMENT, date(2026, 9, 1), ended_on=date(2026, 9, 30), team=w.a2)
    event(child(), Kind.ASSESSMENT, date(2026, 8, 3), ended_on=date(2026, 8, 28), team=w.b1)
    event(child(), Kind.ASSESSMENT, date(2026, 9, 1), ended_on=date(2026, 10, 1), team=w.b1)
    event(child(), Kind.ASSESSMENT, date(2026, 9, 1), team=w.b1)  # not authorised yet

    found = figures("practice.assessments_in_45_days", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (2, 3)
    assert found["service"].value == Decimal("66.7")
    assert found[f"team:{w.a1.pk}"].value == Decimal("100.0")
    assert found[f"team:{w.a2.pk}"].value == Decimal("50.0")
    assert found[f"team:{w.b1.pk}"].value is None  # nothing authorised: no figure, not 0%
    assert (found[f"area:{w.north.pk}"].numerator, found[f"area:{w.north.pk}"].denominator) == (
        2,
        3,
    )
    assert_drill_down_matches("practice.assessments_in_45_days", SEPTEMBER, w, found)
    august = figures("practice.assessments_in_45_days", AUGUST)
    assert (august["service"].numerator, august["service"].denominator) == (1, 1)


def test_a_team_manager_lists_only_their_own_teams_children(kpi_world):
    w = kpi_world
    mine = event(child(), Kind.ASSESSMENT, date(2026, 9, 1), ended_on=date(2026, 9, 2), team=w.a1)
    event(child(), Kind.ASSESSMENT, date(2026, 9, 1), ended_on=date(2026, 9, 2), team=w.b1)
    code = "practice.assessments_in_45_days"
    assert list(selectors.drill_down(code, SEPTEMBER, Scope.service(), w.manager)) == [mine]
    assert selectors.drill_down(code, SEPTEMBER, Scope.service(), w.director).count() == 2
    assert not selectors.drill_down(code, SEPTEMBER, Scope.service(), w.stranger).exists()


def test_initial_conferences_within_15_working_days_of_the_strategy_discussion(kpi_world):
    w = kpi_world
    on_time, late, no_strategy, october = child(), child(), child(), child()
    event(on_time, Kind.STRATEGY_DISCUSSION, date(2026, 8, 14), team=w.a2)
    event(on_time, Kind.ICPC, date(2026, 9, 4), team=w.a2)
    event(late, Kind.STRATEGY_DISCUSSION, date(2026, 8, 13), team=w.a2)
    event(late, Kind.ICPC, date(2026, 9, 7), team=w.a2)
    event(no_strategy, Kind.ICPC, date(2026, 9, 10), team=w.a2)
    event(october, Kind.STRATEGY_DISCUSSION, date(2026, 9, 1), team=w.a2)
    event(october, Kind.ICPC, date(2026, 10, 2), team=w.a2)

    found = figures("practice.icpc_in_15_days", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (1, 2)
    assert found[f"team:{w.a2.pk}"].value == Decimal("50.0")
    assert_drill_down_matches("practice.icpc_in_15_days", SEPTEMBER, w, found)


def test_child_protection_reviews_in_timescale(kpi_world):
    w = kpi_world
    three_months, a_day_late, six_late, six_on_time = child(), child(), child(), child()
    event(three_months, Kind.ICPC, date(2026, 6, 1), team=w.a2)
    event(three_months, Kind.RCPC, date(2026, 9, 1), team=w.a2)
    event(a_day_late, Kind.ICPC, date(2026, 5, 31), team=w.a2)  # due by 31 August
    event(a_day_late, Kind.RCPC, date(2026, 9, 1), team=w.a2)
    event(six_late, Kind.RCPC, date(2026, 3, 1), team=w.a2)
    event(six_late, Kind.RCPC, date(2026, 9, 30), team=w.a2)
    event(six_on_time, Kind.RCPC, date(2026, 3, 31), team=w.a2)
    event(six_on_time, Kind.RCPC, date(2026, 9, 30), team=w.a2)

    found = figures("practice.cp_reviews_in_timescale", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (2, 4)
    assert_drill_down_matches("practice.cp_reviews_in_timescale", SEPTEMBER, w, found)


def test_child_protection_and_looked_after_visits_in_timescale(kpi_world):
    w = kpi_world
    cp_on_time, cp_late, cp_first = child(), child(), child()
    event(cp_on_time, Kind.VISIT, date(2026, 8, 20), plan_type=Plan.CP, team=w.a2)
    event(cp_on_time, Kind.VISIT, date(2026, 9, 4), plan_type=Plan.CP, team=w.a2)
    event(cp_late, Kind.VISIT, date(2026, 8, 19), plan_type=Plan.CP, team=w.a2)
    event(cp_late, Kind.VISIT, date(2026, 9, 4), plan_type=Plan.CP, team=w.a2)
    event(cp_first, Kind.VISIT, date(2026, 9, 4), plan_type=Plan.CP, team=w.a2)
    cla_on_time, cla_late = child(), child()
    event(cla_on_time, Kind.VISIT, date(2026, 7, 21), plan_type=Plan.CLA, team=w.b1)
    event(cla_on_time, Kind.VISIT, date(2026, 9, 1), plan_type=Plan.CLA, team=w.b1)
    event(cla_late, Kind.VISIT, date(2026, 7, 20), plan_type=Plan.CLA, team=w.b1)
    event(cla_late, Kind.VISIT, date(2026, 9, 1), plan_type=Plan.CLA, team=w.b1)

    cp = figures("practice.cp_visits_in_timescale", SEPTEMBER)
    assert (cp["service"].numerator, cp["service"].denominator) == (1, 2)
    assert_drill_down_matches("practice.cp_visits_in_timescale", SEPTEMBER, w, cp)
    cla = figures("practice.cla_visits_in_timescale", SEPTEMBER)
    assert (cla["service"].numerator, cla["service"].denominator) == (1, 2)
    assert cla[f"area:{w.south.pk}"].value == Decimal("50.0")
    assert_drill_down_matches("practice.cla_visits_in_timescale", SEPTEMBER, w, cla)


def test_plans_overdue_for_review(kpi_world):
    w = kpi_world
    never_reviewed, reviewed_on_the_day, reviewed_a_day_early = child(), child(), child()
    ended, ends_after_the_month, recent = child(), child(), child()
    event(never_reviewed, Kind.PLAN, date(2026, 1, 1), plan_type=Plan.CP, team=w.a2)
    event(reviewed_on_the_day, Kind.PLAN, date(2026, 1, 1), plan_type=Plan.CLA, team=w.b1)
    event(reviewed_on_the_day, Kind.REVIEW, date(2026, 3, 30), team=w.b1)
    event(reviewed_a_day_early, Kind.PLAN, date(2026, 1, 1), plan_type=Plan.CIN, team=w.a1)
    event(reviewed_a_day_early, Kind.REVIEW, date(2026, 3, 29), team=w.a1)
    event(
        ended, Kind.PLAN, date(2026, 1, 1), ended_on=date(2026, 9, 15), plan_type=Plan.CP, team=w.a2
    )
    event(
        ends_after_the_month,
        Kind.PLAN,
        date(2026, 1, 1),
        ended_on=date(2026, 10, 1),
        plan_type=Plan.CIN,
        team=w.a1,
    )
    event(recent, Kind.PLAN, date(2026, 4, 1), plan_type=Plan.CIN, team=w.a1)

    found = figures("practice.plans_overdue", SEPTEMBER)
    assert found["service"].numerator == 3
    assert found["service"].value == Decimal(3)
    assert found[f"team:{w.a1.pk}"].numerator == 2
    assert_drill_down_matches("practice.plans_overdue", SEPTEMBER, w, found)


def test_second_or_later_child_protection_plans(kpi_world):
    w = kpi_world
    again, first, had_cin, october = child(), child(), child(), child()
    event(
        again, Kind.PLAN, date(2024, 2, 1), ended_on=date(2024, 12, 1), plan_type=Plan.CP, team=w.a2
    )
    event(again, Kind.PLAN, date(2026, 9, 10), plan_type=Plan.CP, team=w.a2)
    event(first, Kind.PLAN, date(2026, 9, 1), plan_type=Plan.CP, team=w.a2)
    event(
        had_cin,
        Kind.PLAN,
        date(2025, 1, 1),
        ended_on=date(2025, 6, 1),
        plan_type=Plan.CIN,
        team=w.a2,
    )
    event(had_cin, Kind.PLAN, date(2026, 9, 30), plan_type=Plan.CP, team=w.a2)
    event(october, Kind.PLAN, date(2026, 10, 1), plan_type=Plan.CP, team=w.a2)

    found = figures("practice.second_cp_plans", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (1, 3)
    assert_drill_down_matches("practice.second_cp_plans", SEPTEMBER, w, found)


def test_re_referrals_within_12_months(kpi_world):
    w = kpi_world
    a_year_to_the_day, a_year_and_a_day, only_once, same_year = child(), child(), child(), child()
    event(a_year_to_the_day, Kind.REFERRAL, date(2025, 9, 1), team=w.a1)
    event(a_year_to_the_day, Kind.REFERRAL, date(2026, 9, 1), team=w.a1)
    event(a_year_and_a_day, Kind.REFERRAL, date(2025, 8, 31), team=w.a1)
    event(a_year_and_a_day, Kind.REFERRAL, date(2026, 9, 1), team=w.a1)
    event(only_once, Kind.REFERRAL, date(2026, 9, 15), team=w.a1)
    event(same_year, Kind.REFERRAL, date(2026, 2, 2), team=w.a1)
    event(same_year, Kind.REFERRAL, date(2026, 9, 30), team=w.a1)

    found = figures("practice.re_referrals", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (2, 4)
    assert_drill_down_matches("practice.re_referrals", SEPTEMBER, w, found)


def _allocate(kid, worker, team, start, end=None):
    Allocation.objects.create(child=kid, worker=worker, team=team, start_date=start, end_date=end)


def test_children_with_three_or_more_social_workers_in_12_months(kpi_world):
    w = kpi_world
    sw1, sw2, sw3 = (UserFactory(username=f"kpi-sw{n}") for n in (1, 2, 3))
    three, before_the_window, overlapping, left = child(), child(), child(), child()
    _allocate(three, sw1, w.a1, date(2026, 1, 1), date(2026, 3, 1))
    _allocate(three, sw2, w.a1, date(2026, 3, 2), date(2026, 6, 1))
    _allocate(three, sw3, w.a1, date(2026, 6, 2))
    _allocate(before_the_window, sw1, w.a1, date(2025, 1, 1), date(2025, 9, 30))
    _allocate(before_the_window, sw2, w.a1, date(2025, 10, 1), date(2026, 2, 1))
    _allocate(before_the_window, sw3, w.a1, date(2026, 2, 2))
    _allocate(overlapping, sw1, w.b1, date(2025, 1, 1), date(2025, 10, 1))
    _allocate(overlapping, sw2, w.b1, date(2025, 10, 2), date(2026, 2, 1))
    _allocate(overlapping, sw3, w.b1, date(2026, 2, 2))
    _allocate(left, sw1, w.b1, date(2026, 1, 1), date(2026, 3, 1))
    _allocate(left, sw2, w.b1, date(2026, 3, 2), date(2026, 6, 1))
    _allocate(left, sw3, w.b1, date(2026, 6, 2), date(2026, 9, 20))

    found = figures("practice.three_plus_social_workers", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (2, 3)
    assert (found[f"team:{w.a1.pk}"].numerator, found[f"team:{w.a1.pk}"].denominator) == (1, 2)
    assert found[f"team:{w.b1.pk}"].value == Decimal("100.0")
    assert found[f"area:{w.south.pk}"].value == Decimal("100.0")
    assert_drill_down_matches("practice.three_plus_social_workers", SEPTEMBER, w, found)


def test_looked_after_children_with_three_or_more_placements(kpi_world):
    w = kpi_world
    worker = UserFactory(username="kpi-cla-sw")
    three, two_in_the_window, left_care = child(), child(), child()
    for kid in (three, two_in_the_window, left_care):
        _allocate(kid, worker, w.b1, date(2025, 1, 1))
    event(three, Kind.PLACEMENT, date(2025, 10, 1), ended_on=date(2026, 1, 1), team=w.b1)
    event(three, Kind.PLACEMENT, date(2026, 1, 1), ended_on=date(2026, 5, 1), team=w.b1)
    event(three, Kind.PLACEMENT, date(2026, 5, 1), team=w.b1)
    event(
        two_in_the_window, Kind.PLACEMENT, date(2025, 9, 30), ended_on=date(2026, 1, 1), team=w.b1
    )
    event(two_in_the_window, Kind.PLACEMENT, date(2026, 1, 1), ended_on=date(2026, 5, 1), team=w.b1)
    event(two_in_the_window, Kind.PLACEMENT, date(2026, 5, 1), team=w.b1)
    event(left_care, Kind.PLACEMENT, date(2026, 1, 1), ended_on=date(2026, 2, 1), team=w.b1)
    event(left_care, Kind.PLACEMENT, date(2026, 2, 1), ended_on=date(2026, 3, 1), team=w.b1)
    event(left_care, Kind.PLACEMENT, date(2026, 3, 1), ended_on=date(2026, 9, 30), team=w.b1)

    found = figures("practice.cla_three_placements", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (1, 2)
    assert_drill_down_matches("practice.cla_three_placements", SEPTEMBER, w, found)
