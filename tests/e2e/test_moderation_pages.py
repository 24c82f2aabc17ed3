"""Every page of the loop, on the demo data, passes axe and fits a 320 px wide screen."""

import datetime as dt

import pytest
from django.urls import reverse

from moderation.models import (
    Action,
    Escalation,
    FollowUpReview,
    LearningNote,
    LearningTheme,
    Moderation,
    PractitionerFeedback,
)
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=True)
    load_demo()


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()


def check(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert_accessible(page)
    assert_fits_320(page)


def pages_for(username: str) -> list[str]:
    seniors = {"moderator__username": "senior"}
    waiting = Moderation.objects.filter(status=Moderation.Status.TO_MODERATE, **seniors).first()
    moderated = Moderation.objects.filter(status=Moderation.Status.MODERATED, **seniors).first()
    review = FollowUpReview.objects.filter(
        status=FollowUpReview.Status.DUE, reviewer__username="senior"
    ).first()
    done = FollowUpReview.objects.filter(
        status=FollowUpReview.Status.COMPLETED,
        case_audit__team__service_area__senior_managers__username="senior",
    ).first()
    escalation = Escalation.objects.filter(kind=Escalation.Kind.FOLLOW_UP_OUTCOME).first()
    if username == "senior":
        return [
            reverse("moderation:list"),
            reverse("moderation:detail", args=[waiting.pk]),
            reverse("moderation:record", args=[waiting.pk]),
            reverse("moderation:detail", args=[moderated.pk]),
            reverse("moderation:follow_ups"),
            reverse("moderation:follow_up", args=[review.pk]),
            reverse("moderation:follow_up", args=[done.pk]),
            reverse("moderation:escalations"),
            reverse("moderation:escalation", args=[escalation.pk]),
            reverse("moderation:case", args=[review.case_audit_id]),
            reverse("moderation:history", args=[review.case_audit_id]),
            reverse("moderation:actions") + "?status=",
            reverse("moderation:activities"),
            reverse("moderation:activity_add"),
        ]
    if username == "qa":
        return [
            reverse("moderation:learning"),
            reverse("moderation:themes"),
            reverse("moderation:theme_add"),
            reverse("moderation:theme_edit", args=[LearningTheme.objects.first().pk]),
            reverse("moderation:assign", args=[waiting.pk]),
            reverse("moderation:feedback_list"),
        ]
    if username == "manager":
        note = LearningNote.objects.filter(recipient__username="manager").first()
        final = (
            Moderation.objects.filter(
                moderator__username="senior", case_audit__team_manager__username="manager"
            )
            .exclude(status=Moderation.Status.TO_MODERATE)
            .first()
        )
        return [
            reverse("moderation:note", args=[note.pk]),
            reverse("moderation:case", args=[final.case_audit_id]),
            reverse("moderation:action_add", args=[final.case_audit_id]),
            reverse("moderation:feedback_give", args=[final.case_audit_id]),
            reverse("moderation:grading_themes", args=[final.case_audit_id]),
        ]
    feedback = PractitionerFeedback.objects.filter(social_worker__username="worker").first()
    action = Action.objects.filter(owner__username="worker", status=Action.Status.OPEN).first()
    return [
        reverse("moderation:feedback_list"),
        reverse("moderation:feedback", args=[feedback.pk]),
        reverse("moderation:actions") + "?mine=1",
        reverse("moderation:action", args=[action.pk]),
    ]


@pytest.mark.parametrize("username", ["senior", "qa", "manager", "worker"])
def test_the_loop_s_pages_pass_axe_and_fit_a_small_phone(page, demo_data, username):
    sign_in(page, username)
    for url in pages_for(username):
        check(page, url)


def test_a_form_with_errors_passes_axe(page, demo_data):
    sign_in(page, "qa")
    page.goto(reverse("moderation:activity_add"))
    page.get_by_role("button", name="Record the activity").click()
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    assert page.title().startswith("Error:")
    assert_accessible(page)
