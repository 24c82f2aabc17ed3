"""The cross-check of a statutory return against the case data, for its collection year."""

from django.shortcuts import get_object_or_404, render

from casework import selectors as casework_selectors
from casework.services import child_access_record_many
from qaf.permissions import role_required
from qaf.roles import Role

from ..cross_checks import collection_year, cross_check

# Children named per KPI and side: enough to start finding out why; the rest are counted.
CHILDREN_SHOWN = 50


@role_required(Role.QA_OFFICER, Role.DIRECTOR)
def return_cross_check(request, pk: int):
    run = get_object_or_404(casework_selectors.returns_visible_to(request.user), pk=pk)
    rows = cross_check(run)
    named = set()
    for row in rows:
        named.update(row.only_in_return[:CHILDREN_SHOWN])
        named.update(row.only_in_case_data[:CHILDREN_SHOWN])
    if named:
        child_access_record_many(
            user=request.user,
            children=casework_selectors.children_by_child_id(named),
            context=f"cross-check of {run.get_source_display()} {run.as_at.year}"[:120],
        )
    first, last = collection_year(run.as_at.year)
    return render(
        request,
        "kpis/return_cross_check.html",
        {
            "run": run,
            "rows": rows,
            "first": first,
            "last": last,
            "children_shown": CHILDREN_SHOWN,
        },
    )
