"""The KPI pages: thin views over the registry's snapshots (see ``kpis.selectors``)."""

from .dashboard import dashboard, kpi_children, kpi_detail
from .measures import measure_detail, measures
from .people import me, team
from .returns import return_cross_check
from .targets import target_edit, targets

__all__ = [
    "dashboard",
    "kpi_children",
    "kpi_detail",
    "me",
    "measure_detail",
    "measures",
    "return_cross_check",
    "target_edit",
    "targets",
    "team",
]
