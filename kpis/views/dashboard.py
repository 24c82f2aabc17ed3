"""The director's dashboard, one KPI over time by area and team, and the children behind it."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from casework.services import child_access_record_many
from qaf.permissions import role_required

from .. import cache, registry, selectors
from ..forms import KpiFilterForm, scope_choices
from .common import (
    DASHBOARD_ROLES,
    DRILL_ROLES,
    MONTHS_SHOWN,
    answers_bad_queries,
    breadcrumbs,
    child_reach,
    latest_full_month,
    parse_period,
    parse_scope,
    scope_label,
    scope_value,
    structure,
)
from .figures import (
    attach_notes,
    drill_queryset,
    drill_rows,
    group_tiles,
    month_notes,
    snapshots_by_scope,
    stored_records,
)

CHILDREN_PER_PAGE = 25


def _kpi_or_404(code: str):
    try:
        return registry.get(code)
    except (KeyError, LookupError):
        raise Http404("No such measure.") from None


def _filter(request, *, areas, teams, latest):
    scope = parse_scope(request.GET.get("scope"))
    period = parse_period(request.GET.get("period"), default=latest)
    form = KpiFilterForm(
        initial={"scope": scope_value(scope), "period": f"{period:%Y-%m}"},
        scopes=scope_choices(areas, teams),
        latest=latest,
    )
    return scope, period, form


@answers_bad_queries
@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    """Every KPI for the part of the service chosen, each with its 12 months beside it."""
    areas, teams = structure()
    latest = latest_full_month()
    scope, period, form = _filter(request, areas=areas, teams=teams, latest=latest)
    reach = child_reach(request.user)
    team_area = teams[scope.team_id].service_area_id if scope.kind == "team" else None
    can_list_children = reach.covers(scope, team_area_id=team_area)
    if scope.kind == "service":
        below = [(area.name, f"area:{area.pk}") for area in areas.values()]
    elif scope.kind == "area":
        below = [
            (team.name, f"team:{team.pk}")
            for team in teams.values()
            if team.service_area_id == scope.area_id
        ]
    else:
        below = []

    def draw() -> str:
        tiles = selectors.dashboard(scope, period)
        whole_month_notes = attach_notes(tiles, period, months=MONTHS_SHOWN)
        return render_to_string(
            "kpis/includes/figures.html",
            {
                "groups": group_tiles(tiles) if _has_figures(tiles) else [],
                "whole_month_notes": whole_month_notes,
                "scope_query": scope_value(scope),
                "period": period,
                "period_param": f"{period:%Y-%m}",
                "can_list_children": can_list_children,
            },
        )

    figures = cache.drawn(
        f"dashboard:{scope_value(scope)}:{period:%Y-%m}:{int(can_list_children)}", draw
    )
    return render(
        request,
        "kpis/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "scope_query": scope_value(scope),
            "scope_name": scope_label(scope, areas=areas, teams=teams),
            "period": period,
            "figures": mark_safe(figures),  # noqa: S308 - drawn from our own template
            "trail": breadcrumbs(scope, areas=areas, teams=teams),
            "below": below,
            "below_kind": "service areas" if scope.kind == "service" else "teams",
            "months_shown": MONTHS_SHOWN,
        },
    )


def _has_figures(tiles) -> bool:
    """Whether the month was worked out at all (before the first run, every tile is empty)."""
    return any(tile.value is not None or tile.numerator for tile in tiles)


@answers_bad_queries
@role_required(*DASHBOARD_ROLES)
def kpi_detail(request, code: str):
    """One KPI: what it means, its months for the part chosen, and every area and team."""
    kpi = _kpi_or_404(code)
    areas, teams = structure()
    latest = latest_full_month()
    scope, period, form = _filter(request, areas=areas, teams=teams, latest=latest)
    points = selectors.series(kpi.code, scope, months=MONTHS_SHOWN, until=period)
    target = selectors.target_of(kpi)
    rows = snapshots_by_scope(kpi, period, areas=areas, teams=teams)
    reach = child_reach(request.user)
    for row in rows:
        row.can_list = reach.covers(row.scope, team_area_id=row.team_area_id)
    return render(
        request,
        "kpis/kpi_detail.html",
        {
            "kpi": kpi,
            "form": form,
            "scope": scope,
            "scope_query": scope_value(scope),
            "scope_name": scope_label(scope, areas=areas, teams=teams),
            "period": period,
            "period_label": f"{period:%B %Y}",
            "period_param": f"{period:%Y-%m}",
            "points": points,
            "notes": month_notes(kpi, period, months=MONTHS_SHOWN),
            "latest_point": points[-1] if points else None,
            "target": target,
            "area_rows": [row for row in rows if row.scope.kind == "area"],
            "team_rows": [row for row in rows if row.scope.kind == "team"],
            "trail": breadcrumbs(scope, areas=areas, teams=teams),
        },
    )


@answers_bad_queries
@role_required(*DRILL_ROLES)
def kpi_children(request, code: str):
    """The children behind one KPI's number, for a month and a part of the service the reader
    may see; every child listed is written to the access log."""
    kpi = _kpi_or_404(code)
    scope = parse_scope(request.GET.get("scope"))
    period = parse_period(request.GET.get("period"), default=latest_full_month())
    areas, teams = structure()
    team_area = teams[scope.team_id].service_area_id if scope.kind == "team" else None
    reach = child_reach(request.user)
    if not reach.covers(scope, team_area_id=team_area):
        if not reach.everywhere and not reach.area_ids and not reach.team_ids:
            raise PermissionDenied
        raise Http404("No such list.")
    snapshot = selectors.snapshot_of(kpi.code, period, scope)
    not_held = False
    if snapshot is not None and snapshot.members_held:
        # The records stored when the month was worked out: exactly what the figure counted.
        members = selectors.drill_members(kpi.code, period, scope, request.user)
        page = Paginator(members, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
        pairs = list(page.object_list)
        items, team_ids = stored_records(kpi, period, pairs)
        rows = drill_rows(kpi, items, teams=teams, team_ids=team_ids)
    else:
        items = drill_queryset(kpi, selectors.drill_down(kpi.code, period, scope, request.user))
        page = Paginator(items, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
        rows = drill_rows(kpi, page.object_list, teams=teams)
        # A figure with nothing behind it today: the month's records are not held (a figure
        # brought in from before the service used this system, say), so say so plainly.
        not_held = snapshot is not None and snapshot.numerator > 0 and not page.paginator.count
    child_access_record_many(
        user=request.user,
        children=[row.child for row in rows if row.child is not None],
        context=f"KPI {kpi.code} children, {period:%Y-%m}",
    )
    return render(
        request,
        "kpis/kpi_children.html",
        {
            "kpi": kpi,
            "scope": scope,
            "scope_query": scope_value(scope),
            "scope_name": scope_label(scope, areas=areas, teams=teams),
            "period": period,
            "page_obj": page,
            "rows": rows,
            "not_held": not_held,
            "figure": snapshot.numerator if snapshot is not None else None,
            "pagination_query": f"scope={scope_value(scope)}&period={period:%Y-%m}",
            "trail": breadcrumbs(scope, areas=areas, teams=teams),
        },
    )
