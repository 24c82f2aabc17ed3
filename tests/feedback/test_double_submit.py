"""A create form sent twice (a double click) records once."""

import pytest
from django.urls import reverse

from feedback.models import (
    ComplaintOrCompliment,
    Invitation,
    ParticipationGroup,
    ParticipationSession,
    Survey,
    YouSaidWeDid,
)
from feedback.services import survey_create
from tests.form_tokens import post_twice

pytestmark = pytest.mark.django_db


def test_a_complaint_sent_twice_is_recorded_once(client, world):
    client.force_login(world.users.qa_officer)

    first, second = post_twice(
        client,
        reverse("feedback:complaint_create"),
        {
            "kind": "complaint",
            "received_on_0": "2",
            "received_on_1": "3",
            "received_on_2": "2026",
            "team": world.team_a.pk,
            "category": "delay",
            "received_from": "parent_carer",
            "summary": "Waited a month.",
        },
    )

    item = ComplaintOrCompliment.objects.get()
    assert first["Location"] == second["Location"]
    assert second["Location"] == reverse("feedback:complaint_detail", args=[item.pk])


def test_a_participation_session_sent_twice_is_recorded_once(client, world, surveys):
    client.force_login(world.users.participation_worker)

    first, second = post_twice(
        client,
        reverse("feedback:participation_create"),
        {
            "group": ParticipationGroup.objects.first().pk,
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2026",
            "attended": "8",
            "views": "Plans should be shorter.",
        },
    )

    session = ParticipationSession.objects.get()
    assert second["Location"] == reverse("feedback:participation_detail", args=[session.pk])


def test_a_you_said_we_did_sent_twice_is_recorded_once(client, world):
    client.force_login(world.users.team_manager)

    first, second = post_twice(
        client,
        reverse("feedback:you_said_we_did_create"),
        {
            "team": world.team_a.pk,
            "month": "2026-10",
            "theme": "listened",
            "you_said": "Nobody rang back.",
            "we_did": "Duty now rings back the same day.",
        },
    )

    assert YouSaidWeDid.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_a_feedback_link_made_twice_is_made_once(client, world, child_survey):
    client.force_login(world.users.practitioner)

    first, second = post_twice(
        client,
        # The second step of the form, once the child is chosen, carries the token.
        reverse("feedback:invitation_create") + f"?child={world.child.pk}",
        {"child": world.child.pk, "survey": child_survey.pk, "valid_days": "14"},
    )

    invitation = Invitation.objects.get()
    assert second["Location"] == reverse("feedback:invitation_detail", args=[invitation.pk])


def test_a_survey_sent_twice_is_made_once(client, world):
    client.force_login(world.users.qa_officer)

    post_twice(
        client,
        reverse("feedback:survey_create"),
        {
            "title": "After your review",
            "kind": "experience",
            "audience": "parent_carer",
            "journey_point": "after_review",
            "intro": "",
        },
    )

    assert Survey.objects.filter(title="After your review").count() == 1


def test_a_question_sent_twice_is_added_once(client, world):
    survey = survey_create(
        title="Quick check", kind="experience", audience="young_person", journey_point="during"
    )
    client.force_login(world.users.qa_officer)

    post_twice(
        client,
        reverse("feedback:question_create", args=[survey.pk]),
        {
            "text": "Is anyone hurting you?",
            "kind": "yes_no",
            "theme": "safe",
            "yes_is_good": "no",
            "alert_on": ["yes"],
        },
    )

    assert survey.questions.count() == 1
