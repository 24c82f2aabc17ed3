"""Multi-agency audits in the role × URL matrix.

The world's partner auditor answers police's section of an audit that is with the agencies; the
business manager chairs it. Partner auditors get 404 wherever their role or audits do not reach.
"""

from tests.matrix import Route

MANAGERS = {"business_manager": 200, "qa_officer": 200}
READERS = {**MANAGERS, "director": 200, "partner": 200}


def _redirect(roles: dict) -> dict:
    return dict.fromkeys(roles, 302)


def extend(world):
    if hasattr(world, "ma_audit"):
        return
    from tests.partnership.scene import partnership_scene

    partnership_scene(world)


def _audit(world):
    return {"pk": world.ma_audit.pk}


def _case(world):
    return {"pk": world.ma_audit.pk, "case_pk": world.ma_case.pk}


def _section(world):
    return {"pk": world.ma_section.pk}


ROUTES = [
    Route("partnership:home", expect=READERS),
    Route("partnership:agencies", expect=MANAGERS, default=403),
    Route(
        "partnership:agency",
        kwargs=lambda world: {"pk": world.ma_police.pk},
        expect=MANAGERS,
        strangers_may="every partner agency is open to the partnership's managers",
    ),
    Route(
        "partnership:auditor_invite",
        method="post",
        kwargs=lambda world: {"pk": world.ma_health_auditor.pk},
        expect=_redirect(MANAGERS),
        strangers_may="the partnership's managers invite any agency's auditor",
    ),
    Route("partnership:audit_create", expect=MANAGERS),
    Route("partnership:audit", kwargs=_audit, expect=READERS),
    Route("partnership:case_add", kwargs=_audit, expect=MANAGERS),
    Route("partnership:case_pick", kwargs=_audit, expect=MANAGERS),
    Route("partnership:agency_add", kwargs=_audit, expect=MANAGERS),
    Route("partnership:audit_open", method="post", kwargs=_audit, expect=_redirect(MANAGERS)),
    Route(
        "partnership:audit_finish",
        method="post",
        kwargs=_audit,
        expect={**_redirect(MANAGERS), "partner": 302},
    ),
    Route("partnership:case", kwargs=_case, expect=READERS),
    Route("partnership:finding_create", kwargs=_audit, expect={**MANAGERS, "partner": 200}),
    Route("partnership:action_create", kwargs=_audit, expect={**MANAGERS, "partner": 200}),
    # Blind until every section is in: the partner auditor has no report yet.
    Route(
        "partnership:audit_report",
        kwargs=_audit,
        expect={**MANAGERS, "director": 200, "partner": 404},
    ),
    Route("partnership:section", kwargs=_section, expect=READERS),
    Route(
        "partnership:section_answer",
        kwargs=lambda world: {"pk": world.ma_section.pk, "case_pk": world.ma_case.pk},
        expect={"partner": 200},
    ),
    Route(
        "partnership:section_submit",
        method="post",
        kwargs=_section,
        expect={"partner": 302},
    ),
    Route(
        "partnership:section_withdraw",
        method="post",
        kwargs=_section,
        expect=_redirect(MANAGERS),
    ),
    Route(
        "partnership:action_complete",
        kwargs=lambda world: {"pk": world.ma_action.pk},
        expect=READERS,
    ),
    Route("partnership:follow_ups", expect=MANAGERS),
    Route(
        "partnership:follow_up", kwargs=lambda world: {"pk": world.ma_follow_up.pk}, expect=MANAGERS
    ),
    Route("partnership:quarter_report", expect={**MANAGERS, "director": 200}),
]
