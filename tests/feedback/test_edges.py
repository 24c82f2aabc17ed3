"""Voice's less travelled paths: changing a draft survey and its questions, refused input on the
registers, groups and alerts, the closure command's arguments and the admin's locked records."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from feedback.models import (
    ComplaintOrCompliment,
    ParticipationGroup,
    ParticipationRecommendation,
    SafeguardingAlert,
    WorryingPhrase,
    YouSaidWeDid,
)
from feedback.services import (
    FeedbackError,
    answer_save,
    complaint_record,
    invitation_create,
    participation_group_create,
    participation_group_update,
    participation_recommendation_add,
    participation_recommendation_answer,
    participation_session_record,
    question_add,
    safeguarding_alert_acknowledge,
    survey_create,
    worrying_phrase_add,
    worrying_phrase_remove,
    you_said_we_did_record,
)
from tests.factories import MeasureFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

Item = ComplaintOrCompliment


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


@pytest.fixture
def draft(world):
    survey = survey_create(
        title="After a review", kind="case", audience="child", journey_point="after_review"
    )
    question_add(survey=survey, text="Did you feel listened to?", kind="yes_no", theme="listened")
    return survey


# Draft surveys and their questions --------------------------------------------------------------


def test_two_surveys_with_the_same_title_get_keys_of_their_own(draft):
    again = survey_create(
        title="After a review", kind="case", audience="parent_carer", journey_point="after_review"
    )
    assert (draft.key, again.key) == ("after-a-review", "after-a-review-2")


def test_a_qa_officer_changes_a_draft_surveys_title_and_audience(qa_client, draft):
    response = qa_client.post(
        reverse("feedback:survey_edit", args=[draft.pk]),
        {
            "title": "After your review",
            "intro": "",
            "kind": "case",
            "audience": "young_person",
            "journey_point": "after_review",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:survey_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.title, draft.audience) == ("After your review", "young_person")


def test_a_qa_officer_turns_a_yes_no_question_into_a_scale(qa_client, draft):
    question = draft.questions.get()
    response = qa_client.post(
        reverse("feedback:question_edit", args=[question.pk]),
        {
            "text": "How much did they listen?",
            "kind": "scale",
            "scale_words": "ease",
            "theme": "listened",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.scale_words) == (
        "How much did they listen?",
        "scale",
        "ease",
    )
    # A scale's good and bad ends replace the yes or no of before, and a scale raises no alert.
    assert question.positive_answers and "yes" not in question.positive_answers
    assert question.alert_answers == []


def test_a_choice_question_needs_two_different_answers_to_choose_from(draft):
    with pytest.raises(FeedbackError, match="needs at least two answers"):
        question_add(
            survey=draft,
            text="Where did you meet?",
            kind="choice",
            theme="other",
            options=["At home", " At home ", ""],
        )
    assert draft.questions.count() == 1
    question = question_add(
        survey=draft,
        text="Where did you meet?",
        kind="choice",
        theme="other",
        options=["At home", "At school", "At home"],
    )
    assert [option.label for option in question.answer_options()] == ["At home", "At school"]


def test_a_question_counts_towards_a_measure_only_when_its_code_exists(draft):
    with pytest.raises(FeedbackError, match="no Improvement Plan measure with the code 'nope'"):
        question_add(
            survey=draft,
            text="Did you get a copy?",
            kind="yes_no",
            theme="plan",
            measure_code="nope",
        )
    assert draft.questions.count() == 1
    measure = MeasureFactory()
    question = question_add(
        survey=draft,
        text="Did you get a copy?",
        kind="yes_no",
        theme="plan",
        measure_code=f" {measure.code} ",
    )
    assert question.measure == measure


def test_a_survey_in_use_cannot_be_changed_in_the_admin(client, surveys):
    client.force_login(UserFactory(username="admin-super", is_staff=True, is_superuser=True))
    survey = surveys["experience-during-child"]
    change = reverse("admin:feedback_survey_change", args=[survey.pk])
    assert 'name="_save"' not in client.get(change).text
    assert client.post(change, {"title": "Changed"}).status_code == 403
    survey.refresh_from_db()
    assert survey.title != "Changed"


def test_a_draft_survey_can_be_corrected_in_the_admin(client, draft):
    client.force_login(UserFactory(username="admin-super", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:feedback_survey_change", args=[draft.pk]))
    assert 'name="_save"' in page.text


def test_alerts_and_the_register_are_never_added_or_deleted_in_the_admin(client, world):
    client.force_login(UserFactory(username="admin-super", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:feedback_safeguardingalert_add")).status_code == 403
    assert client.get(reverse("admin:feedback_complaintorcompliment_add")).status_code == 403
    item = record(world)
    delete = reverse("admin:feedback_complaintorcompliment_delete", args=[item.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Item.objects.filter(pk=item.pk).exists()


# Links ----------------------------------------------------------------------------------------


def test_a_link_cannot_last_longer_than_the_service_allows(world, surveys, settings):
    with pytest.raises(FeedbackError, match=f"from 1 to {settings.FEEDBACK_LINK_MAX_DAYS} days"):
        invitation_create(
            survey=surveys["experience-during-child"],
            child=world.child,
            created_by=world.users.practitioner,
            valid_days=settings.FEEDBACK_LINK_MAX_DAYS + 1,
        )
    assert not world.child.feedback_invitations.exists()


def test_an_answer_to_another_forms_question_is_refused(voice):
    other = next(
        survey for key, survey in voice.surveys.items() if key != "experience-during-child"
    ).questions.first()
    with pytest.raises(FeedbackError, match="That question is not on this form."):
        answer_save(invitation=voice.invitation, question=other, choice="yes")
    assert not voice.invitation.draft_answers.exists()


# Safeguarding alerts and worrying words ---------------------------------------------------------


def test_an_alert_is_not_checked_off_without_saying_what_was_done(voice):
    safe = voice.invitation.survey.questions.get(theme="safe")
    answer_save(invitation=voice.invitation, question=safe, choice="no")
    alert = SafeguardingAlert.objects.get()
    with pytest.raises(FeedbackError, match="Say what was done to check the child is safe."):
        safeguarding_alert_acknowledge(
            alert=alert, by=voice.world.users.team_manager, action_taken="   "
        )
    alert.refresh_from_db()
    assert alert.is_waiting


def test_worrying_words_need_some_words(qa_client, surveys):
    response = qa_client.post(reverse("feedback:phrase_list"), {"phrase": "?!"})
    assert response.status_code == 200
    assert "Enter some words to look for." in response.text
    assert not WorryingPhrase.objects.filter(phrase="?!").exists()


def test_adding_a_removed_phrase_again_puts_it_back_on_the_list(world):
    phrase = worrying_phrase_add(phrase="sleep in the car", by=world.users.qa_officer)
    worrying_phrase_remove(phrase=phrase)
    again = worrying_phrase_add(phrase="Sleep in the CAR", by=world.users.qa_officer)
    assert again.pk == phrase.pk
    assert again.is_active
    assert WorryingPhrase.objects.filter(phrase__iexact="sleep in the car").count() == 1


# The register ---------------------------------------------------------------------------------


def record(world, *, kind=Item.Kind.COMPLAINT, team=None, **extra):
    return complaint_record(
        kind=kind,
        received_on=dt.date(2026, 3, 2),
        team=team or world.team_a,
        category=Item.Category.COMMUNICATION,
        received_from=Item.From.PARENT_CARER,
        summary="Calls were not returned.",
        by=world.users.qa_officer,
        **extra,
    )


def test_the_register_lists_only_open_complaints_when_asked(qa_client, world):
    closed_early = record(world)
    ComplaintOrCompliment.objects.filter(pk=closed_early.pk).update(status=Item.Status.CLOSED)
    still_open = record(world)
    compliment = record(world, kind=Item.Kind.COMPLIMENT)
    page = qa_client.get(reverse("feedback:complaint_list"), {"kind": "complaint", "open": "1"})
    assert still_open.reference in page.text
    assert closed_early.reference not in page.text
    assert compliment.reference not in page.text


def test_a_summary_for_a_year_that_is_not_a_number_shows_this_year(qa_client, world):
    page = qa_client.get(reverse("feedback:complaint_summary"), {"year": "last"})
    this_year = qa_client.get(reverse("feedback:complaint_summary"))
    assert page.status_code == 200
    assert page.context["summary"].year == this_year.context["summary"].year


def test_a_complaint_response_needs_a_known_outcome(world):
    from feedback.services import complaint_respond

    complaint = record(world)
    with pytest.raises(FeedbackError, match="Choose the outcome of the complaint."):
        complaint_respond(item=complaint, sent_on=dt.date(2026, 3, 9), outcome="maybe")
    complaint.refresh_from_db()
    assert complaint.response_sent_on is None


def test_a_compliment_with_nobody_to_tell_is_not_passed_on(world):
    from feedback.services import compliment_pass_on

    compliment = record(world, kind=Item.Kind.COMPLIMENT, team=TeamFactory(name="No managers"))
    with pytest.raises(FeedbackError, match="Add the people named in the compliment"):
        compliment_pass_on(item=compliment, by=world.users.qa_officer)
    compliment.refresh_from_db()
    assert compliment.passed_on_at is None


def test_a_team_manager_cannot_record_you_said_we_did_for_the_whole_service(world):
    with pytest.raises(FeedbackError, match="Only QA officers and senior managers record"):
        you_said_we_did_record(
            team=None,
            month=dt.date(2026, 3, 1),
            theme="listened",
            you_said="Nobody called back.",
            we_did="Calls are returned within a day.",
            is_public=False,
            by=world.users.team_manager,
        )
    assert not YouSaidWeDid.objects.exists()


# Participation groups ---------------------------------------------------------------------------


@pytest.fixture
def group(world):
    return participation_group_create(name="Young Reviewers", by=world.users.participation_worker)


def test_a_group_needs_a_name(world):
    groups = ParticipationGroup.objects.count()
    with pytest.raises(FeedbackError, match="Enter the group's name."):
        participation_group_create(name="   ", by=world.users.participation_worker)
    assert ParticipationGroup.objects.count() == groups


def test_a_group_cannot_be_renamed_to_a_blank_or_another_groups_name(world, group):
    other = participation_group_create(name="Parents Forum", by=world.users.participation_worker)
    with pytest.raises(FeedbackError, match="Enter the group's name."):
        participation_group_update(group=other, name=" ")
    with pytest.raises(FeedbackError, match="There is already a group called “young reviewers”"):
        participation_group_update(group=other, name="young  reviewers")
    other.refresh_from_db()
    assert other.name == "Parents Forum"


def test_a_session_with_nobody_there_is_refused(world, group):
    with pytest.raises(FeedbackError, match="Enter how many children and young people came."):
        participation_session_record(
            group=group,
            held_on=dt.date(2026, 3, 3),
            attended=0,
            themes_shown=[],
            views="",
            by=world.users.participation_worker,
        )
    assert not group.sessions.exists()


@pytest.fixture
def session(world, group):
    return participation_session_record(
        group=group,
        held_on=dt.date(2026, 3, 3),
        attended=9,
        themes_shown=[],
        views="A new worker should read my file.",
        by=world.users.participation_worker,
    )


def test_a_recommendation_needs_words_and_a_manager_to_answer_it(world, session):
    worker = world.users.participation_worker
    with pytest.raises(FeedbackError, match="Enter what the group recommends."):
        participation_recommendation_add(
            session=session, text=" ", manager=world.users.team_manager, by=worker
        )
    with pytest.raises(FeedbackError, match="Choose a manager to answer the recommendation."):
        participation_recommendation_add(
            session=session,
            text="Say hello by letter.",
            manager=world.users.practitioner,
            by=worker,
        )
    assert not ParticipationRecommendation.objects.exists()


def test_a_blank_answer_to_a_recommendation_is_refused(world, session):
    recommendation = participation_recommendation_add(
        session=session,
        text="Say hello by letter.",
        manager=world.users.team_manager,
        by=world.users.participation_worker,
    )
    with pytest.raises(FeedbackError, match="Enter your answer to the group."):
        participation_recommendation_answer(
            recommendation=recommendation, answer="  ", by=world.users.team_manager
        )
    recommendation.refresh_from_db()
    assert recommendation.answer == ""


# The closure command ----------------------------------------------------------------------------


def test_the_closure_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="'30/11/2026' is not a date like 2026-11-30."):
        call_command("create_closure_invitations", "--since", "30/11/2026", stdout=StringIO())


def test_the_closure_command_refuses_a_window_that_ends_before_it_starts():
    with pytest.raises(CommandError, match="--since must be on or before --until."):
        call_command(
            "create_closure_invitations",
            "--since",
            "2026-11-30",
            "--until",
            "2026-11-01",
            stdout=StringIO(),
        )
