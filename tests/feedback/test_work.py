"""The voice work's items in My work, counted in one query."""

import datetime as dt

import pytest
from django.urls import reverse

from feedback.models import SafeguardingAlert
from feedback.services import (
    answer_save,
    complaint_record,
    invitation_create,
    safeguarding_alerts_escalate,
)
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_practitioner_sees_links_waiting_and_how_to_ask_for_more(client, voice):
    client.force_login(voice.world.users.practitioner)
    page = client.get(reverse("home")).text
    assert "A feedback link is waiting for answers" in page
    assert "Ask a child or family for feedback" in page


def test_a_senior_manager_sees_escalated_alerts(client, voice):
    safe = voice.invitation.survey.questions.get(theme="safe")
    answer_save(invitation=voice.invitation, question=safe, choice="no")
    alert = SafeguardingAlert.objects.get()
    client.force_login(voice.world.users.senior_manager)
    assert "A child&#x27;s answer needs checking" in client.get(reverse("home")).text
    safeguarding_alerts_escalate(now=alert.escalate_after)
    page = client.get(reverse("home")).text
    assert "Overdue" in page


def test_qa_officers_see_complaints_waiting(client, world):
    complaint_record(
        kind="complaint",
        received_on=dt.date(2026, 3, 2),
        team=world.team_a,
        category="delay",
        received_from="parent_carer",
        summary="Waited.",
        by=world.users.qa_officer,
    )
    client.force_login(world.users.qa_officer)
    assert "A complaint is waiting for a response" in client.get(reverse("home")).text


def test_my_work_asks_the_voice_app_once_whatever_the_roles(
    client, voice, child_survey, django_assert_max_num_queries
):
    everyone = UserFactory(roles=list(Role))
    client.force_login(everyone)
    for _ in range(5):
        invitation, _ = invitation_create(
            survey=child_survey, child=voice.world.child, created_by=voice.world.users.practitioner
        )
        safe = child_survey.questions.get(theme="safe")
        answer_save(invitation=invitation, question=safe, choice="no")
    # Session, user, roles, messages and one for each app's work: not one per item.
    from qaf import work

    with django_assert_max_num_queries(7 + len(work._providers)):
        assert client.get(reverse("home")).status_code == 200
