"""Replacing a lost link, and who may act on a child's link once the child has moved on."""

import datetime as dt

import pytest
from django.urls import reverse

from casework.models import Allocation
from feedback.models import Invitation, Question
from feedback.services import FeedbackError, invitation_cancel, invitation_link_make
from qaf.roles import Role
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db
WORDS = "I do not like it at my foster home"


def start_url(token: str) -> str:
    return reverse("feedback:survey_start", args=[token])


def check_url(token: str) -> str:
    return reverse("feedback:survey_check", args=[token])


def _child_writes_but_does_not_send(client, voice) -> None:
    question = voice.invitation.survey.questions.get(kind=Question.Kind.FREE_TEXT)
    client.post(
        reverse("feedback:survey_question", args=[voice.token, question.position]),
        {"text": WORDS},
    )
    assert WORDS in client.get(check_url(voice.token)).text


def _new_link(client, user, invitation: Invitation) -> str:
    """Press "Make a new link" as ``user`` and read the link off the page, as they would."""
    client.force_login(user)
    client.post(reverse("feedback:invitation_make_link", args=[invitation.pk]))
    page = client.get(reverse("feedback:invitation_detail", args=[invitation.pk])).text
    client.logout()
    start = page.index("/feedback/s/") + len("/feedback/s/")
    return page[start : page.index("/", start)]


def _reallocate(world):
    """The child moves to another social worker in the same team."""
    Allocation.objects.filter(pk=world.allocation.pk).update(end_date=dt.date(2026, 2, 1))
    new_worker = UserFactory(username="new_worker", roles=[Role.PRACTITIONER])
    AllocationFactory(
        child=world.child, worker=new_worker, team=world.team_a, start_date=dt.date(2026, 2, 2)
    )
    return new_worker


def test_a_new_link_starts_empty_so_its_holder_never_sees_unsent_answers(client, voice):
    _child_writes_but_does_not_send(client, voice)
    new_token = _new_link(client, voice.world.users.practitioner, voice.invitation)
    check = client.get(check_url(new_token))
    assert check.status_code == 200
    assert WORDS not in check.text
    start = client.get(start_url(new_token)).text
    assert "You have answered" not in start
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == Invitation.Status.OPEN
    assert not voice.invitation.draft_answers.exists()


def test_a_replaced_link_no_longer_opens_and_says_so_kindly(client, voice):
    _new_link(client, voice.world.users.practitioner, voice.invitation)
    for url in (start_url(voice.token), check_url(voice.token)):
        response = client.get(url)
        assert response.status_code == 404
        assert "We cannot find this form" in response.text
        assert "Hello" not in response.text


def test_a_worker_who_no_longer_holds_the_child_cannot_see_or_act_on_the_link(client, voice):
    _reallocate(voice.world)
    previous = voice.world.users.practitioner
    client.force_login(previous)
    pk = voice.invitation.pk
    assert client.get(reverse("feedback:invitation_detail", args=[pk])).status_code == 404
    assert client.post(reverse("feedback:invitation_make_link", args=[pk])).status_code == 404
    assert client.post(reverse("feedback:invitation_cancel", args=[pk])).status_code == 404
    assert voice.world.child.child_id not in client.get(reverse("feedback:invitation_list")).text
    with pytest.raises(FeedbackError):
        invitation_link_make(invitation=voice.invitation, by=previous)
    with pytest.raises(FeedbackError):
        invitation_cancel(invitation=voice.invitation, by=previous)
    voice.invitation.refresh_from_db()
    assert voice.invitation.token_hash is not None
    assert voice.invitation.status == Invitation.Status.OPEN


def test_the_previous_worker_cannot_read_the_childs_words_after_reallocation(client, voice):
    _child_writes_but_does_not_send(client, voice)
    _reallocate(voice.world)
    client.force_login(voice.world.users.practitioner)
    response = client.post(reverse("feedback:invitation_make_link", args=[voice.invitation.pk]))
    assert response.status_code == 404
    client.logout()
    # The child's own link still works for the child, with their words kept.
    assert WORDS in client.get(check_url(voice.token)).text


def test_the_childs_new_worker_can_see_and_replace_the_link(client, voice):
    new_worker = _reallocate(voice.world)
    client.force_login(new_worker)
    detail = client.get(reverse("feedback:invitation_detail", args=[voice.invitation.pk]))
    assert detail.status_code == 200
    assert "Make a new link" in detail.text
    client.logout()
    new_token = _new_link(client, new_worker, voice.invitation)
    assert client.get(start_url(new_token)).status_code == 200
    assert client.get(start_url(voice.token)).status_code == 404


def test_a_team_manager_who_holds_no_link_for_the_child_cannot_open_it(client, voice):
    client.force_login(voice.world.users.team_manager)
    pk = voice.invitation.pk
    assert client.get(reverse("feedback:invitation_detail", args=[pk])).status_code == 404
    assert client.post(reverse("feedback:invitation_make_link", args=[pk])).status_code == 404
