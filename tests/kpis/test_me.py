"""A practitioner's own audits over time: final grades, feedback and the follow-up's outcome."""

import datetime as dt

import pytest
from django.urls import reverse

from casework.models import ChildAccessLog
from moderation import services
from moderation.models import ActionCheck, FollowUpReview
from moderation.services import CheckInput
from qaf.roles import Role
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]

FOLLOW_UP_DAY = dt.date(2027, 2, 16)


def _complete_follow_up(loop, world, outcome=FollowUpReview.Outcome.IMPROVED):
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    return services.follow_up_review_complete(
        review=review,
        by=world.users.senior_manager,
        checks={loop.action.pk: CheckInput(ActionCheck.Finding.DONE)},
        outcome=outcome,
        look_back="Every visit on time since.",
    )


def test_a_practitioner_sees_their_audit_its_final_grade_and_feedback(client, world, loop):
    client.force_login(world.users.practitioner)

    page = client.get(reverse("kpis:me"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Your audits over time" in text
    assert "C0000001" in text
    assert "Requires improvement to be good" in text  # the moderated final grade
    assert "Due 16 February 2027" in text  # the follow-up is still to come
    assert reverse("moderation:feedback", args=[loop.feedback.pk]) in text
    assert "0 of your 1 audited case had a final grade of good or outstanding" in text
    assert 'role="img"' in text


def test_a_practitioner_reads_the_follow_up_outcome_over_time(client, world, loop):
    _complete_follow_up(loop, world, FollowUpReview.Outcome.PARTLY)
    client.force_login(world.users.practitioner)

    text = client.get(reverse("kpis:me")).content.decode()

    assert "Partly improved" in text
    assert "0 of 1" in text  # improved at follow-up, in the quarter's row


def test_the_page_is_written_to_each_listed_child_s_access_log(client, world, loop):
    client.force_login(world.users.practitioner)
    client.get(reverse("kpis:me"))

    entry = ChildAccessLog.objects.get(user=world.users.practitioner, child=world.child)
    assert entry.context == "own audits over time"


def test_another_practitioner_sees_none_of_it(client, world, loop):
    other = factories.UserFactory(username="other_worker", roles=[Role.PRACTITIONER])
    client.force_login(other)

    text = client.get(reverse("kpis:me")).content.decode()

    assert "C0000001" not in text
    assert "None of your cases has been audited yet" in text


def test_the_page_makes_the_same_queries_for_one_audit_and_many(
    client, world, loop, django_assert_num_queries
):
    client.force_login(world.users.practitioner)
    client.get(reverse("kpis:me"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("kpis:me"))
    _more_feedback(world, count=5)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse("kpis:me"))
    assert response.content.decode().count(">C00009") == 5  # one row each


def _more_feedback(world, *, count):
    """Feedback on more of the practitioner's audits, written straight to the tables."""
    from django.utils import timezone

    from audits.models import AuditRound, CaseAudit, Grade
    from moderation.models import FinalGrade, PractitionerFeedback

    for index in range(count):
        audit_round, _ = AuditRound.objects.get_or_create(
            period=dt.date(2026, 3 + index, 1),
            defaults={"seed": index, "due_date": dt.date(2026, 3 + index, 28)},
        )
        child = factories.ChildFactory(child_id=f"C00009{index:02d}")
        audit = CaseAudit.objects.create(
            round=audit_round,
            child=child,
            case_kind="cp",
            team=world.team_a,
            social_worker=world.users.practitioner,
            team_manager=world.users.team_manager,
            peer_auditor=world.users.peer_auditor,
            due_date=audit_round.due_date,
            status=CaseAudit.Status.ACTIONS_AND_FEEDBACK,
        )
        FinalGrade.objects.create(
            case_audit=audit,
            overall_grade=Grade.GOOD,
            route=FinalGrade.Route.AGREED,
            decided_on=audit_round.due_date,
            follow_up_due=audit_round.due_date + dt.timedelta(days=91),
            feedback_due=audit_round.due_date + dt.timedelta(days=14),
        )
        PractitionerFeedback.objects.create(
            case_audit=audit,
            social_worker=world.users.practitioner,
            written_by=world.users.team_manager,
            going_well="Good.",
            to_improve="More.",
            sent_at=timezone.now(),
        )
