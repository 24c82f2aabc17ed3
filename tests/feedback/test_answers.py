"""Filling in the form: one question a page, saved as you go, sent with or without a name."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from feedback.errors import FeedbackError
from feedback.models import Answer, Invitation, Response
from feedback.services import answer_save, invitation_submit, survey_start

pytestmark = pytest.mark.django_db


def question_url(token, number):
    return reverse("feedback:survey_question", args=[token, number])


def test_starting_records_who_is_filling_it_in_and_goes_to_the_first_question(client, voice):
    response = client.post(
        reverse("feedback:survey_start", args=[voice.token]), {"completed_with": "worker"}
    )
    assert response["Location"] == question_url(voice.token, 1)
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == Invitation.Status.STARTED
    assert voice.invitation.completed_with == "worker"


def test_each_page_shows_one_question_with_a_skip_and_read_aloud(client, voice):
    page = client.get(question_url(voice.token, 1)).text
    first = voice.invitation.survey.questions.first()
    assert first.text in page
    assert "Question 1 of 7" in page
    assert "Skip this question" in page
    assert "Read it to me" in page
    # Hidden until the script finds the browser can speak: no button that does nothing.
    assert "data-read-aloud hidden" in page
    assert page.count('name="choice"') == 5  # the five picture cards


def test_answers_are_saved_page_by_page_and_a_child_can_come_back(client, voice):
    client.post(question_url(voice.token, 1), {"choice": "4", "next": "1"})
    client.post(question_url(voice.token, 2), {"skip": "1"})
    # Later, on another device: the same link carries on where they stopped.
    client.cookies.clear()
    start = client.get(reverse("feedback:survey_start", args=[voice.token])).text
    assert "You have answered 2 of 7 questions" in start
    assert "Carry on" in start
    resumed = client.post(reverse("feedback:survey_start", args=[voice.token]))
    assert resumed["Location"] == question_url(voice.token, 3)
    first_again = client.get(question_url(voice.token, 1)).text
    assert 'value="4" checked' in first_again


def test_an_empty_answer_counts_as_skipped_not_as_an_error(client, voice):
    response = client.post(question_url(voice.token, 1), {"next": "1"})
    assert response.status_code == 302
    draft = voice.invitation.draft_answers.get()
    assert draft.skipped


def test_an_answer_that_is_not_on_the_form_is_refused_kindly(client, voice):
    response = client.post(question_url(voice.token, 1), {"choice": "99"})
    assert response.status_code == 400
    assert "Choose one of the answers, or skip this question" in response.text
    assert not voice.invitation.draft_answers.exists()


def test_the_last_question_leads_to_checking_and_sending(client, voice):
    total = voice.invitation.survey.questions.count()
    response = client.post(question_url(voice.token, total), {"text": "It was fine."})
    assert response["Location"] == reverse("feedback:survey_check", args=[voice.token])
    check = client.get(response["Location"]).text
    assert "It was fine." in check
    assert "Skipped" in check
    sent = client.post(response["Location"], {"share_name": "yes"})
    assert sent["Location"] == reverse("feedback:survey_thanks")
    assert "Thank you" in client.get(sent["Location"]).text


def _answer_everything(voice):
    survey_start(invitation=voice.invitation, completed_with="alone")
    questions = list(voice.invitation.survey.questions.all())
    for question in questions:
        if question.kind == "free_text":
            answer_save(invitation=voice.invitation, question=question, text="I like Sam.")
        elif question.theme == "safe":
            answer_save(invitation=voice.invitation, question=question, skipped=True)
        else:
            answer_save(
                invitation=voice.invitation,
                question=question,
                choice=question.answer_options()[-1].value,
            )
    return questions


def test_a_named_response_keeps_the_link_child_and_social_worker(voice):
    questions = _answer_everything(voice)
    response = invitation_submit(invitation=voice.invitation, anonymous=False)
    assert response.invitation == voice.invitation
    assert response.child == voice.world.child
    assert response.practitioner == voice.world.users.practitioner
    assert response.completed_with == "alone"
    assert response.team == voice.world.team_a
    assert response.answers.count() == len(questions) - 1  # the skipped one is not an answer
    assert not voice.invitation.draft_answers.exists()
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == Invitation.Status.SUBMITTED


def test_an_anonymous_response_carries_no_user_child_link_or_time(client, voice):
    _answer_everything(voice)
    client.post(reverse("feedback:survey_check", args=[voice.token]), {"share_name": "no"})
    response = Response.objects.get()
    assert response.is_anonymous
    assert response.invitation is None
    assert response.child is None
    assert response.practitioner is None
    assert response.submitted_at is None
    assert response.completed_with == ""
    assert response.team == voice.world.team_a
    assert response.month.day == 1
    assert response.survey == voice.invitation.survey
    assert Answer.objects.filter(response=response, text="I like Sam.").exists()
    # Nor does the link point back to it.
    voice.invitation.refresh_from_db()
    assert not hasattr(voice.invitation, "response") or voice.invitation.response is None
    assert voice.invitation.submitted_at.time().minute == 0


def test_not_choosing_keeps_the_name_off(client, voice):
    _answer_everything(voice)
    client.post(reverse("feedback:survey_check", args=[voice.token]), {})
    assert Response.objects.get().is_anonymous


def test_the_database_refuses_an_anonymous_response_that_names_a_child(voice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            survey=voice.invitation.survey,
            month=voice.invitation.created_at.date().replace(day=1),
            is_anonymous=True,
            child=voice.world.child,
        )


def test_answers_score_good_in_between_or_not_good(voice):
    questions = {q.theme: q for q in voice.invitation.survey.questions.all()}
    survey_start(invitation=voice.invitation)
    answer_save(invitation=voice.invitation, question=questions["contact"], choice="5")
    answer_save(invitation=voice.invitation, question=questions["listened"], choice="3")
    answer_save(invitation=voice.invitation, question=questions["plan"], choice="no")
    response = invitation_submit(invitation=voice.invitation, anonymous=True)
    sentiments = {a.question.theme: a.sentiment for a in response.answers.all()}
    assert sentiments == {"contact": "positive", "listened": "neutral", "plan": "negative"}


def test_a_case_specific_answer_is_shown_to_the_practitioner_unless_anonymous(
    client, world, surveys
):
    from feedback.services import invitation_create

    invitation, token = invitation_create(
        survey=surveys["case-review-child"], child=world.child, created_by=world.users.practitioner
    )
    survey_start(invitation=invitation)
    question = invitation.survey.questions.get(theme="plan_helps")
    answer_save(invitation=invitation, question=question, choice="yes")
    invitation_submit(invitation=invitation, anonymous=False)
    client.force_login(world.users.practitioner)
    page = client.get(reverse("feedback:invitation_detail", args=[invitation.pk])).text
    assert "What they said" in page
    assert "Is your plan helping you?" in page


def _free_text_number(voice) -> int:
    return voice.invitation.survey.questions.count()


def test_an_answer_that_is_too_long_is_kept_in_the_box_with_a_clear_message(client, voice):
    words = "I want to tell you about my week. " * 130  # 4,420 characters
    response = client.post(question_url(voice.token, _free_text_number(voice)), {"text": words})
    assert response.status_code == 400
    assert "Your answer is too long. Make it 4,000 characters or fewer." in response.text
    assert words.strip() in response.text
    assert not voice.invitation.draft_answers.exists()


def test_an_answer_of_exactly_four_thousand_characters_is_saved_whole(client, voice):
    # Ten lines of 399 letters: browsers send each new line as two characters, the page's
    # character count shows one, and the server counts as the page does.
    words = "\r\n".join(["a" * 399] * 10) + "b"
    assert len(words.replace("\r\n", "\n")) == 4000
    response = client.post(question_url(voice.token, _free_text_number(voice)), {"text": words})
    assert response.status_code == 302
    assert voice.invitation.draft_answers.get().text == words.replace("\r\n", "\n")


def test_skipping_a_question_with_too_long_an_answer_still_skips_it(client, voice):
    number = _free_text_number(voice)
    response = client.post(question_url(voice.token, number), {"text": "a" * 4001, "skip": "1"})
    assert response.status_code == 302
    assert voice.invitation.draft_answers.get().skipped


def test_the_service_refuses_too_long_an_answer_rather_than_cutting_it(voice):
    question = voice.invitation.survey.questions.last()
    with pytest.raises(FeedbackError, match="Your answer is too long"):
        answer_save(invitation=voice.invitation, question=question, text="a" * 4001)
    assert not voice.invitation.draft_answers.exists()
