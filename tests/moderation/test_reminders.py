"""The daily job: reminders and escalations for overdue gradings, moderations, feedback, actions
and follow-ups. Each fires exactly once, is visible in the app, and names no child by email."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from audits.models import CaseAudit
from moderation import services
from moderation.models import Escalation
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def days(start: dt.date, count: int):
    return [start + dt.timedelta(days=n) for n in range(count)]


def run_daily(dates) -> None:
    for day in dates:
        services.daily_reminders_send(today=day)


@pytest.fixture
def head(world):
    head = UserFactory(username="head", roles=[Role.SENIOR_MANAGER])
    world.area.head_of_service = head
    world.area.save()
    return head


def subjects(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_a_moderation_is_reminded_before_it_is_due_then_once_overdue(moderation, world):
    senior = world.users.senior_manager
    assert moderation.due_date == dt.date(2026, 11, 30)
    run_daily(days(dt.date(2026, 11, 25), 3))  # Wed to Fri: due within two working days
    assert subjects(senior).count("The moderation of case C0000001 is due on 30 November 2026") == 1
    run_daily(days(dt.date(2026, 12, 1), 4))
    assert subjects(senior).count("The moderation of case C0000001 is overdue") == 1


def test_an_overdue_moderation_escalates_exactly_once(moderation, head):
    # Due Monday 30 November; five working days overdue on Monday 7 December.
    run_daily(days(dt.date(2026, 12, 1), 6))
    assert not Escalation.objects.exists()
    run_daily(days(dt.date(2026, 12, 7), 30))
    escalation = Escalation.objects.get()
    assert escalation.key == f"moderation-overdue:{moderation.pk}"
    assert escalation.escalated_to == head
    assert escalation.raised_by is None
    assert subjects(head) == ["Escalated to you: moderation overdue in the audit of case C0000001"]


def test_an_overdue_action_is_reminded_then_escalated_once(loop, head):
    owner = loop.action.owner
    assert loop.action.due_date == dt.date(2026, 12, 18)
    run_daily(days(dt.date(2026, 12, 16), 40))
    assert (
        subjects(owner).count(
            "Your action from the audit of case C0000001 is due on 18 December 2026"
        )
        == 1
    )
    assert subjects(owner).count("Your action from the audit of case C0000001 is overdue") == 1
    (escalation,) = Escalation.objects.filter(kind=Escalation.Kind.ACTION_OVERDUE)
    assert escalation.action == loop.action
    assert (
        subjects(head).count("Escalated to you: action overdue in the audit of case C0000001") == 1
    )


def test_the_action_escalation_counts_working_days_over_christmas(loop, head):
    # Due Friday 18 December; 25 and 28 December are bank holidays (Boxing Day observed), so
    # the fifth working day overdue is Tuesday 29 December.
    run_daily(days(dt.date(2026, 12, 19), 10))  # up to Monday 28 December
    assert not Escalation.objects.filter(kind=Escalation.Kind.ACTION_OVERDUE).exists()
    run_daily([dt.date(2026, 12, 29)])
    assert Escalation.objects.filter(kind=Escalation.Kind.ACTION_OVERDUE).exists()


def test_an_action_done_in_time_is_never_escalated(loop, world, head):
    services.action_complete(
        action=loop.action, by=loop.action.owner, evidence="Plan dated on 1 December."
    )
    run_daily(days(dt.date(2026, 12, 16), 40))
    assert not Escalation.objects.filter(kind=Escalation.Kind.ACTION_OVERDUE).exists()


def test_an_overdue_follow_up_review_is_reminded_and_escalated_once(loop, head, world):
    (review,) = services.follow_up_reviews_create(today=dt.date(2027, 2, 16))
    run_daily(days(dt.date(2027, 3, 3), 20))
    assert (
        subjects(world.users.senior_manager).count(
            "The follow-up review of case C0000001 is overdue"
        )
        == 1
    )
    assert Escalation.objects.filter(key=f"follow-up-overdue:{review.pk}").count() == 1


def test_feedback_not_given_in_time_is_reminded_once(final, world):
    run_daily(days(dt.date(2026, 12, 1), 10))
    assert (
        subjects(world.users.team_manager).count(
            "Actions and feedback for case C0000001 are overdue"
        )
        == 1
    )


def test_a_long_overdue_grading_escalates_once(case_audit, head):
    # October's gradings were due on Friday 30 October 2026.
    run_daily(days(dt.date(2026, 11, 2), 20))
    (escalation,) = Escalation.objects.filter(kind=Escalation.Kind.GRADING_OVERDUE)
    assert escalation.reason == (
        "The team manager's and the peer auditor's gradings of case C0000001 are overdue. "
        "They were due on 30 October 2026."
    )


def test_the_daily_job_routes_an_audit_whose_routing_was_missed(case_audit):
    from .conftest import grade_both

    grade_both(case_audit, manager="good", peer="inadequate")
    assert case_audit.status == CaseAudit.Status.BOTH_GRADED
    result = services.daily_reminders_send(today=dt.date(2026, 11, 16))
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.IN_MODERATION
    assert result.routed == 1


def test_every_email_is_a_copy_of_an_in_app_message_without_the_child_s_name(
    loop, head, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        run_daily(days(dt.date(2026, 12, 16), 40))
    created = Notification.objects.count() - before
    assert created > 0
    assert len(mail.outbox) == created
    in_app = set(Notification.objects.values_list("subject", flat=True))
    for email in mail.outbox:
        assert email.subject in in_app
        assert world.child.display_name not in f"{email.subject} {email.body}"


def test_the_command_runs_the_daily_job(moderation, capsys):
    call_command("send_daily_reminders", "--date", "2026-12-01")
    out = capsys.readouterr().out
    assert out.startswith("1 reminder sent, 0 escalations raised")
    call_command("send_daily_reminders", "--date", "2026-12-01")
    assert capsys.readouterr().out.startswith("0 reminders sent")
