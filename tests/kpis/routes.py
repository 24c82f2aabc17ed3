"""The KPI pages in the role × URL matrix.

Figures are not personal: directors, senior managers and QA officers read every KPI page. The
children behind a figure are: the world's list is team A's, which its manager may open and team
B's manager (``peer_auditor``) may not (404); practitioners and others never (403).
"""

from tests.matrix import Route, allow

READERS = ("senior_manager", "director", "qa_officer")
TEAM_MANAGERS = ("team_manager", "peer_auditor")  # peer_auditor manages team B

CODE = "audit.agreement_rate"


def extend(world):
    """A month of snapshots for the world's teams, so the pages have figures to show, and a
    measure of the Improvement Plan."""
    if hasattr(world, "kpis"):
        return
    from types import SimpleNamespace

    from tests.casework.factories import ImportRunFactory
    from tests.kpis.builders import improvement_measure, snapshots_for

    period = snapshots_for(world)
    world.kpis = SimpleNamespace(
        period=period,
        measure=improvement_measure(),
        ssda903=ImportRunFactory(source="ssda903", file_name="ssda903-2026.zip"),
    )


def _children_query(world):
    return {"scope": f"team:{world.team_a.pk}", "period": f"{world.kpis.period:%Y-%m}"}


ROUTES = [
    Route("kpis:dashboard", expect=allow(*READERS)),
    Route("kpis:dashboard_download", expect=allow(*READERS)),
    Route("kpis:team", expect=allow(*TEAM_MANAGERS)),
    Route("kpis:me", expect=allow("practitioner")),
    Route("kpis:measures", expect=allow(*READERS)),
    Route(
        "kpis:measure_detail",
        kwargs=lambda world: {"code": world.kpis.measure.code},
        expect=allow(*READERS),
    ),
    Route("kpis:targets", expect=allow("qa_officer")),
    Route("kpis:target_edit", kwargs=lambda world: {"code": CODE}, expect=allow("qa_officer")),
    Route("kpis:kpi_detail", kwargs=lambda world: {"code": CODE}, expect=allow(*READERS)),
    Route(
        "kpis:kpi_detail_download",
        kwargs=lambda world: {"code": CODE},
        data=lambda world: {"format": "xlsx"},
        expect=allow(*READERS),
        strangers_may="one KPI's figures for every area and team, as on its page",
    ),
    Route(
        "kpis:kpi_children",
        kwargs=lambda world: {"code": CODE},
        data=_children_query,
        expect=allow(*READERS, "team_manager") | {"peer_auditor": 404},
    ),
    # A return's cross-check names children: QA officers and directors, who see every child.
    Route(
        "kpis:return_cross_check",
        kwargs=lambda world: {"pk": world.kpis.ssda903.pk},
        expect=allow("director", "qa_officer"),
    ),
]
