"""QA officers change a KPI's target and its red, amber and green thresholds, with history."""

from django.contrib import messages
from django.shortcuts import redirect, render

from qaf.permissions import role_required

from .. import registry, selectors
from ..forms import TargetForm
from ..services import targets as target_services
from .common import TARGET_ROLES
from .dashboard import _kpi_or_404


@role_required(*TARGET_ROLES)
def targets(request):
    """Every KPI with its target and thresholds now, and who changed them last."""
    current = selectors.targets_by_code()
    rows = [(kpi, current.get(kpi.code)) for kpi in registry.all_kpis()]
    return render(request, "kpis/targets.html", {"rows": rows})


@role_required(*TARGET_ROLES)
def target_edit(request, code: str):
    kpi = _kpi_or_404(code)
    current = selectors.target_of(kpi)
    initial = {
        "target": current.target,
        "green_from": current.green_from,
        "amber_from": current.amber_from,
    }
    form = TargetForm(request.POST or None, initial=initial, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        try:
            target_services.set_target(kpi.code, by=request.user, **form.cleaned_data)
        except target_services.TargetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The target for '{kpi.title}' is changed.")
            return redirect("kpis:targets")
    return render(
        request,
        "kpis/target_edit.html",
        {"kpi": kpi, "form": form, "current": current, "history": selectors.target_history(kpi)},
    )
