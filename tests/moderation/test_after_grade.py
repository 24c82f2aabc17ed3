"""After the final grade: actions with owners and due dates, and personal feedback to the social
worker, who acknowledges it; compliments are passed on."""

import datetime as dt

import pytest
from django.core import mail

from audits.models import CaseAudit, Grade
from moderation import services
from moderation.errors import ModerationError
from moderation.models import Action, PractitionerFeedback
from qaf.models import Notification

from .conftest import TODAY, grade_both

pytestmark = pytest.mark.django_db


def test_an_action_is_agreed_and_its_owner_told(final, world):
    action = services.action_add(
        case_audit=final.case_audit,
        by=world.users.team_manager,
        description="Date every action in the plan.",
        owner=world.users.practitioner,
        due_date=dt.date(2026, 12, 18),
    )
    assert action.status == Action.Status.OPEN
    message = Notification.objects.get(recipient=world.users.practitioner)
    assert message.subject == "An action from the audit of case C0000001 is yours"
    assert "18 December 2026" in message.body


@pytest.mark.parametrize(
    ("due", "error"),
    [
        (dt.date(2026, 11, 13), "today or later"),
        (dt.date(2027, 2, 17), "must be due by 16 February 2027"),
    ],
)
def test_an_action_is_due_between_today_and_the_follow_up(final, world, due, error):
    with pytest.raises(ModerationError, match=error):
        services.action_add(
            case_audit=final.case_audit,
            by=world.users.team_manager,
            description="Date the plan.",
            owner=world.users.practitioner,
            due_date=due,
        )


def test_only_a_manager_of_the_loop_sets_actions(final, world):
    with pytest.raises(ModerationError, match="Only the case's team manager"):
        services.action_add(
            case_audit=final.case_audit,
            by=world.users.peer_auditor,
            description="Date the plan.",
            owner=world.users.practitioner,
            due_date=dt.date(2026, 12, 1),
        )


def test_the_owner_marks_an_action_done_with_evidence_and_a_manager_can_reopen_it(loop, world):
    with pytest.raises(ModerationError, match="evidence"):
        services.action_complete(action=loop.action, by=world.users.practitioner, evidence="")
    done = services.action_complete(
        action=loop.action, by=world.users.practitioner, evidence="Plan of 20 Nov has dates."
    )
    assert (done.status, done.completed_on) == (Action.Status.DONE, TODAY)
    with pytest.raises(ModerationError):
        services.action_reopen(action=loop.action, by=world.users.practitioner, reason="No.")
    reopened = services.action_reopen(
        action=loop.action, by=world.users.team_manager, reason="Two actions still undated."
    )
    assert (reopened.status, reopened.completed_on) == (Action.Status.OPEN, None)
    cancelled = services.action_cancel(
        action=loop.action, by=world.users.team_manager, reason="The case has closed."
    )
    assert cancelled.status == Action.Status.CANCELLED


def test_feedback_moves_the_audit_on_and_passes_compliments_on(loop, world):
    assert loop.audit.status == CaseAudit.Status.ACTIONS_AND_FEEDBACK
    worker_subjects = set(
        Notification.objects.filter(recipient=world.users.practitioner).values_list(
            "subject", flat=True
        )
    )
    assert "Feedback on your work from the audit of case C0000001" in worker_subjects
    assert "A compliment from the audit of case C0000001" in worker_subjects
    # The team manager wrote it, so no other manager of team A is told twice; add one.
    assert loop.feedback.status == PractitionerFeedback.Status.SENT


def test_compliments_reach_the_other_managers_of_the_team(final, world):
    from casework.models import TeamMembership
    from qaf.roles import Role
    from tests.factories import TeamMembershipFactory, UserFactory

    deputy = UserFactory(username="deputy", roles=[Role.TEAM_MANAGER])
    TeamMembershipFactory(user=deputy, team=world.team_a, role=TeamMembership.Role.MANAGER)
    services.practitioner_feedback_send(
        case_audit=final.case_audit,
        by=world.users.senior_manager,
        going_well="Good.",
        to_improve="Words.",
        compliments="The school said you are the best worker they have had.",
    )
    subjects = set(Notification.objects.filter(recipient=deputy).values_list("subject", flat=True))
    assert any(s.startswith("A compliment for") for s in subjects)


def test_feedback_is_given_once(loop, world):
    with pytest.raises(ModerationError, match="already been given"):
        services.practitioner_feedback_send(
            case_audit=loop.audit, by=world.users.team_manager, going_well="x", to_improve="y"
        )


def test_the_social_worker_acknowledges_their_feedback_with_a_reflection(loop, world):
    with pytest.raises(ModerationError, match="Only the social worker"):
        services.practitioner_feedback_acknowledge(
            feedback=loop.feedback, by=world.users.team_manager
        )
    acknowledged = services.practitioner_feedback_acknowledge(
        feedback=loop.feedback, by=world.users.practitioner, reflection="I will use his words."
    )
    assert acknowledged.status == PractitionerFeedback.Status.ACKNOWLEDGED
    assert acknowledged.reflection == "I will use his words."
    assert Notification.objects.filter(
        recipient=world.users.team_manager, subject__contains="has read their feedback"
    ).exists()


def test_an_agreed_audit_goes_on_to_actions_and_feedback_too(case_audit, world):
    grade_both(case_audit, manager=Grade.GOOD, peer=Grade.GOOD)
    services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    services.practitioner_feedback_send(
        case_audit=case_audit, by=world.users.team_manager, going_well="x", to_improve="y"
    )
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.ACTIONS_AND_FEEDBACK


def test_a_case_with_no_social_worker_goes_on_without_feedback(final, world):
    audit = final.case_audit
    CaseAudit.objects.filter(pk=audit.pk).update(social_worker=None)
    audit.refresh_from_db()
    with pytest.raises(ModerationError, match="no allocated social worker"):
        services.practitioner_feedback_send(
            case_audit=audit, by=world.users.team_manager, going_well="x", to_improve="y"
        )
    services.loop_without_feedback(case_audit=audit, by=world.users.team_manager)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.ACTIONS_AND_FEEDBACK


def test_feedback_emails_name_the_case_but_never_the_child(
    final, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.practitioner_feedback_send(
            case_audit=final.case_audit,
            by=world.users.team_manager,
            going_well=f"{world.child.display_name} trusts you.",
            to_improve="Words.",
            compliments=f"{world.child.display_name}'s carer says thank you.",
        )
    assert mail.outbox
    for email in mail.outbox:
        assert world.child.display_name not in f"{email.subject} {email.body}"
