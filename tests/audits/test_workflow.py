"""Every state of a case audit × every state it might move to: allowed or refused, and why."""

import itertools

import pytest

from audits.errors import AuditError
from audits.models import AuditTemplate, CaseAudit
from audits.services import (
    audit_template_draft_create,
    audit_template_publish,
    case_audit_transition,
)
from qaf import workflow

from .conftest import submit_all

pytestmark = pytest.mark.django_db

Status = CaseAudit.Status

ALLOWED = {
    (Status.SAMPLED, Status.IN_PROGRESS),
    (Status.IN_PROGRESS, Status.BOTH_GRADED),
    (Status.BOTH_GRADED, Status.AGREED),
    (Status.BOTH_GRADED, Status.IN_MODERATION),
    (Status.AGREED, Status.ACTIONS_AND_FEEDBACK),
    (Status.IN_MODERATION, Status.MODERATED),
    (Status.MODERATED, Status.ACTIONS_AND_FEEDBACK),
    (Status.ACTIONS_AND_FEEDBACK, Status.FOLLOW_UP),
    (Status.FOLLOW_UP, Status.CLOSED),
    (Status.FOLLOW_UP, Status.ESCALATED),
    (Status.ESCALATED, Status.CLOSED),
}


def _moves(model) -> set[tuple[str, str]]:
    machine = workflow.machine_for(model)
    return {(source, a.target) for a in machine.actions for source in a.sources}


def test_the_table_of_transitions_is_the_loop_of_the_design():
    assert _moves(CaseAudit) == ALLOWED


@pytest.fixture
def graded_audit(case_audit, world):
    """Both gradings submitted (so moving to 'both graded' is possible), then set back to a
    starting state directly: the test places the audit in each state in turn."""
    submit_all(case_audit, world.users.team_manager)
    submit_all(case_audit, world.users.peer_auditor)
    return case_audit


@pytest.mark.parametrize(
    ("current", "target"), list(itertools.product(Status.values, Status.values))
)
def test_a_case_audit_moves_only_along_the_loop(graded_audit, world, current, target):
    CaseAudit.objects.filter(pk=graded_audit.pk).update(status=current)
    graded_audit.refresh_from_db()
    history_before = graded_audit.history.count()
    if (current, target) in ALLOWED:
        # The team manager may start grading; every later move follows another action.
        moved = case_audit_transition(
            case_audit=graded_audit, to=target, by=world.users.team_manager, reason="Test"
        )
        assert moved.status == target
        graded_audit.refresh_from_db()
        assert graded_audit.status == target
        latest = graded_audit.history.first()
        assert (latest.history_user, latest.history_change_reason) == (
            world.users.team_manager,
            "Test",
        )
    else:
        with pytest.raises(AuditError, match="cannot become"):
            case_audit_transition(case_audit=graded_audit, to=target, by=world.users.qa_officer)
        graded_audit.refresh_from_db()
        assert graded_audit.status == current
        assert graded_audit.history.count() == history_before


def test_an_audit_cannot_be_both_graded_until_both_gradings_are_submitted(case_audit, world):
    submit_all(case_audit, world.users.team_manager)
    case_audit.refresh_from_db()
    assert case_audit.status == Status.IN_PROGRESS
    with pytest.raises(AuditError, match="must submit first"):
        case_audit_transition(case_audit=case_audit, to=Status.BOTH_GRADED)


def test_an_unknown_state_is_refused(case_audit):
    with pytest.raises(AuditError, match="not a state"):
        case_audit_transition(case_audit=case_audit, to="lost")


TemplateStatus = AuditTemplate.Status
TEMPLATE_ALLOWED = {
    (TemplateStatus.DRAFT, TemplateStatus.PUBLISHED),
    (TemplateStatus.PUBLISHED, TemplateStatus.RETIRED),
}


def test_the_template_transitions_are_draft_then_published_then_retired():
    assert _moves(AuditTemplate) == TEMPLATE_ALLOWED


@pytest.mark.parametrize("current", TemplateStatus.values)
def test_only_a_draft_template_can_be_published(template, world, current):
    qa = world.users.qa_officer
    if current == TemplateStatus.PUBLISHED:
        version = template
    else:
        version = audit_template_draft_create(by=qa)
        AuditTemplate.objects.filter(pk=version.pk).update(status=current)
        version.refresh_from_db()
    if current == TemplateStatus.DRAFT:
        assert audit_template_publish(template=version, by=qa).status == TemplateStatus.PUBLISHED
        template.refresh_from_db()
        assert template.status == TemplateStatus.RETIRED
    else:
        with pytest.raises(AuditError, match="cannot become published"):
            audit_template_publish(template=version, by=qa)
