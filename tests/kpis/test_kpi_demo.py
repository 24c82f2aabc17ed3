"""The demo's KPI history: two years, a summer dip with its note, red, amber and green."""

from collections import Counter
from datetime import date

import pytest

from kpis import selectors
from kpis.models import KpiSnapshot
from kpis.periods import last_full_month, months_back
from kpis.scopes import Scope
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(date(2026, 11, 16))


def test_the_demo_dashboard_has_two_years_of_history_a_summer_dip_and_every_rag():
    load_demo()
    period = last_full_month()
    tiles = selectors.dashboard(Scope.service(), period, months=24)
    assert Counter(tile.rag for tile in tiles).keys() >= {"red", "amber", "green"}
    sampled = next(tile for tile in tiles if tile.kpi.code == "audit.sampled")
    assert all(point.value is not None for point in sampled.series)
    august = next(p for p in sampled.series if p.period == date(2026, 8, 1))
    july = next(p for p in sampled.series if p.period == date(2026, 7, 1))
    assert august.value < july.value
    notes = selectors.notes_for(period, since=months_back(period, 23))
    assert "summer leave" in selectors.note_for(notes, date(2026, 8, 1), "audit.sampled")
    assert "summer leave" in selectors.note_for(notes, date(2025, 8, 1), "audit.sampled")
    team_rows = KpiSnapshot.objects.filter(period=period, scope_kind="team").count()
    assert team_rows > 0


def test_seeding_the_demo_twice_changes_no_kpi_rows():
    from io import StringIO

    from django.core.management import call_command

    load_demo()
    before = KpiSnapshot.objects.count()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert KpiSnapshot.objects.count() == before
