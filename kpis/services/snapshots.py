"""Monthly snapshots: every KPI for the whole service, each service area and each team.

One transaction per month: the month's rows are brought up to date (changed figures updated,
new ones added, gone ones deleted, the rest left alone), so running it twice changes nothing and a
past month is recomputed when its data changed. The records behind each KPI's numerator are
read once, kept as ``KpiMember`` rows and counted by team from what was read; the denominator
is counted with two grouped queries (the whole service, and by team). An area's figure is the
sum of its teams', because every record counts for at most one team.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from casework.models import Team

from .. import registry
from ..cache import figures_changed
from ..models import KpiMember, KpiSnapshot
from ..periods import month_start, months_between
from ..registry import Kpi
from ..scopes import Scope

logger = logging.getLogger(__name__)


def _counts(queryset, team_path: str) -> tuple[int, Counter]:
    total = queryset.count()
    by_team = Counter(
        {
            team_id: n
            for team_id, n in queryset.order_by()
            .values_list(team_path)
            .annotate(n=Count("pk", distinct=True))
            .values_list(team_path, "n")
            if team_id is not None
        }
    )
    return total, by_team


def _store_members(kpi: Kpi, period: date, queryset) -> tuple[int, Counter]:
    """Keep the month's numerator records, with their teams, as ``KpiMember`` rows, and count
    them: the total, and by team. The numerator's query, the costly part, runs once."""
    fresh = {
        (str(record), team)
        for record, team in queryset.order_by().values_list("pk", kpi.team_path).distinct()
    }
    held = KpiMember.objects.filter(code=kpi.code, period=period)
    # Recomputing a month whose records have not changed leaves its rows alone, so that a
    # second run of the job changes nothing.
    if fresh != set(held.values_list("record_id", "team_id")):
        held.delete()
        KpiMember.objects.bulk_create(
            (
                KpiMember(code=kpi.code, period=period, record_id=record, team_id=team)
                for record, team in sorted(fresh, key=lambda member: member[0])
            ),
            batch_size=1000,
        )
    by_team = Counter(team for _, team in fresh if team is not None)
    return len(fresh), by_team


def _rows_for(kpi: Kpi, period: date, teams: dict[int, int]) -> list[KpiSnapshot]:
    service = Scope.service()
    numerator, numerator_by_team = _store_members(kpi, period, kpi.numerator(period, service))
    denominator_qs = kpi.denominator_queryset(period, service)
    if denominator_qs is None:
        denominator, denominator_by_team = None, None
    else:
        denominator, denominator_by_team = _counts(denominator_qs, kpi.team_path)

    def row(kind, area_id, team_id, num, den) -> KpiSnapshot:
        return KpiSnapshot(
            code=kpi.code,
            period=period,
            scope_kind=kind,
            service_area_id=area_id,
            team_id=team_id,
            numerator=num,
            denominator=den,
            value=kpi.value_of(num, den),
            members_held=True,
        )

    rows = [row("service", None, None, numerator, denominator)]
    area_num: Counter = Counter()
    area_den: Counter = Counter()
    for team_id, area_id in teams.items():
        num = numerator_by_team.get(team_id, 0)
        den = denominator_by_team.get(team_id, 0) if denominator_by_team is not None else None
        area_num[area_id] += num
        if den is not None:
            area_den[area_id] += den
        rows.append(row("team", area_id, team_id, num, den))
    for area_id in sorted(set(teams.values())):
        den = area_den[area_id] if denominator_by_team is not None else None
        rows.append(row("area", area_id, None, area_num[area_id], den))
    return rows


def _wanted(row: KpiSnapshot, scopes: Iterable[Scope] | None) -> bool:
    if scopes is None:
        return True
    for scope in scopes:
        if scope.kind != row.scope_kind:
            continue
        if scope.kind == "service":
            return True
        if scope.kind == "area" and scope.area_id == row.service_area_id:
            return True
        if scope.kind == "team" and scope.team_id == row.team_id:
            return True
    return False


def _scope_rows(period: date, scopes: Iterable[Scope] | None):
    rows = KpiSnapshot.objects.filter(period=period)
    if scopes is None:
        return rows
    keep = KpiSnapshot.objects.none()
    for scope in scopes:
        keep = keep | rows.filter(**scope.snapshot_filter())
    return keep


def compute_period(period: date, *, scopes: list[Scope] | None = None) -> int:
    """Write the month's snapshots (for ``scopes`` only, if given); returns how many rows.

    Safe to run again at any time, including by a task delivered twice: a second run writes
    the same rows, and two runs at once leave one set (the later one retries once)."""
    period = month_start(period)
    scopes = list(scopes) if scopes is not None else None
    for attempt in (1, 2):
        try:
            return _compute(period, scopes)
        except IntegrityError:
            if attempt == 2:
                raise
            logger.warning("KPI snapshots for %s clashed with another run; trying again", period)
    return 0  # pragma: no cover - the loop returns or raises


def _key(row: KpiSnapshot) -> tuple:
    return (row.code, row.scope_kind, row.service_area_id, row.team_id)


def _figures(row: KpiSnapshot) -> tuple:
    return (row.numerator, row.denominator, row.value, row.service_area_id, row.members_held)


@transaction.atomic
def _compute(period: date, scopes: list[Scope] | None) -> int:
    teams = dict(Team.objects.filter(awaiting_review=False).values_list("pk", "service_area_id"))
    rows = [
        row
        for kpi in registry.all_kpis()
        for row in _rows_for(kpi, period, teams)
        if _wanted(row, scopes)
    ]
    # Rows whose figures are unchanged are left as they are (ids and times included), so a
    # second run, or a redelivered task, changes nothing; changed ones are updated, gone ones
    # deleted, new ones added.
    existing = {_key(row): row for row in _scope_rows(period, scopes).select_for_update()}
    now = timezone.now()
    new, changed, seen = [], [], set()
    for row in rows:
        key = _key(row)
        seen.add(key)
        old = existing.get(key)
        if old is None:
            new.append(row)
        elif _figures(old) != _figures(row):
            old.numerator, old.denominator, old.value = row.numerator, row.denominator, row.value
            old.members_held = True
            old.computed_at = now
            changed.append(old)
    gone = [row.pk for key, row in existing.items() if key not in seen]
    if gone:
        KpiSnapshot.objects.filter(pk__in=gone).delete()
    KpiSnapshot.objects.bulk_update(
        changed,
        ["numerator", "denominator", "value", "members_held", "computed_at"],
        batch_size=1000,
    )
    KpiSnapshot.objects.bulk_create(new, batch_size=1000)
    if gone or changed or new:
        figures_changed()
    return len(rows)


def compute_since(first: date, last: date) -> dict[date, int]:
    """Every month from ``first`` to ``last``, each in its own transaction."""
    return {period: compute_period(period) for period in months_between(first, last)}
