"""Quality circles: peers only, the facilitator records, management answers, members see it."""

import datetime as dt

import pytest
from django.urls import reverse

from qaf.models import Notification
from qaf.roles import Role
from staffvoice.errors import StaffVoiceError
from staffvoice.models import CircleSuggestion, QualityCircle
from staffvoice.services import (
    circle_meeting_record,
    circle_suggestion_answer,
    quality_circle_create,
    quality_circle_member_add,
)
from tests import factories

from .conftest import staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(world):
    circle = quality_circle_create(
        name="Social workers", level=QualityCircle.Level.SOCIAL_WORKER, by=world.users.qa_officer
    )
    peers = staff_in(world.team_b, 3, prefix="peer")
    for number, person in enumerate(peers):
        quality_circle_member_add(
            circle=circle, person=person, facilitator=number == 0, by=world.users.qa_officer
        )
    circle.refresh_from_db()
    circle.peers = peers
    return circle


def test_a_person_with_a_manager_role_is_refused_with_a_reason(world, circle):
    with pytest.raises(StaffVoiceError, match="is a team manager. Circles have no managers"):
        quality_circle_member_add(
            circle=circle, person=world.users.team_manager, by=world.users.qa_officer
        )
    assert not circle.members.filter(pk=world.users.team_manager.pk).exists()


def test_a_person_who_manages_a_member_is_refused(world, circle):
    # A senior practitioner with no manager role, but recorded as team B's manager.
    lead = factories.UserFactory(username="lead", roles=[Role.PRACTITIONER])
    factories.TeamMembershipFactory(user=lead, team=world.team_b, role="manager")
    with pytest.raises(StaffVoiceError, match="manages someone in this circle"):
        quality_circle_member_add(circle=circle, person=lead, by=world.users.qa_officer)


def test_the_add_member_page_shows_the_refusal(client, world, circle):
    client.force_login(world.users.qa_officer)
    response = client.post(
        reverse("staffvoice:circle_member_add", args=[circle.pk]),
        {"person": world.users.senior_manager.pk},
    )
    assert response.status_code == 200
    assert "is a senior manager. Circles have no managers" in response.content.decode()


def test_only_the_facilitator_records_a_meeting(world, circle):
    with pytest.raises(StaffVoiceError, match="Only the circle's facilitator"):
        circle_meeting_record(
            circle=circle,
            met_on=dt.date(2026, 11, 2),
            themes="Workload",
            suggestions=["Fewer forms"],
            by=circle.peers[1],
        )
    meeting = circle_meeting_record(
        circle=circle,
        met_on=dt.date(2026, 11, 2),
        themes="Workload",
        suggestions=["Fewer forms", "Protected supervision"],
        by=circle.peers[0],
    )
    assert [s.text for s in meeting.suggestions.all()] == ["Fewer forms", "Protected supervision"]


def test_a_member_who_is_not_the_facilitator_cannot_open_the_record_page(client, world, circle):
    client.force_login(circle.peers[1])
    url = reverse("staffvoice:circle_meeting_create", args=[circle.pk])
    assert client.get(url).status_code == 403
    client.force_login(circle.peers[0])
    response = client.post(
        url,
        {
            "met_on_0": "2",
            "met_on_1": "11",
            "met_on_2": "2026",
            "themes": "Recording takes too long.",
            "suggestions": "One chronology\n\nA recording guide\n",
        },
    )
    assert response.status_code == 302
    assert CircleSuggestion.objects.filter(meeting__circle=circle).count() == 2


def test_management_answers_and_the_circle_sees_it(client, world, circle):
    meeting = circle_meeting_record(
        circle=circle,
        met_on=dt.date(2026, 11, 2),
        themes="Workload",
        suggestions=["Protected supervision"],
        by=circle.peers[0],
    )
    suggestion = meeting.suggestions.get()
    client.force_login(world.users.senior_manager)
    response = client.post(
        reverse("staffvoice:suggestion_answer", args=[suggestion.pk]),
        {"answer": "Supervision is now protected time."},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == CircleSuggestion.Status.ANSWERED
    assert suggestion.answered_by == world.users.senior_manager
    assert Notification.objects.filter(recipient__in=circle.peers).count() >= 3

    client.force_login(circle.peers[2])
    page = client.get(reverse("staffvoice:circle_detail", args=[circle.pk])).content.decode()
    assert "We did:" in page
    assert "Supervision is now protected time." in page


def test_a_practitioner_cannot_answer_a_suggestion(world, circle):
    meeting = circle_meeting_record(
        circle=circle,
        met_on=dt.date(2026, 11, 2),
        themes="Workload",
        suggestions=["Protected supervision"],
        by=circle.peers[0],
    )
    with pytest.raises(StaffVoiceError, match="cannot answer"):
        circle_suggestion_answer(
            suggestion=meeting.suggestions.get(),
            answer="Done",
            today=dt.date(2026, 11, 20),
            by=circle.peers[0],
        )


def test_an_empty_answer_is_refused_and_the_suggestion_stays_open(client, world, circle):
    meeting = circle_meeting_record(
        circle=circle,
        met_on=dt.date(2026, 11, 2),
        themes="Workload",
        suggestions=["Protected supervision"],
        by=circle.peers[0],
    )
    suggestion = meeting.suggestions.get()
    client.force_login(world.users.director)
    response = client.post(
        reverse("staffvoice:suggestion_answer", args=[suggestion.pk]), {"answer": "  "}
    )
    assert response.status_code == 200
    assert "Enter what was done" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == CircleSuggestion.Status.OPEN


def test_my_work_lists_open_suggestions_for_managers(client, world, circle):
    circle_meeting_record(
        circle=circle,
        met_on=dt.date(2026, 11, 2),
        themes="Workload",
        suggestions=["Protected supervision"],
        by=circle.peers[0],
    )
    client.force_login(world.users.senior_manager)
    page = client.get(reverse("home")).content.decode()
    assert "Quality circle suggestions to answer" in page
    assert "Social workers: Protected supervision" in page


def test_a_meeting_in_the_future_is_refused_with_a_message(client, world, circle):
    client.force_login(circle.peers[0])
    response = client.post(
        reverse("staffvoice:circle_meeting_create", args=[circle.pk]),
        {
            "met_on_0": "1",
            "met_on_1": "1",
            "met_on_2": "2099",
            "themes": "Workload",
            "suggestions": "Fewer forms",
        },
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not CircleSuggestion.objects.exists()
