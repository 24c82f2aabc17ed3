"""Improvement Plan measures: each with its KPIs, audit questions and survey questions side by
side over time."""

from django.http import Http404
from django.shortcuts import render

from qaf.permissions import role_required

from .. import selectors
from .common import DASHBOARD_ROLES, MONTHS_SHOWN, latest_full_month


@role_required(*DASHBOARD_ROLES)
def measures(request):
    return render(request, "kpis/measures.html", {"measures": selectors.measures_list()})


@role_required(*DASHBOARD_ROLES)
def measure_detail(request, code: str):
    measure = selectors.measure_or_none(code)
    if measure is None:
        raise Http404("No such measure.")
    period = latest_full_month()
    return render(
        request,
        "kpis/measure_detail.html",
        {
            "measure": measure,
            "period": period,
            "sources": selectors.measure_sources(measure, until=period, months=MONTHS_SHOWN),
        },
    )
