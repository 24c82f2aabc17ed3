"""Surveys: the defaults, versions, questions, and the demo data built on them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from feedback.models import (
    ComplaintOrCompliment,
    Invitation,
    ParticipationSession,
    Question,
    Response,
    SafeguardingAlert,
    Survey,
    WorryingPhrase,
    YouSaidWeDid,
)
from feedback.services import (
    FeedbackError,
    question_add,
    question_remove,
    survey_create,
    survey_defaults_install,
    survey_new_version,
    survey_publish,
)
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

STANDARD_THEMES = {"contact", "plan", "explained", "listened", "difference"}


def test_default_surveys_ask_the_standard_questions_in_three_wordings(surveys):
    experience = Survey.objects.filter(kind="experience", status="published")
    assert {(s.audience, s.journey_point) for s in experience} == {
        (audience, journey)
        for audience in ("child", "young_person", "parent_carer")
        for journey in ("during", "closure")
    }
    for survey in experience:
        themes = set(survey.questions.values_list("theme", flat=True))
        assert themes >= STANDARD_THEMES, survey.key
    case = Survey.objects.filter(kind="case", journey_point="after_review")
    assert {s.audience for s in case} == {"child", "young_person", "parent_carer"}
    wording = {
        s.audience: s.questions.filter(theme="contact").first().text
        for s in experience.filter(journey_point="during")
    }
    assert len(set(wording.values())) == 3  # each audience in its own words


def test_every_question_type_is_used_and_linked_to_improvement_plan_measures(surveys):
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values)
    plan = Question.objects.filter(theme="plan", survey__kind="experience")
    assert set(plan.values_list("measure__code", flat=True)) == {"voice_plan_copy"}


def test_installing_the_defaults_again_changes_nothing(surveys):
    before = (Survey.objects.count(), Question.objects.count(), WorryingPhrase.objects.count())
    assert survey_defaults_install() == {"surveys": 0, "phrases": 0, "groups": 0}
    after = (Survey.objects.count(), Question.objects.count(), WorryingPhrase.objects.count())
    assert before == after


def test_a_new_version_is_a_draft_copy_and_publishing_it_retires_the_old(child_survey):
    draft = survey_new_version(survey=child_survey)
    assert (draft.version, draft.status) == (2, "draft")
    assert draft.questions.count() == child_survey.questions.count()
    with pytest.raises(FeedbackError, match="already a draft"):
        survey_new_version(survey=child_survey)
    question_add(survey=draft, text="What do you like best?", kind="free_text", theme="other")
    question_remove(question=draft.questions.get(position=1))
    assert list(draft.questions.values_list("position", flat=True)) == list(range(1, 8))
    survey_publish(survey=draft)
    child_survey.refresh_from_db()
    assert child_survey.status == "retired"
    with pytest.raises(FeedbackError, match="Only a draft"):
        question_add(survey=child_survey, text="x", kind="free_text", theme="other")


def test_a_draft_needs_a_question_before_it_goes_into_use():
    survey = survey_create(
        title="Short check", kind="experience", audience="child", journey_point="during"
    )
    with pytest.raises(FeedbackError, match="at least one question"):
        survey_publish(survey=survey)


def test_qa_adds_a_yes_no_question_that_raises_an_alert(client, world, surveys):
    survey = survey_create(
        title="Quick check", kind="experience", audience="young_person", journey_point="during"
    )
    client.force_login(world.users.qa_officer)
    response = client.post(
        reverse("feedback:question_create", args=[survey.pk]),
        {
            "text": "Is anyone hurting you?",
            "kind": "yes_no",
            "theme": "safe",
            "yes_is_good": "no",
            "alert_on": ["yes"],
        },
    )
    assert response.status_code == 302
    question = survey.questions.get()
    assert question.alert_answers == ["yes"]
    assert question.positive_answers == ["no"]
    assert question.sentiment_for("yes") == "negative"


def test_a_choice_question_needs_two_answers(client, world):
    survey = survey_create(
        title="Quick check", kind="experience", audience="child", journey_point="during"
    )
    client.force_login(world.users.qa_officer)
    response = client.post(
        reverse("feedback:question_create", args=[survey.pk]),
        {"text": "Which?", "kind": "choice", "theme": "other", "options": "Only one"},
    )
    assert "Enter at least two answers" in response.text


def test_the_demo_has_six_months_of_voice_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    load_demo()
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Invitation,
            Response,
            SafeguardingAlert,
            ComplaintOrCompliment,
            YouSaidWeDid,
            ParticipationSession,
        )
    }
    assert counts["Response"] > 100
    assert Response.objects.values("month").distinct().count() == 6
    assert Response.objects.filter(is_anonymous=True).exists()
    assert set(SafeguardingAlert.objects.values_list("status", flat=True)) == {
        "open",
        "acknowledged",
    }
    open_alert = SafeguardingAlert.objects.get(status="open")
    assert open_alert.team.name == "Safeguarding 1"
    assert Invitation.objects.filter(assigned_to__username="worker", status="open").exists()
    assert Invitation.objects.filter(assigned_to__username="worker", status="pending").exists()
    assert set(ComplaintOrCompliment.objects.values_list("status", flat=True)) >= {
        "open",
        "responded",
        "closed",
        "passed_on",
    }
    call_command("seed_demo")
    assert counts == {
        model.__name__: model.objects.count()
        for model in (
            Invitation,
            Response,
            SafeguardingAlert,
            ComplaintOrCompliment,
            YouSaidWeDid,
            ParticipationSession,
        )
    }


def test_every_demo_link_is_for_a_form_that_fits_the_childs_age(settings):
    from feedback.audiences import survey_fits

    settings.DEBUG = True
    load_demo()
    invitations = Invitation.objects.select_related("survey", "child", "episode")
    assert invitations.count() > 100
    for invitation in invitations:
        if invitation.source == Invitation.Source.CLOSURE:
            asked_on = invitation.episode.end_date
        else:
            asked_on = invitation.sent_at.date()
        assert survey_fits(invitation.survey, invitation.child, asked_on), invitation.dedupe_key
    named = Response.objects.filter(child__isnull=False).select_related(
        "survey", "child", "invitation"
    )
    assert named.exists()
    for response in named:
        assert survey_fits(response.survey, response.child, response.invitation.sent_at.date())
