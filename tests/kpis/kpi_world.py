"""A small service for the KPI definitions' tests: two areas, three teams, a director and a
team manager; and a helper that computes a month's snapshots and reads one KPI's figures."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from casework.models import CaseEvent, Episode, TeamMembership
from kpis import selectors
from kpis.models import KpiSnapshot
from kpis.scopes import Scope
from kpis.services import compute_period
from qaf.roles import Role
from tests.factories import (
    ChildFactory,
    EpisodeFactory,
    ServiceAreaFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)


@dataclass
class Figure:
    numerator: int
    denominator: int | None
    value: Decimal | None


@pytest.fixture(name="kpi_world")
def kpi_world_fixture(db):
    north = ServiceAreaFactory(name="North")
    south = ServiceAreaFactory(name="South")
    world = type("KpiWorld", (), {})()
    world.north, world.south = north, south
    world.a1 = TeamFactory(name="Assessment North", service_area=north)
    world.a2 = TeamFactory(name="Child protection North", service_area=north)
    world.b1 = TeamFactory(name="Children in care South", service_area=south)
    world.director = UserFactory(username="kpi-director", roles=[Role.DIRECTOR])
    world.manager = UserFactory(username="kpi-manager", roles=[Role.TEAM_MANAGER])
    TeamMembershipFactory(user=world.manager, team=world.a1, role=TeamMembership.Role.MANAGER)
    world.stranger = UserFactory(username="kpi-practitioner", roles=[Role.PRACTITIONER])
    return world


def figures(code: str, period: date) -> dict[str, Figure]:
    """Compute the month, then the KPI's snapshot for each scope by ``Scope.key``."""
    compute_period(period)
    result = {}
    for row in KpiSnapshot.objects.filter(code=code, period=period):
        key = (
            "service"
            if row.scope_kind == "service"
            else f"area:{row.service_area_id}"
            if row.scope_kind == "area"
            else f"team:{row.team_id}"
        )
        result[key] = Figure(row.numerator, row.denominator, row.value)
    return result


def assert_drill_down_matches(code: str, period: date, world, found: dict[str, Figure]) -> None:
    """The director's list behind each figure is as long as its numerator."""
    for key, figure in found.items():
        listed = selectors.drill_down(code, period, Scope.parse(key), world.director)
        assert listed.count() == figure.numerator, key
        assert len(list(listed)) == figure.numerator, key
        # The records stored with the month's figures are the same ones.
        stored = selectors.drill_members(code, period, Scope.parse(key), world.director)
        assert stored.count() == figure.numerator, key
        to_key = listed.model._meta.pk.to_python
        assert {to_key(record_id) for record_id, _ in stored} == {item.pk for item in listed}, key


def event(child, kind, started_on, *, team=None, ended_on=None, plan_type="", episode=None):
    if episode is None and team is not None:
        episode = child.episodes.filter(team=team).first() or EpisodeFactory(
            child=child, team=team, kind=Episode.Kind.CIN, start_date=date(2024, 1, 1)
        )
    return CaseEvent.objects.create(
        child=child,
        episode=episode,
        kind=kind,
        plan_type=plan_type,
        started_on=started_on,
        ended_on=ended_on,
        source=CaseEvent.Source.DEMO,
    )


def child():
    return ChildFactory()
