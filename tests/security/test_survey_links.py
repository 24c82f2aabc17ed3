"""A child's survey link in each of its states, on each page it opens, with GET and POST.

A live link opens its pages; a sent, cancelled or expired one says kindly that it has stopped
(410); a replaced or unknown one finds nothing (404). No page of one child's link ever shows
another child's name or words, and a link that has stopped saves nothing.
"""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from feedback.models import Question, Survey
from feedback.services import (
    answer_save,
    invitation_cancel,
    invitation_create,
    invitation_link_make,
    invitation_submit,
    survey_defaults_install,
    survey_start,
)
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory
from tests.matrix import database_snapshot, snapshot_changes

pytestmark = pytest.mark.django_db

OTHER_CHILDS_WORDS = "Zara-only words about her foster home"

STATES = {
    "valid": {"get": 200, "post": (200, 302, 400)},
    "used": {"get": 410, "post": (410,)},
    "cancelled": {"get": 410, "post": (410,)},
    "expired": {"get": 410, "post": (410,)},
    "replaced": {"get": 404, "post": (404,)},
    "unknown": {"get": 404, "post": (404,)},
}


@pytest.fixture
def links(world, settings):
    """The world's child's link, and another child's link with an answer in her own words."""
    settings.FEEDBACK_LINK_GUESS_LIMIT = 1000
    cache.clear()
    survey_defaults_install()
    survey = Survey.objects.get(key="experience-during-child", status="published")
    zara = ChildFactory(child_id="C5555555", display_name="Zara")
    EpisodeFactory(child=zara, team=world.team_a)
    AllocationFactory(child=zara, worker=world.users.practitioner, team=world.team_a)
    theirs, their_token = invitation_create(
        survey=survey, child=zara, created_by=world.users.practitioner
    )
    free_text = survey.questions.filter(kind=Question.Kind.FREE_TEXT).first()
    answer_save(invitation=theirs, question=free_text, text=OTHER_CHILDS_WORDS)
    mine, my_token = invitation_create(
        survey=survey, child=world.child, created_by=world.users.practitioner
    )
    yield mine, my_token, their_token
    cache.clear()


def _put_in_state(state: str, invitation, token: str, world) -> str:
    """Make the link ``state``; return the token to try."""
    if state == "used":
        survey_start(invitation=invitation)
        invitation_submit(invitation=invitation, anonymous=True)
    elif state == "cancelled":
        invitation_cancel(invitation=invitation, by=world.users.practitioner)
    elif state == "replaced":
        invitation_link_make(invitation=invitation, by=world.users.practitioner)
    elif state == "unknown":
        return "not-a-link-anyone-was-given-" + "x" * 20
    return token


def _pages(token: str) -> list[str]:
    return [
        reverse("feedback:survey_start", args=[token]),
        reverse("feedback:survey_question", args=[token, 1]),
        reverse("feedback:survey_check", args=[token]),
    ]


@pytest.mark.parametrize("state", STATES)
def test_each_page_of_a_link_answers_as_its_state_says(world, links, state):
    invitation, token, their_token = links
    token = _put_in_state(state, invitation, token, world)
    moment = invitation.expires_at + dt.timedelta(seconds=1) if state == "expired" else None
    client = Client()
    with time_machine.travel(moment or dt.datetime.now(dt.UTC), tick=False):
        for url in _pages(token):
            response = client.get(url)
            assert response.status_code == STATES[state]["get"], url
            assert "Zara" not in response.text
            assert OTHER_CHILDS_WORDS not in response.text
        if state != "valid":
            before = database_snapshot()
        for url in _pages(token):
            response = client.post(url, {"choice": "1", "text": "Test", "share_name": "yes"})
            assert response.status_code in STATES[state]["post"], url
            assert "Zara" not in response.text
        if state != "valid":
            assert not snapshot_changes(before, database_snapshot())


def test_another_childs_link_opens_only_her_own_form(world, links):
    invitation, token, their_token = links
    response = Client().get(reverse("feedback:survey_start", args=[their_token]))
    assert response.status_code == 200
    assert "Zara" in response.text
    assert world.child.display_name not in response.text
    assert (
        OTHER_CHILDS_WORDS
        in Client().get(reverse("feedback:survey_check", args=[their_token])).text
    )
    check = Client().get(reverse("feedback:survey_check", args=[token]))
    assert OTHER_CHILDS_WORDS not in check.text
