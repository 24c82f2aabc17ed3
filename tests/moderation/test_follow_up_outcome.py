"""The practitioner hears the end of the loop: the follow-up's outcome reaches the social worker
as a notification and on the page where they read their feedback, not only their manager."""

import datetime as dt

import pytest
from django.urls import reverse

from moderation import services
from moderation.models import ActionCheck, FollowUpReview
from moderation.services import CheckInput
from qaf.models import Notification

pytestmark = pytest.mark.django_db

FOLLOW_UP_DAY = dt.date(2027, 2, 16)  # three months after Monday 16 November 2026


def _complete(loop, world, *, finding=ActionCheck.Finding.DONE, outcome="improved", **extra):
    (review,) = services.follow_up_reviews_create(today=FOLLOW_UP_DAY)
    return services.follow_up_review_complete(
        review=review,
        by=world.users.senior_manager,
        checks={loop.action.pk: CheckInput(finding)},
        outcome=outcome,
        look_back="Every visit on time since; the plan now has dates.",
        **extra,
    )


def test_the_social_worker_is_told_the_follow_up_outcome(loop, world):
    _complete(loop, world)

    notification = Notification.objects.get(
        recipient=world.users.practitioner, subject__startswith="The follow-up of case"
    )
    assert notification.subject == "The follow-up of case C0000001: practice has improved"
    assert "The audit is now closed." in notification.body
    assert notification.url == reverse("moderation:feedback", args=[loop.feedback.pk])


def test_the_social_worker_hears_when_the_follow_up_is_escalated(loop, world):
    _complete(
        loop,
        world,
        finding=ActionCheck.Finding.NOT_DONE,
        outcome=FollowUpReview.Outcome.NOT_IMPROVED,
        escalation_reason="The plan still has no dates.",
    )

    notification = Notification.objects.get(
        recipient=world.users.practitioner, subject__startswith="The follow-up of case"
    )
    assert notification.subject.endswith("practice has not improved")
    assert "head of service" in notification.body
    # The reason for the escalation stays with the head of service.
    assert "no dates" not in notification.body


def test_the_team_manager_is_not_told_twice(loop, world):
    _complete(loop, world)

    assert (
        Notification.objects.filter(
            recipient=world.users.team_manager, subject__startswith="Follow-up of case"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(
        recipient=world.users.team_manager, subject__startswith="The follow-up of case"
    ).exists()


def test_the_social_worker_reads_the_outcome_on_their_feedback_page(client, loop, world):
    feedback_url = reverse("moderation:feedback", args=[loop.feedback.pk])
    client.force_login(world.users.practitioner)
    assert b"Three months on" not in client.get(feedback_url).content

    _complete(loop, world, outcome=FollowUpReview.Outcome.PARTLY)
    page = client.get(feedback_url).content.decode()

    assert "Three months on: the follow-up review" in page
    assert "Partly improved" in page
    assert "Every visit on time since; the plan now has dates." in page
    assert "The audit is closed." in page
