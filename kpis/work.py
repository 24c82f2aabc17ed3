"""The KPI pages in the menu, the director's landing page, and measures off target in My work."""

from django.urls import reverse

from qaf import navigation, work
from qaf.roles import Role


def _holds(*roles):
    return lambda user: any(user.has_role(role) for role in roles)


def register() -> None:
    navigation.register(
        navigation.NavLink(
            "KPIs",
            "kpis:dashboard",
            _holds(Role.DIRECTOR, Role.SENIOR_MANAGER, Role.QA_OFFICER),
            order=10,
        )
    )
    navigation.register(
        navigation.NavLink("Team figures", "kpis:team", _holds(Role.TEAM_MANAGER), order=11)
    )
    navigation.register(
        navigation.NavLink("Your audits", "kpis:me", _holds(Role.PRACTITIONER), order=12)
    )
    work.register(measures_off_target, reads=("kpis.KpiSnapshot", "kpis.KpiTarget"))
    work.register_landing(Role.DIRECTOR, "kpis:dashboard")


def measures_off_target(user) -> list[work.WorkSection]:
    """For a director: the whole service's measures that are off target last month."""
    if not user.has_role(Role.DIRECTOR):
        return []
    from . import selectors
    from .scopes import Scope
    from .views.common import latest_full_month

    period = latest_full_month()
    tiles = [tile for tile in selectors.dashboard(Scope.service(), period) if tile.rag == "red"]
    items = [
        work.WorkItem(
            title=f"{tile.kpi.title}: {_value(tile)}",
            url=reverse("kpis:kpi_detail", args=[tile.kpi.code]) + f"?period={period:%Y-%m}",
            status="Off target",
        )
        for tile in tiles
    ]
    return [
        work.WorkSection(
            role=Role.DIRECTOR,
            title=f"Measures off target in {period:%B %Y}",
            items=items,
            empty_text=f"Every measure with a target was on or close to it in {period:%B %Y}.",
            more_url=reverse("kpis:dashboard"),
        )
    ]


def _value(tile) -> str:
    from .charts import format_value

    text = format_value(tile.value, tile.kpi.unit)
    if tile.target is not None:
        text += f" (target {format_value(tile.target, tile.kpi.unit)})"
    return text
