"""Every state × every target state, for each of the loop's state machines: allowed moves
succeed and write a history row; every other move is refused with a readable message."""

import datetime as dt

import pytest

from audits.errors import AuditError
from audits.models import CaseAudit, Grading
from audits.services import TRANSITIONS, case_audit_transition
from moderation.errors import ModerationError
from moderation.models import (
    Action,
    Escalation,
    FollowUpReview,
    Moderation,
    PractitionerFeedback,
)
from moderation.services import MACHINES, state_transition

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _build(model, status, case_audit, world):
    users = world.users
    if model is Moderation:
        return Moderation.objects.create(
            case_audit=case_audit,
            moderator=users.senior_manager,
            status=status,
            reasons="The overall grades differ.",
            routed_on=TODAY,
            due_date=TODAY,
        )
    if model is Action:
        return Action.objects.create(
            case_audit=case_audit,
            description="Date the plan.",
            owner=users.practitioner,
            due_date=TODAY,
            status=status,
            created_by=users.team_manager,
        )
    if model is PractitionerFeedback:
        return PractitionerFeedback.objects.create(
            case_audit=case_audit,
            social_worker=users.practitioner,
            written_by=users.team_manager,
            going_well="Visits on time.",
            to_improve="The child's words.",
            status=status,
            sent_at=dt.datetime(2026, 11, 16, tzinfo=dt.UTC),
        )
    if model is FollowUpReview:
        return FollowUpReview.objects.create(
            case_audit=case_audit, status=status, due_date=TODAY, complete_by=TODAY
        )
    return Escalation.objects.create(
        key="test",
        kind=Escalation.Kind.ACTION_OVERDUE,
        case_audit=case_audit,
        reason="Late.",
        status=status,
    )


PAIRS = [
    pytest.param(
        model,
        current,
        target,
        target in machine[current],
        id=f"{model.__name__}:{current}->{target}",
    )
    for model, machine in MACHINES.items()
    for current in machine
    for target in machine
]


@pytest.mark.parametrize(("model", "current", "target", "allowed"), PAIRS)
def test_each_move_of_each_machine_is_allowed_only_if_listed(
    case_audit, world, model, current, target, allowed
):
    record = _build(model, current, case_audit, world)
    history_before = record.history.count()
    if allowed:
        state_transition(record, to=target, by=world.users.qa_officer, reason="Test move")
        record.refresh_from_db()
        assert record.status == target
        latest = record.history.first()
        assert record.history.count() == history_before + 1
        assert latest.history_change_reason == "Test move"
        assert latest.history_user == world.users.qa_officer
    else:
        with pytest.raises(ModerationError, match="cannot become"):
            state_transition(record, to=target)
        record.refresh_from_db()
        assert record.status == current
        assert record.history.count() == history_before


def test_every_state_of_each_machine_is_in_its_table():
    for model, machine in MACHINES.items():
        assert set(machine) == set(model.Status.values), model.__name__


def test_an_unknown_state_is_refused(case_audit, world):
    action = _build(Action, Action.Status.OPEN, case_audit, world)
    with pytest.raises(ModerationError, match="not a state"):
        state_transition(action, to="finished")


CASE_AUDIT_PAIRS = [
    pytest.param(current, target, target in TRANSITIONS[current], id=f"{current}->{target}")
    for current in CaseAudit.Status.values
    for target in CaseAudit.Status.values
]


@pytest.mark.parametrize(("current", "target", "allowed"), CASE_AUDIT_PAIRS)
def test_each_move_of_the_case_audit_is_allowed_only_if_listed(
    case_audit, current, target, allowed
):
    """The loop moves the case audit only through the audits app's guard, along its table."""
    CaseAudit.objects.filter(pk=case_audit.pk).update(status=current)
    case_audit.refresh_from_db()
    if allowed and target == CaseAudit.Status.BOTH_GRADED:
        # Moving to "both graded" also needs both gradings submitted.
        from .conftest import submit

        CaseAudit.objects.filter(pk=case_audit.pk).update(status=CaseAudit.Status.SAMPLED)
        submit(case_audit, case_audit.team_manager)
        submit(case_audit, case_audit.peer_auditor)
        case_audit.refresh_from_db()
        assert case_audit.status == target
        assert Grading.objects.filter(case_audit=case_audit).count() == 2
        return
    if allowed:
        case_audit_transition(case_audit=case_audit, to=target)
        case_audit.refresh_from_db()
        assert case_audit.status == target
    else:
        with pytest.raises(AuditError):
            case_audit_transition(case_audit=case_audit, to=target)
        case_audit.refresh_from_db()
        assert case_audit.status == current
