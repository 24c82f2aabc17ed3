"""The KPI tables as CSV and Excel: every KPI's twelve months for the part of the service chosen,
and one KPI across every area and team for a month. Figures only, never a child."""

from qaf.exports import Column, export_response
from qaf.permissions import role_required

from .. import selectors
from .common import (
    DASHBOARD_ROLES,
    MONTHS_SHOWN,
    answers_bad_queries,
    latest_full_month,
    scope_label,
    structure,
)
from .dashboard import _filter, _kpi_or_404
from .figures import snapshots_by_scope

DASHBOARD_COLUMNS = [
    Column("KPI", lambda row: row[0].code),
    Column("Title", lambda row: row[0].title),
    Column("Part of the service", lambda row: row[1]),
    Column("Month", lambda row: row[2].period),
    Column("Value", lambda row: row[2].value),
    Column("Target", lambda row: row[3]),
]

DETAIL_COLUMNS = [
    Column("KPI", lambda row: row[0].code),
    Column("Month", lambda row: row[1]),
    Column("Part of the service", lambda row: row[2].name),
    Column("Service area", lambda row: row[2].area_name),
    Column("Numerator", lambda row: row[2].numerator),
    Column("Denominator", lambda row: row[2].denominator),
    Column("Value", lambda row: row[2].value),
]


@answers_bad_queries
@role_required(*DASHBOARD_ROLES)
def dashboard_download(request):
    areas, teams = structure()
    scope, period, _form = _filter(request, areas=areas, teams=teams, latest=latest_full_month())
    name = scope_label(scope, areas=areas, teams=teams)
    rows = [
        (tile.kpi, name, point, tile.target)
        for tile in selectors.dashboard(scope, period, months=MONTHS_SHOWN)
        for point in tile.series
    ]
    return export_response(request, what="KPIs", columns=DASHBOARD_COLUMNS, rows=rows)


@answers_bad_queries
@role_required(*DASHBOARD_ROLES)
def kpi_detail_download(request, code: str):
    kpi = _kpi_or_404(code)
    areas, teams = structure()
    _scope, period, _form = _filter(request, areas=areas, teams=teams, latest=latest_full_month())
    rows = [(kpi, period, row) for row in snapshots_by_scope(kpi, period, areas=areas, teams=teams)]
    return export_response(
        request, what=f"{kpi.code} by area and team", columns=DETAIL_COLUMNS, rows=rows
    )
