"""The three-month follow-up: created once on the right date, checked action by action, and
escalated to the head of service when an action is not done or practice has not improved."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from audits.models import AuditRound, CaseAudit, Grade
from moderation import services
from moderation.errors import ModerationError
from moderation.models import ActionCheck, Escalation, FinalGrade, FollowUpReview
from moderation.services import CheckInput
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import UserFactory

from .conftest import TODAY, moderate

pytestmark = pytest.mark.django_db

FOLLOW_UP_DAY = dt.date(2027, 2, 16)  # three months after Monday 16 November 2026


def test_a_follow_up_is_created_on_the_day_three_months_after_the_final_grade(loop):
    assert loop.final.follow_up_due == FOLLOW_UP_DAY
    assert services.follow_up_reviews_create(today=FOLLOW_UP_DAY - dt.timedelta(days=1)) == []
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    assert review.due_date == FOLLOW_UP_DAY
    assert review.complete_by == dt.date(2027, 3, 2)  # ten working days on
    loop.audit.refresh_from_db()
    assert loop.audit.status == CaseAudit.Status.FOLLOW_UP


def test_creating_follow_ups_again_creates_nothing(loop):
    services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    assert services.follow_up_reviews_create(today=FOLLOW_UP_DAY) == []
    assert services.follow_up_reviews_create(today=FOLLOW_UP_DAY + dt.timedelta(days=40)) == []
    assert FollowUpReview.objects.count() == 1
    assert Notification.objects.filter(subject__startswith="Follow-up review of case").count() == 1


def test_a_late_run_still_creates_the_review_with_its_true_due_date(loop):
    (review,) = services.follow_up_reviews_create(today=dt.date(2027, 3, 10))
    assert review.due_date == FOLLOW_UP_DAY


def test_the_command_creates_the_reviews_that_are_due(loop, capsys):
    call_command("create_follow_up_reviews", "--date", "2027-02-16")
    assert "Created 1 follow-up review." in capsys.readouterr().out
    call_command("create_follow_up_reviews", "--date", "2027-02-16")
    assert "Created 0 follow-up reviews." in capsys.readouterr().out


def test_the_command_prints_the_same_due_date_as_the_follow_up_page(world, loop, client, capsys):
    call_command("create_follow_up_reviews", "--date", "2027-02-16")
    printed = capsys.readouterr().out
    review = FollowUpReview.objects.get()
    client.force_login(world.users.senior_manager)
    page = client.get(reverse("moderation:follow_up", args=[review.pk])).text
    assert "to be done by 2 March 2027" in page
    assert "due by 2 March 2027" in printed
    assert "16 February 2027" not in printed


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (dt.date(2026, 8, 31), dt.date(2026, 11, 30)),  # no 31 November: the last day
        (dt.date(2026, 11, 30), dt.date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
        (dt.date(2026, 9, 25), dt.date(2026, 12, 29)),  # Christmas, then Boxing Day's Monday
        (dt.date(2026, 12, 26), dt.date(2027, 3, 30)),  # Good Friday, a weekend, Easter Monday
    ],
)
def test_the_follow_up_date_is_three_months_on_or_the_next_working_day(decided, due):
    from moderation.timescales import follow_up_due

    assert follow_up_due(decided) == due


def test_an_audit_still_waiting_for_feedback_moves_on_when_its_follow_up_comes(final):
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    audit = CaseAudit.objects.get(pk=final.case_audit_id)
    assert audit.status == CaseAudit.Status.FOLLOW_UP
    reasons = list(audit.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Follow-up review due", "The follow-up came due before feedback was given"]


def test_the_moderator_reviews_if_they_still_lead_the_area(loop, world):
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    assert review.reviewer == world.users.senior_manager


def _review(loop):
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    return review


def test_all_actions_done_and_improved_closes_the_audit(loop, world):
    review = services.follow_up_review_complete(
        review=_review(loop),
        by=world.users.senior_manager,
        checks={loop.action.pk: CheckInput(ActionCheck.Finding.DONE)},
        outcome=FollowUpReview.Outcome.IMPROVED,
        look_back="Visits on time; the plan has dates; the child's words are recorded.",
    )
    assert review.status == FollowUpReview.Status.COMPLETED
    loop.audit.refresh_from_db()
    assert loop.audit.status == CaseAudit.Status.CLOSED
    assert not Escalation.objects.exists()


@pytest.mark.parametrize(
    ("finding", "outcome"),
    [
        (ActionCheck.Finding.NOT_DONE, FollowUpReview.Outcome.IMPROVED),
        (ActionCheck.Finding.PARTLY, FollowUpReview.Outcome.PARTLY),
        (ActionCheck.Finding.DONE, FollowUpReview.Outcome.NOT_IMPROVED),
    ],
)
def test_an_unfinished_action_or_no_improvement_escalates_to_the_head_of_service(
    loop, world, finding, outcome
):
    head = UserFactory(username="head", roles=[Role.SENIOR_MANAGER])
    world.area.head_of_service = head
    world.area.save()
    review = _review(loop)
    with pytest.raises(ModerationError, match="why this goes to the head of service"):
        services.follow_up_review_complete(
            review=review,
            by=world.users.senior_manager,
            checks={loop.action.pk: CheckInput(finding)},
            outcome=outcome,
            look_back="Looked at the last three visits.",
        )
    services.follow_up_review_complete(
        review=review,
        by=world.users.senior_manager,
        checks={loop.action.pk: CheckInput(finding, "Still undated.")},
        outcome=outcome,
        look_back="Looked at the last three visits.",
        escalation_reason="The plan still has no dates after three months.",
    )
    loop.audit.refresh_from_db()
    assert loop.audit.status == CaseAudit.Status.ESCALATED
    escalation = Escalation.objects.get()
    assert escalation.escalated_to == head
    assert escalation.kind == Escalation.Kind.FOLLOW_UP_OUTCOME
    assert escalation.reason == "The plan still has no dates after three months."
    assert Notification.objects.filter(
        recipient=head, subject__startswith="Escalated to you"
    ).exists()


def test_resolving_the_escalation_closes_the_audit(loop, world):
    services.follow_up_review_complete(
        review=_review(loop),
        by=world.users.senior_manager,
        checks={loop.action.pk: CheckInput(ActionCheck.Finding.NOT_DONE)},
        outcome=FollowUpReview.Outcome.NOT_IMPROVED,
        look_back="Nothing has changed.",
        escalation_reason="Nothing has changed.",
    )
    escalation = Escalation.objects.get()
    assert escalation.escalated_to == world.users.senior_manager  # no head of service: seniors
    with pytest.raises(ModerationError, match="Only the person"):
        services.escalation_resolve(
            escalation=escalation, by=world.users.team_manager, response="x"
        )
    services.escalation_resolve(
        escalation=escalation,
        by=world.users.senior_manager,
        response="Weekly supervision until the plan is redone; case re-audited.",
    )
    loop.audit.refresh_from_db()
    assert loop.audit.status == CaseAudit.Status.CLOSED


def test_every_action_needs_a_finding(loop, world):
    with pytest.raises(ModerationError, match="Say whether this action was done"):
        services.follow_up_review_complete(
            review=_review(loop),
            by=world.users.senior_manager,
            checks={},
            outcome=FollowUpReview.Outcome.IMPROVED,
            look_back="Fine.",
        )


def test_only_a_senior_manager_of_the_area_reviews(loop, world):
    with pytest.raises(ModerationError, match="Only a senior manager"):
        services.follow_up_review_complete(
            review=_review(loop),
            by=world.users.team_manager,
            checks={loop.action.pk: CheckInput(ActionCheck.Finding.DONE)},
            outcome=FollowUpReview.Outcome.IMPROVED,
            look_back="Fine.",
        )


def test_only_an_inadequate_case_is_put_forward_for_re_audit(loop, world):
    with pytest.raises(ModerationError, match="Only a case graded inadequate"):
        services.follow_up_review_complete(
            review=_review(loop),
            by=world.users.senior_manager,
            checks={loop.action.pk: CheckInput(ActionCheck.Finding.DONE)},
            outcome=FollowUpReview.Outcome.IMPROVED,
            look_back="Fine.",
            re_audit=True,
        )


def test_an_inadequate_case_put_forward_joins_the_next_round_once(moderation, world):
    from audits.services import sample_month

    moderate(moderation, overall=Grade.INADEQUATE)
    final = FinalGrade.objects.get(case_audit=moderation.case_audit)
    (review,) = services.follow_up_reviews_create(today=final.follow_up_due)
    services.follow_up_review_complete(
        review=review,
        by=world.users.senior_manager,
        checks={},
        outcome=FollowUpReview.Outcome.PARTLY,
        look_back="Better visits, but the plan is still weak.",
        re_audit=True,
    )
    review.refresh_from_db()
    assert review.re_audit_period == dt.date(2026, 12, 1)  # the month after today's review
    assert services.re_audits_schedule(today=TODAY) == []  # December is not sampled yet
    sample_month(period=dt.date(2026, 12, 1))
    (re_audit,) = services.re_audits_schedule(today=TODAY)
    assert re_audit.round == AuditRound.objects.get(period=dt.date(2026, 12, 1))
    assert re_audit.child == world.child
    assert re_audit.team_manager == world.users.team_manager
    assert services.re_audits_schedule(today=TODAY) == []
    review.refresh_from_db()
    assert review.re_audit_case_audit == re_audit


def test_the_escalation_email_leaves_the_reason_in_the_service(
    loop, world, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_review_complete(
            review=_review(loop),
            by=world.users.senior_manager,
            checks={loop.action.pk: CheckInput(ActionCheck.Finding.NOT_DONE)},
            outcome=FollowUpReview.Outcome.NOT_IMPROVED,
            look_back="Nothing has changed.",
            escalation_reason=f"{world.child.display_name}'s plan is still undated.",
        )
    escalated = [m for m in mail.outbox if m.subject.startswith("Escalated to you")]
    assert escalated
    for email in mail.outbox:
        assert world.child.display_name not in f"{email.subject} {email.body}"
