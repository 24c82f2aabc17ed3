"""Assurance reports in the role × URL matrix."""

from tests.matrix import Route, allow

READERS = ("qa_officer", "director", "senior_manager")
WHOLE_SERVICE = "a report covers the whole service: every reader sees the same figures"


def extend(world):
    """A draft quarterly report and a published yearly summary, drafted as of December 2026."""
    if hasattr(world, "quarter_report"):
        return
    import datetime as dt

    from reports.models import AssuranceReport
    from reports.services import report_draft, report_move, report_narrative_save

    qa = world.users.qa_officer
    world.quarter_report, _ = report_draft(
        kind=AssuranceReport.Kind.QUARTER, period_start=dt.date(2026, 7, 1), by=qa
    )
    world.quarter_report.refresh_from_db()
    year, _ = report_draft(kind=AssuranceReport.Kind.YEAR, period_start=dt.date(2025, 4, 1), by=qa)
    report_narrative_save(report=year, narrative="A good year.", by=qa)
    report_move(report=year, action="approve", by=qa)
    report_move(report=year, action="publish", by=qa)
    world.year_report = year


def _quarter(world):
    return {"pk": world.quarter_report.pk}


ROUTES = [
    Route("yearly_summary", kwargs=lambda world: {"year": 2025}, default=200, anonymous=200),
    Route("reports:list", expect=allow(*READERS)),
    Route("reports:create", expect=allow("qa_officer")),
    Route("reports:detail", kwargs=_quarter, expect=allow(*READERS), strangers_may=WHOLE_SERVICE),
    Route("reports:narrative", kwargs=_quarter, expect=allow("qa_officer")),
    Route(
        "reports:regenerate",
        method="post",
        kwargs=_quarter,
        expect=allow("qa_officer", status=302),
    ),
    Route("reports:pdf", kwargs=_quarter, expect=allow(*READERS), strangers_may=WHOLE_SERVICE),
    Route("reports:xlsx", kwargs=_quarter, expect=allow(*READERS), strangers_may=WHOLE_SERVICE),
    Route(
        "reports:move",
        method="post",
        kwargs=lambda world: {"pk": world.quarter_report.pk, "action": "approve"},
        expect=allow("qa_officer", status=302),
    ),
]
