"""Link security: unguessable, single use, expiring, and showing nothing but a first name."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from feedback.models import Invitation
from feedback.services import (
    FeedbackError,
    answer_save,
    invitation_cancel,
    invitation_create,
    invitation_submit,
    invitations_expire,
    survey_start,
)
from feedback.tokens import token_hash
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory

pytestmark = pytest.mark.django_db


def start_url(token: str) -> str:
    return reverse("feedback:survey_start", args=[token])


def test_a_link_holds_256_random_bits_and_only_its_hash_is_stored(voice):
    assert len(voice.token) >= 43  # token_urlsafe(32): 32 random bytes
    invitation = voice.invitation
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(voice.token)
    stored = " ".join(str(value) for value in Invitation.objects.values_list().get())
    assert voice.token not in stored


def test_two_links_never_share_a_token(world, child_survey):
    tokens = {
        invitation_create(
            survey=child_survey, child=world.child, created_by=world.users.practitioner
        )[1]
        for _ in range(20)
    }
    assert len(tokens) == 20


def test_the_link_opens_without_an_account_and_shows_only_a_first_name(client, world, voice):
    world.child.display_name = "Alfie Jones"
    world.child.save()
    response = client.get(start_url(voice.token))
    assert response.status_code == 200
    page = response.text
    assert "Hello Alfie" in page
    for personal in ("Jones", world.child.child_id, "2015", world.users.practitioner.full_name):
        assert personal not in page


def test_survey_pages_are_never_cached_and_send_no_referrer_elsewhere(client, voice):
    for url in (
        start_url(voice.token),
        reverse("feedback:survey_question", args=[voice.token, 1]),
        reverse("feedback:survey_check", args=[voice.token]),
    ):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
        assert 'name="robots" content="noindex' in response.text


def test_a_guessed_link_finds_nothing_and_says_so_kindly(client, voice):
    guess = voice.token[:-1] + ("A" if voice.token[-1] != "A" else "B")
    response = client.get(start_url(guess))
    assert response.status_code == 404
    assert "We cannot find this form" in response.text
    assert "Hello" not in response.text


@pytest.fixture
def guess_counts():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_many_wrong_links_from_one_address_are_made_to_wait(client, settings, guess_counts):
    settings.FEEDBACK_LINK_GUESS_LIMIT = 3
    for n in range(3):
        assert client.get(start_url(f"wrong-guess-{n}")).status_code == 404
    response = client.get(start_url("wrong-guess-3"))
    assert response.status_code == 429
    assert "Please wait" in response.text


def test_a_working_link_always_opens_however_many_wrong_ones_were_tried_nearby(
    client, voice, settings, guess_counts
):
    settings.FEEDBACK_LINK_GUESS_LIMIT = 3
    for n in range(5):
        client.get(start_url(f"wrong-guess-{n}"))
    assert client.get(start_url("wrong-guess-5")).status_code == 429
    # A child on the same school or children's home connection still gets in.
    response = client.get(start_url(voice.token))
    assert response.status_code == 200
    assert "Hello Alfie" in response.text
    question = reverse("feedback:survey_question", args=[voice.token, 1])
    assert client.post(question, {"choice": "4"}).status_code == 302


def test_behind_a_load_balancer_wrong_links_count_against_the_real_address(
    client, settings, guess_counts
):
    settings.FEEDBACK_LINK_GUESS_LIMIT = 3
    settings.QAF_TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(4):
        client.get(
            start_url(f"wrong-guess-{n}"), headers={"X-Forwarded-For": "203.0.113.5"}, **balancer
        )
    guesser = client.get(
        start_url("wrong-guess-9"), headers={"X-Forwarded-For": "203.0.113.5"}, **balancer
    )
    assert guesser.status_code == 429
    someone_else = client.get(
        start_url("mistyped-link"), headers={"X-Forwarded-For": "198.51.100.7"}, **balancer
    )
    assert someone_else.status_code == 404
    assert "We cannot find this form" in someone_else.text


def test_a_sent_link_does_not_open_again(client, voice):
    survey_start(invitation=voice.invitation)
    invitation_submit(invitation=voice.invitation, anonymous=False)
    response = client.get(start_url(voice.token))
    assert response.status_code == 410
    assert "You have already sent your answers" in response.text
    # Nor can anything more be saved through it.
    question = voice.invitation.survey.questions.first()
    response = client.post(
        reverse("feedback:survey_question", args=[voice.token, 1]), {"choice": "5"}
    )
    assert response.status_code == 410
    with pytest.raises(FeedbackError):
        answer_save(invitation=voice.invitation, question=question, choice="5")


def test_a_link_stops_working_when_it_expires_even_before_the_nightly_job(client, voice):
    expiry = voice.invitation.expires_at
    with time_machine.travel(expiry + dt.timedelta(seconds=1)):
        response = client.get(start_url(voice.token))
        assert response.status_code == 410
        assert "This link has stopped working" in response.text
        assert invitations_expire() == 1
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == Invitation.Status.EXPIRED


def test_expiry_drops_unsent_answers(voice):
    question = voice.invitation.survey.questions.first()
    answer_save(invitation=voice.invitation, question=question, choice="4")
    invitations_expire(now=voice.invitation.expires_at)
    assert not voice.invitation.draft_answers.exists()


def test_a_cancelled_link_stops_working(client, voice):
    invitation_cancel(invitation=voice.invitation, by=voice.world.users.practitioner)
    assert client.get(start_url(voice.token)).status_code == 410


def test_one_childs_link_never_reaches_another_childs_form(client, world, child_survey):
    other = ChildFactory(display_name="Zara", date_of_birth=world.child.date_of_birth)
    EpisodeFactory(child=other, team=world.team_a)
    AllocationFactory(child=other, worker=world.users.practitioner, team=world.team_a)
    mine, my_token = invitation_create(
        survey=child_survey, child=world.child, created_by=world.users.practitioner
    )
    theirs, their_token = invitation_create(
        survey=child_survey, child=other, created_by=world.users.practitioner
    )
    assert "Zara" not in client.get(start_url(my_token)).text
    client.post(reverse("feedback:survey_question", args=[my_token, 1]), {"choice": "2"})
    assert mine.draft_answers.count() == 1
    assert theirs.draft_answers.count() == 0
    assert "Hello Zara" in client.get(start_url(their_token)).text


def test_only_the_allocated_practitioner_can_make_a_link(world, child_survey):
    with pytest.raises(FeedbackError, match="allocated to you"):
        invitation_create(
            survey=child_survey, child=world.child, created_by=world.users.team_manager
        )


def test_a_retired_survey_cannot_be_sent(world, child_survey):
    from feedback.services import survey_retire

    survey_retire(survey=child_survey)
    with pytest.raises(FeedbackError, match="not in use"):
        invitation_create(
            survey=child_survey, child=world.child, created_by=world.users.practitioner
        )


def test_the_practitioner_sees_the_link_and_qr_code_once(client, world, child_survey):
    client.force_login(world.users.practitioner)
    response = client.post(
        reverse("feedback:invitation_create"),
        {"child": world.child.pk, "survey": child_survey.pk, "valid_days": "14"},
    )
    invitation = Invitation.objects.get()
    assert response["Location"] == reverse("feedback:invitation_detail", args=[invitation.pk])
    first = client.get(response["Location"])
    assert "/feedback/s/" in first.text
    assert '<svg role="img" aria-label="QR code for the feedback link"' in first.text
    assert first["Referrer-Policy"] == "same-origin"
    second = client.get(response["Location"])
    assert "/feedback/s/" not in second.text
    assert "Make a new link" in second.text
    assert invitation.expires_at.date() == (invitation.created_at + dt.timedelta(days=14)).date()


def test_a_practitioner_cannot_pick_a_child_not_allocated_to_them(client, world, child_survey):
    stranger = ChildFactory()
    client.force_login(world.users.practitioner)
    response = client.post(
        reverse("feedback:invitation_create"),
        {"child": stranger.pk, "survey": child_survey.pk, "valid_days": "28"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.exists()


def test_a_parent_form_talks_to_the_parent_not_the_child(client, world, surveys):
    _, token = invitation_create(
        survey=surveys["experience-during-parent-carer"],
        child=world.child,
        created_by=world.users.practitioner,
    )
    page = client.get(start_url(token)).text
    assert "Hello Alfie" not in page
    assert "About our work with Alfie and your family." in page
    assert "worried about your child's safety" in page


def test_the_expiry_command_expires_links_past_their_date(voice, capsys):
    from django.core.management import call_command

    with time_machine.travel(voice.invitation.expires_at + dt.timedelta(minutes=1)):
        call_command("expire_feedback_links")
    assert "1 link(s) expired." in capsys.readouterr().out
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == Invitation.Status.EXPIRED
