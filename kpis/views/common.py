"""What every KPI page shares: who may read which figures, and reading the query string.

Figures for any team or area are not personal, so everyone who reads the dashboard reads them
all; the children behind a figure are, so a list of children is shown only within the reader's
reach: a director or QA officer everywhere, a senior manager in their service area, a team manager
in their own team. Outside it the list does not exist for them (404).
"""

from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from casework.models import ServiceArea, Team
from casework.selectors import teams_managed_by
from qaf.roles import Role

from ..periods import last_full_month
from ..scopes import Scope

DASHBOARD_ROLES = (Role.DIRECTOR, Role.SENIOR_MANAGER, Role.QA_OFFICER)
DRILL_ROLES = (*DASHBOARD_ROLES, Role.TEAM_MANAGER)
TARGET_ROLES = (Role.QA_OFFICER,)

# How far back the month list and the charts go.
MONTHS_SHOWN = 12
MONTHS_TO_CHOOSE = 24


class BadKpiQuery(Exception):
    """The address asks for a month or a part of the service that cannot be shown."""


def answers_bad_queries(view):
    """Turn a malformed ``period`` or ``scope`` into a page that says what is wrong (400)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadKpiQuery as problem:
            return render(request, "kpis/bad_query.html", {"problem": str(problem)}, status=400)

    wrapped.required_roles = getattr(view, "required_roles", ())
    return wrapped


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def latest_full_month(today: date | None = None) -> date:
    """The last month that has ended: its figures are complete."""
    return last_full_month(today)


def parse_period(value: str | None, *, default: date) -> date:
    """``YYYY-MM`` as the first of that month; not in the future and not before 2000."""
    if value in (None, ""):
        return default
    try:
        year, month = (int(part) for part in value.split("-"))
        period = date(year, month, 1)
    except (TypeError, ValueError):
        raise BadKpiQuery(
            f"'{value[:20]}' is not a month. Give the month as year and month, like 2026-10."
        ) from None
    if period > first_of_month(timezone.localdate()):
        raise BadKpiQuery(f"There are no figures yet for {period:%B %Y}: it has not happened.")
    if period.year < 2000:
        raise BadKpiQuery(f"There are no figures for {period:%B %Y}.")
    return period


def parse_scope(value: str | None) -> Scope:
    """``service``, ``area:<id>`` or ``team:<id>``, for an area or team that exists."""
    if value in (None, ""):
        return Scope.service()
    try:
        scope = Scope.parse(value)
    except ValueError as problem:
        raise BadKpiQuery(str(problem)) from None
    if scope.kind == "area" and not ServiceArea.objects.filter(pk=scope.area_id).exists():
        raise Http404("No such service area.")
    if scope.kind == "team" and not Team.objects.filter(pk=scope.team_id).exists():
        raise Http404("No such team.")
    return scope


def scope_value(scope: Scope) -> str:
    """The query-string form of ``scope``, the inverse of ``Scope.parse``."""
    return scope.key


def sees_every_child(user) -> bool:
    return user.has_role(Role.DIRECTOR) or user.has_role(Role.QA_OFFICER)


@dataclass(frozen=True)
class ChildReach:
    """Where ``user`` may open the list of children behind a figure."""

    everywhere: bool
    area_ids: frozenset[int]
    team_ids: frozenset[int]

    def covers(self, scope: Scope, *, team_area_id: int | None = None) -> bool:
        if self.everywhere:
            return True
        if scope.kind == "area":
            return scope.area_id in self.area_ids
        if scope.kind == "team":
            return scope.team_id in self.team_ids or team_area_id in self.area_ids
        return False


def child_reach(user) -> ChildReach:
    """One or two queries, whatever the size of the service."""
    if sees_every_child(user):
        return ChildReach(True, frozenset(), frozenset())
    area_ids: set[int] = set()
    team_ids: set[int] = set()
    if user.has_role(Role.SENIOR_MANAGER):
        area_ids = set(
            ServiceArea.objects.filter(Q(senior_managers=user) | Q(head_of_service=user))
            .values_list("pk", flat=True)
            .distinct()
        )
    if user.has_role(Role.TEAM_MANAGER):
        team_ids = set(teams_managed_by(user).values_list("pk", flat=True))
    return ChildReach(False, frozenset(area_ids), frozenset(team_ids))


def scope_label(scope: Scope, *, areas: dict, teams: dict) -> str:
    if scope.kind == "team":
        team = teams.get(scope.team_id)
        return team.name if team else "Team"
    if scope.kind == "area":
        area = areas.get(scope.area_id)
        return area.name if area else "Service area"
    return "Whole service"


def structure() -> tuple[dict[int, ServiceArea], dict[int, Team]]:
    """Every service area and recognised team, by id: two queries at any size."""
    areas = {area.pk: area for area in ServiceArea.objects.order_by("name")}
    teams = {
        team.pk: team
        for team in Team.objects.filter(awaiting_review=False)
        .select_related("service_area")
        .order_by("name")
    }
    return areas, teams


def breadcrumbs(scope: Scope, *, areas: dict, teams: dict) -> list[tuple[str, str]]:
    """(label, scope value) from the whole service down to ``scope``."""
    trail = [("Whole service", "service")]
    area_id = scope.area_id
    if scope.kind == "team" and scope.team_id in teams:
        area_id = teams[scope.team_id].service_area_id
    if area_id in areas and scope.kind in ("area", "team"):
        trail.append((areas[area_id].name, f"area:{area_id}"))
    if scope.kind == "team" and scope.team_id in teams:
        trail.append((teams[scope.team_id].name, f"team:{scope.team_id}"))
    return trail
