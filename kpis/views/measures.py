"""Improvement Plan measures: each with its KPIs, audit questions and survey questions side by
side over time."""

from django.http import Http404
from django.shortcuts import render

from qaf.permissions import role_required

from .. import selectors
from .common import DASHBOARD_ROLES, MONTHS_SHOWN, latest_full_month

SOURCE_HEADINGS = {
    "kpi": "KPIs",
    "audit question": "Audit questions",
    "survey question": "Survey questions",
}


@role_required(*DASHBOARD_ROLES)
def measures(request):
    return render(request, "kpis/measures.html", {"measures": selectors.measures_list()})


@role_required(*DASHBOARD_ROLES)
def measure_detail(request, code: str):
    measure = selectors.measure_or_none(code)
    if measure is None:
        raise Http404("No such measure.")
    period = latest_full_month()
    sources = selectors.measure_sources(measure, until=period, months=MONTHS_SHOWN)
    groups: dict[str, list] = {}
    for number, source in enumerate(sources, 1):
        source.anchor = f"{number}"
        groups.setdefault(SOURCE_HEADINGS.get(source.kind, source.kind.capitalize()), []).append(
            source
        )
    periods = [point.period for point in sources[0].series] if sources else []
    rows = [
        {
            "period": month,
            "cells": [(source.series[index].value, source.unit) for source in sources],
        }
        for index, month in enumerate(periods)
    ]
    return render(
        request,
        "kpis/measure_detail.html",
        {
            "measure": measure,
            "period": period,
            "months": MONTHS_SHOWN,
            "sources": sources,
            "groups": list(groups.items()),
            "rows": rows,
        },
    )
