import datetime as dt

import pytest

from audits.models import AuditRound, CaseAudit
from feedback.models import ComplaintOrCompliment
from moderation.models import FinalGrade
from reports.models import AssuranceReport
from reports.services import report_draft, report_move, report_narrative_save
from tests import factories

QUARTER = dt.date(2026, 7, 1)  # July to September 2026
YEAR = dt.date(2025, 4, 1)  # April 2025 to March 2026

# (round month, decided on, grade) for each hand-made audit.
JULY_TO_SEPTEMBER = [
    *[(dt.date(2026, 7, 1), dt.date(2026, 7, 28), "good")] * 5,
    *[(dt.date(2026, 7, 1), dt.date(2026, 8, 12), "requires_improvement")] * 3,
    *[(dt.date(2026, 8, 1), dt.date(2026, 8, 27), "inadequate")] * 2,
    *[(dt.date(2026, 9, 1), dt.date(2026, 9, 24), "outstanding")] * 2,
]
APRIL_TO_JUNE = [(dt.date(2026, 4, 1), dt.date(2026, 4, 29), "inadequate")] * 4


def _round(period: dt.date) -> AuditRound:
    return AuditRound.objects.get_or_create(
        period=period, defaults={"seed": 1, "due_date": period + dt.timedelta(days=27)}
    )[0]


def make_audits(world, rows, *, agreed: int = 0) -> list[CaseAudit]:
    """One closed audit per row with its final grade; the first ``agreed`` agreed by both."""
    audits = []
    for number, (period, decided_on, grade) in enumerate(rows):
        audit = CaseAudit.objects.create(
            round=_round(period),
            child=factories.ChildFactory(),
            case_kind="cin",
            team=world.team_a,
            status=CaseAudit.Status.CLOSED,
            due_date=period + dt.timedelta(days=27),
        )
        FinalGrade.objects.create(
            case_audit=audit,
            overall_grade=grade,
            route=FinalGrade.Route.AGREED if number < agreed else FinalGrade.Route.MODERATED,
            decided_on=decided_on,
            follow_up_due=decided_on + dt.timedelta(days=91),
            feedback_due=decided_on + dt.timedelta(days=14),
        )
        audits.append(audit)
    return audits


def make_register(world, *, complaints: int, compliments: int, on: dt.date) -> None:
    Item = ComplaintOrCompliment
    for kind, count in ((Item.Kind.COMPLAINT, complaints), (Item.Kind.COMPLIMENT, compliments)):
        for _ in range(count):
            Item.objects.create(
                kind=kind,
                received_on=on,
                team=world.team_a,
                category=Item.Category.COMMUNICATION,
                stage=Item.Stage.STAGE_1 if kind == Item.Kind.COMPLAINT else "",
                summary="About phone calls.",
                recorded_by=world.users.qa_officer,
            )


@pytest.fixture
def quarter_data(world):
    """July to September 2026: twelve audits graded, eleven complaints and three compliments;
    April to June: four audits graded inadequate."""
    make_audits(world, JULY_TO_SEPTEMBER, agreed=9)
    make_audits(world, APRIL_TO_JUNE)
    make_register(world, complaints=11, compliments=3, on=dt.date(2026, 8, 3))
    return world


@pytest.fixture
def quarter_report(quarter_data):
    report, _ = report_draft(
        kind=AssuranceReport.Kind.QUARTER, period_start=QUARTER, by=quarter_data.users.qa_officer
    )
    return report


def publish(report, by) -> AssuranceReport:
    report_narrative_save(report=report, narrative="What the year showed.", by=by)
    report_move(report=report, action="approve", by=by)
    return report_move(report=report, action="publish", by=by)
