"""Figures over time for a team manager (their team against the service) and for a practitioner
(their own audits, grades, feedback and follow-up outcomes)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from audits.models import Grade
from casework.selectors import teams_managed_by
from casework.services import child_access_record_many
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors
from ..charts import ChartPoint
from ..scopes import Scope
from .common import (
    MONTHS_SHOWN,
    answers_bad_queries,
    latest_full_month,
    parse_period,
    scope_value,
)
from .figures import (
    agreement_by_auditor,
    good_or_better_series,
    grades_by_month,
    own_audits,
    own_quarters,
)

AGREEMENT_CODE = "audit.agreement_rate"


@answers_bad_queries
@role_required(Role.TEAM_MANAGER)
def team(request):
    """A team manager's team: its audit grades, how often manager and peer agreed, and every KPI
    beside the whole service's."""
    teams = list(teams_managed_by(request.user).select_related("service_area").order_by("name"))
    period = parse_period(request.GET.get("period"), default=latest_full_month())
    if not teams:
        return render(request, "kpis/team.html", {"team": None, "period": period})
    chosen = teams[0]
    if request.GET.get("team"):
        chosen = next((t for t in teams if str(t.pk) == request.GET["team"]), None)
        if chosen is None:
            raise PermissionDenied
    scope = Scope.team(chosen.pk)
    team_tiles = selectors.dashboard(scope, period)
    service_tiles = {tile.kpi.code: tile for tile in selectors.dashboard(Scope.service(), period)}
    comparison = [(tile, service_tiles.get(tile.kpi.code)) for tile in team_tiles]
    grades = grades_by_month(team_id=chosen.pk, until=period, months=MONTHS_SHOWN)
    service_grades = grades_by_month(team_id=None, until=period, months=MONTHS_SHOWN)
    good = good_or_better_series(grades)
    agreement = next((tile for tile in team_tiles if tile.kpi.code == AGREEMENT_CODE), None)
    return render(
        request,
        "kpis/team.html",
        {
            "team": chosen,
            "teams": teams,
            "period": period,
            "scope_query": scope_value(scope),
            "comparison": comparison,
            "grades": grades,
            "grade_totals": _totals(grades),
            "service_grade_totals": _totals(service_grades),
            "good_series": good,
            "agreement": agreement,
            "months_shown": MONTHS_SHOWN,
            "auditors": agreement_by_auditor(team_id=chosen.pk, until=period, months=MONTHS_SHOWN),
            "grade_labels": [str(label) for label in Grade.labels],
        },
    )


def _totals(months) -> dict:
    total = sum(month.total for month in months)
    good = sum(month.good_or_better for month in months)
    return {
        "total": total,
        "good": good,
        "percent": round(100 * good / total) if total else None,
    }


@role_required(Role.PRACTITIONER)
def me(request):
    """A practitioner's own audits over time: final grades, feedback and what the follow-up
    found three months on (they are told the outcome; this keeps it in one place)."""
    audits = own_audits(request.user)
    today = timezone.localdate()
    quarters = own_quarters(audits, until=today)
    series = [ChartPoint(row["period"], row["value"]) for row in quarters]
    recent = [audit for audit in audits if audit.period >= quarters[0]["period"]]
    graded = [audit for audit in recent if audit.final is not None]
    child_access_record_many(
        user=request.user,
        children=[audit.feedback.case_audit.child for audit in audits],
        context="own audits over time",
    )
    return render(
        request,
        "kpis/me.html",
        {
            "audits": audits,
            "quarters": quarters,
            "series": series,
            "graded_count": len(graded),
            "good_count": sum(1 for audit in graded if audit.good_or_better),
            "since": quarters[0]["period"],
        },
    )
