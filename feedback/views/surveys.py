"""QA officers' pages: surveys and their versions, questions, and the worrying phrases."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from ..forms import QuestionForm, SurveyForm, WorryingPhraseForm
from ..models import Question, Survey, WorryingPhrase
from ..selectors import surveys_with_counts
from ..services import (
    question_add,
    question_remove,
    question_update,
    survey_create,
    survey_new_version,
    survey_publish,
    survey_retire,
    survey_update,
    worrying_phrase_add,
    worrying_phrase_remove,
)

qa_only = role_required(Role.QA_OFFICER)


@qa_only
def survey_list(request):
    return render(request, "feedback/survey_list.html", {"surveys": surveys_with_counts()})


@qa_only
def survey_create_view(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                survey = survey_create(**form.cleaned_data)
                once.went_to(reverse("feedback:survey_detail", args=[survey.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        messages.success(request, "Draft survey made. Add its questions.")
        return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Make a new survey", "button": "Save draft"},
    )


@qa_only
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    versions = Survey.objects.filter(key=survey.key).order_by("-version")
    return render(
        request,
        "feedback/survey_detail.html",
        {"survey": survey, "questions": survey.questions.all(), "versions": versions},
    )


@qa_only
def survey_edit(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            survey_update(survey=survey, **form.cleaned_data)
        if outcome.ok:
            return redirect("feedback:survey_detail", pk=survey.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"Change {survey.title}", "button": "Save"},
    )


@qa_only
def question_create(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                question_add(survey=survey, **form.cleaned_data)
                once.went_to(reverse("feedback:survey_detail", args=[survey.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            return redirect("feedback:survey_detail", pk=survey.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"Add a question to {survey.title}", "button": "Add question"},
    )


@qa_only
def question_edit(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            question_update(question=question, **form.cleaned_data)
        if outcome.ok:
            return redirect("feedback:survey_detail", pk=question.survey_id)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Change the question", "button": "Save"},
    )


def _survey_action(request, survey, action, done: str):
    with service_errors_as_message(request) as outcome:
        result = action(survey=survey, by=request.user)
    if not outcome.ok:
        return redirect("feedback:survey_detail", pk=survey.pk)
    messages.success(request, done)
    return redirect("feedback:survey_detail", pk=result.pk)


@qa_only
@require_POST
def question_delete(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    with service_errors_as_message(request):
        question_remove(question=question)
    return redirect("feedback:survey_detail", pk=question.survey_id)


@qa_only
@require_POST
def survey_publish_view(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return _survey_action(request, survey, survey_publish, "The survey is now in use.")


@qa_only
@require_POST
def survey_retire_view(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return _survey_action(request, survey, survey_retire, "The survey is retired.")


@qa_only
@require_POST
def survey_new_version_view(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return _survey_action(
        request, survey, survey_new_version, "A new draft version has been made. Change it here."
    )


@qa_only
def phrase_list(request):
    form = WorryingPhraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form, field="phrase") as outcome:
            phrase = worrying_phrase_add(phrase=form.cleaned_data["phrase"], by=request.user)
        if outcome.ok:
            messages.success(request, f"'{phrase.phrase}' added.")
            return redirect("feedback:phrase_list")
    phrases = WorryingPhrase.objects.filter(is_active=True)
    return render(request, "feedback/phrase_list.html", {"form": form, "phrases": phrases})


@qa_only
@require_POST
def phrase_remove(request, pk: int):
    phrase = get_object_or_404(WorryingPhrase, pk=pk, is_active=True)
    worrying_phrase_remove(phrase=phrase)
    messages.success(request, f"'{phrase.phrase}' removed.")
    return redirect("feedback:phrase_list")
