"""Snapshots are idempotent and recompute a past month; the dashboard reads them in a fixed
number of queries; targets keep their history; the commands answer bad input clearly."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.models import CaseEvent
from kpis import registry, selectors
from kpis.models import KpiSnapshot, KpiTarget, RoundNote
from kpis.scopes import Scope
from kpis.services import TargetError, compute_period, round_note_set, set_target
from tests.factories import TeamFactory, UserFactory

from .kpi_world import child, event, kpi_world_fixture  # noqa: F401 - fixture used by name

pytestmark = pytest.mark.django_db
SEPTEMBER = date(2026, 9, 1)
CODE = "practice.assessments_in_45_days"


def _rows():
    return sorted(
        KpiSnapshot.objects.values_list(
            "code",
            "period",
            "scope_kind",
            "service_area_id",
            "team_id",
            "numerator",
            "denominator",
            "value",
        )
    )


def test_computing_a_month_twice_writes_the_same_rows(kpi_world):
    event(
        child(),
        CaseEvent.Kind.ASSESSMENT,
        date(2026, 9, 1),
        ended_on=date(2026, 9, 2),
        team=kpi_world.a1,
    )
    first = compute_period(SEPTEMBER)
    rows = _rows()
    assert first == len(rows) == len(registry.all_kpis()) * (1 + 2 + 3)
    assert compute_period(SEPTEMBER) == first
    assert _rows() == rows


def test_a_past_month_is_recomputed_when_its_data_changes(kpi_world):
    late = event(
        child(),
        CaseEvent.Kind.ASSESSMENT,
        date(2026, 7, 6),
        ended_on=date(2026, 9, 9),
        team=kpi_world.a1,
    )
    compute_period(SEPTEMBER)
    compute_period(date(2026, 10, 1))
    assert KpiSnapshot.objects.get(code=CODE, period=SEPTEMBER, scope_kind="service").value == 0
    late.ended_on = date(2026, 9, 8)  # the import corrected the authorisation date
    late.save()
    call_command("compute_kpis", "--period", "2026-09", stdout=StringIO())
    assert KpiSnapshot.objects.get(code=CODE, period=SEPTEMBER, scope_kind="service").value == 100
    assert (
        KpiSnapshot.objects.filter(period=date(2026, 10, 1)).count() == len(registry.all_kpis()) * 6
    )


def test_compute_kpis_all_since_writes_each_month(kpi_world, capsys):
    call_command("compute_kpis", "--period", "2026-09", "--all-since", "2026-07")
    assert sorted(set(KpiSnapshot.objects.values_list("period", flat=True))) == [
        date(2026, 7, 1),
        date(2026, 8, 1),
        date(2026, 9, 1),
    ]
    assert "2026-07:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--period", "September"], "'September' is not a month"),
        (["--period", "2026-13"], "'2026-13' is not a month"),
        (["--period", "2026-01", "--all-since", "2026-05"], "is after the last month"),
    ],
)
def test_compute_kpis_explains_bad_months(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("compute_kpis", *arguments)
    assert not KpiSnapshot.objects.exists()


def test_kpis_list_json_names_every_kpi_with_its_target(db, capsys):
    call_command("kpis_list", "--json")
    listed = json.loads(capsys.readouterr().out)
    codes = [row["code"] for row in listed]
    assert "practice.three_plus_social_workers" in codes
    assert "audit.agreement_rate" in codes
    assert len(codes) == len(set(codes)) == len(registry.all_kpis())
    row = next(row for row in listed if row["code"] == CODE)
    assert row["unit"] == "percent" and row["polarity"] == "up" and row["target"] == 85.0
    assert row["national_measure"].startswith("Children in need census")


def test_scope_parse_explains_what_it_cannot_read():
    assert Scope.parse("team:7") == Scope.team(7)
    assert Scope.parse("area:3").key == "area:3"
    assert Scope.parse(None) == Scope.service()
    for text in ("team:", "team:x", "region:1", "area:0"):
        with pytest.raises(ValueError, match="is not a part of the service"):
            Scope.parse(text)


def test_rag_reads_thresholds_in_the_kpis_direction(db):
    up, down = registry.get(CODE), registry.get("practice.re_referrals")
    target = selectors.target_of(up)
    assert [selectors.rag(up, Decimal(v), target) for v in (85, 80, 74.9)] == [
        "green",
        "amber",
        "red",
    ]
    target = selectors.target_of(down)
    assert [selectors.rag(down, Decimal(v), target) for v in (20, 25, 25.1)] == [
        "green",
        "amber",
        "red",
    ]
    assert selectors.rag(up, None, selectors.target_of(up)) is None


def test_a_qa_officer_changes_a_target_and_the_change_is_kept(db):
    officer = UserFactory(username="kpi-qa")
    assert selectors.target_of(registry.get(CODE)).target == Decimal(85)
    set_target(CODE, target=Decimal(90), green_from=Decimal(90), amber_from=Decimal(80), by=officer)
    set_target(CODE, target=Decimal(88), green_from=Decimal(88), amber_from=Decimal(80), by=officer)
    assert selectors.target_of(registry.get(CODE)).target == Decimal(88)
    history = list(selectors.target_history(registry.get(CODE)))
    assert [change.target for change in history] == [Decimal(88), Decimal(90)]
    assert history[0].history_user == officer


@pytest.mark.parametrize(
    "values, message",
    [
        ((Decimal(120), Decimal(90), Decimal(80)), "percentage from 0 to 100"),
        ((Decimal(90), Decimal(80), Decimal(85)), "Amber must start at or below green"),
        ((Decimal(90), None, Decimal(85)), "Enter where green starts"),
    ],
)
def test_impossible_targets_are_refused_and_nothing_is_saved(db, values, message):
    target, green, amber = values
    with pytest.raises(TargetError, match=message):
        set_target(CODE, target=target, green_from=green, amber_from=amber, by=None)
    assert not KpiTarget.objects.exists()


def test_an_unknown_kpi_code_is_a_clear_error(db):
    with pytest.raises(TargetError, match="no KPI with the code 'audit.nope'"):
        set_target("audit.nope", target=None, green_from=None, amber_from=None, by=None)


def _dashboard_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        tiles = selectors.dashboard(Scope.service(), SEPTEMBER)
    return tiles, len(captured)


def test_the_dashboard_reads_snapshots_in_the_same_queries_for_3_teams_and_30(
    kpi_world, django_assert_num_queries
):
    compute_period(date(2026, 8, 1))
    compute_period(SEPTEMBER)
    round_note_set(period=SEPTEMBER, note="Half the usual sample: summer leave.")
    tiles, few = _dashboard_queries()
    for n in range(27):
        TeamFactory(name=f"Extra team {n}", service_area=kpi_world.south)
    compute_period(date(2026, 8, 1))
    compute_period(SEPTEMBER)
    tiles, many = _dashboard_queries()
    assert few == many <= 3
    assert len(tiles) == len(registry.all_kpis())
    tile = next(tile for tile in tiles if tile.kpi.code == "audit.sampled")
    assert tile.note == "Half the usual sample: summer leave."
    assert len(tile.series) == 12 and tile.series[-1].period == SEPTEMBER
    assert tile.direction == "same" and tile.headline.startswith(
        "Audits sampled: 0 in September 2026"
    )
    assert RoundNote.objects.count() == 1
