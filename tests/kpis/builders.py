"""Snapshots written straight to the table, so that the pages' tests do not depend on how each
KPI is counted (the registry's own tests do that)."""

from datetime import date
from decimal import Decimal

from kpis import registry
from kpis.cache import figures_changed
from kpis.models import KpiSnapshot
from kpis.periods import months_back
from kpis.views.common import latest_full_month


def _value(kpi, index: int, month: int) -> tuple[int, int | None, Decimal]:
    """A value that moves a little month by month, differently for each KPI and scope."""
    if kpi.unit == "percent":
        denominator = 20 + index % 7
        numerator = min(denominator, 8 + (index * 3 + month) % 13)
        return (
            numerator,
            denominator,
            Decimal(100 * numerator / denominator).quantize(Decimal("0.1")),
        )
    numerator = 5 + (index * 5 + month * 3) % 17
    return numerator, None, Decimal(numerator)


def snapshots_for(world, *, teams=None, months: int = 12, period: date | None = None) -> date:
    """Every KPI for the whole service, each area and each team, for ``months`` months to
    ``period`` (last month by default). Returns the period."""
    from casework.models import ServiceArea, Team

    period = period or latest_full_month()
    teams = list(teams if teams is not None else Team.objects.all())
    areas = list(ServiceArea.objects.all())
    rows = []
    for back in range(months):
        month = months_back(period, back)
        for index, kpi in enumerate(registry.all_kpis()):
            scopes = [("service", None, None)]
            scopes += [("area", area.pk, None) for area in areas]
            scopes += [("team", team.service_area_id, team.pk) for team in teams]
            for offset, (kind, area_id, team_id) in enumerate(scopes):
                numerator, denominator, value = _value(kpi, index + offset, month.month)
                rows.append(
                    KpiSnapshot(
                        code=kpi.code,
                        period=month,
                        scope_kind=kind,
                        service_area_id=area_id,
                        team_id=team_id,
                        numerator=numerator,
                        denominator=denominator,
                        value=value,
                    )
                )
    KpiSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    figures_changed()
    return period


def improvement_measure():
    """The default measure on children having a copy of their plan, followed by its KPI too."""
    from casework.models import Measure
    from kpis.services import measure_link_kpis

    measure = Measure.objects.get(code="voice_plan_copy")
    measure_link_kpis(measure=measure, codes=["voice.plan_copy"])
    return measure
