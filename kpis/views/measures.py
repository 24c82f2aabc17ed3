"""Improvement Plan measures: each with its KPIs, audit, survey and conversation questions side
by side over time."""

from django.http import Http404
from django.shortcuts import render

from qaf.permissions import role_required

from .. import selectors
from .common import DASHBOARD_ROLES, MONTHS_SHOWN, latest_full_month

SOURCE_HEADINGS = {
    "kpi": "KPIs",
    "audit question": "Audit questions",
    "survey question": "Survey questions",
    "conversation question": "Questions in the peer auditor's conversations",
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
    # The table's columns: each source's figure, and beside a conversation question's "Yes"
    # the share who answered "Partly".
    columns = []
    for source in sources:
        columns.append({"source": source, "label": "", "series": source.series})
        if source.partly is not None:
            columns[-1]["label"] = "answered yes"
            columns.append({"source": source, "label": "answered partly", "series": source.partly})
    periods = [point.period for point in sources[0].series] if sources else []
    rows = [
        {
            "period": month,
            "cells": [(column["series"][index].value, column["source"].unit) for column in columns],
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
            "columns": columns,
            "groups": list(groups.items()),
            "rows": rows,
        },
    )
