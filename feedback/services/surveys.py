"""Managing questionnaires: drafts, questions, publishing, new versions."""

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from casework.models import Measure

from .. import defaults
from ..errors import FeedbackError
from ..models import Question, Survey

SurveyStatus = Survey.Status

SURVEY_TRANSITIONS: dict[str, frozenset[str]] = {
    "edit": frozenset({SurveyStatus.DRAFT}),
    "publish": frozenset({SurveyStatus.DRAFT}),
    "retire": frozenset({SurveyStatus.PUBLISHED}),
    "new_version": frozenset({SurveyStatus.PUBLISHED, SurveyStatus.RETIRED}),
}
_REFUSALS = {
    "edit": "Only a draft can be changed. Make a new version to change a survey in use.",
    "publish": "Only a draft can be put into use.",
    "retire": "Only a survey in use can be retired.",
    "new_version": "This survey is already a draft: change it directly.",
}


def survey_transition_allowed(status: str, action: str) -> bool:
    return status in SURVEY_TRANSITIONS[action]


def _guard(survey: Survey, action: str) -> None:
    if not survey_transition_allowed(survey.status, action):
        raise FeedbackError(_REFUSALS[action])


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


@transaction.atomic
def survey_defaults_install() -> dict[str, int]:
    """Add any missing default survey, worrying phrase list and participation group."""
    return defaults.install(apps.get_model, now=timezone.now())


@transaction.atomic
def survey_create(
    *, title: str, kind: str, audience: str, journey_point: str, intro: str = ""
) -> Survey:
    base = slugify(title)[:50] or "survey"
    key, n = base, 1
    while Survey.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return Survey.objects.create(
        key=key,
        title=title,
        intro=intro,
        kind=kind,
        audience=audience,
        journey_point=journey_point,
        status=SurveyStatus.DRAFT,
    )


@transaction.atomic
def survey_update(
    *, survey: Survey, title: str, kind: str, audience: str, journey_point: str, intro: str
) -> Survey:
    survey = _locked(survey)
    _guard(survey, "edit")
    survey.title, survey.intro, survey.kind = title, intro, kind
    survey.audience, survey.journey_point = audience, journey_point
    survey.save(update_fields=["title", "intro", "kind", "audience", "journey_point"])
    return survey


def _answers_for(kind: str, *, yes_is_good: bool, alert_on: list[str]) -> dict:
    if kind == Question.Kind.SCALE:
        return {
            "positive_answers": defaults.SCALE_POSITIVE,
            "negative_answers": defaults.SCALE_NEGATIVE,
            "alert_answers": [],
        }
    if kind == Question.Kind.YES_NO:
        good, bad = ("yes", "no") if yes_is_good else ("no", "yes")
        allowed = {"yes", "no", "not_sure"}
        return {
            "positive_answers": [good],
            "negative_answers": [bad],
            "alert_answers": [a for a in alert_on if a in allowed],
        }
    return {"positive_answers": [], "negative_answers": [], "alert_answers": []}


def _clean_options(kind: str, options: list[str]) -> list[str]:
    if kind != Question.Kind.CHOICE:
        return []
    cleaned = list(dict.fromkeys(o.strip()[:120] for o in options if o.strip()))
    if len(cleaned) < 2:
        raise FeedbackError("A choice question needs at least two answers to choose from.")
    return cleaned


def _measure_for(code: str) -> Measure | None:
    """The Improvement Plan measure with ``code`` (none for an empty code)."""
    code = (code or "").strip()
    if not code:
        return None
    measure = Measure.objects.filter(code=code).first()
    if measure is None:
        raise FeedbackError(
            f"There is no Improvement Plan measure with the code '{code}'. Check the code on "
            "the measures page."
        )
    return measure


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    text: str,
    kind: str,
    theme: str,
    hint: str = "",
    scale_words: str = Question.ScaleWords.FEELING,
    options: list[str] | None = None,
    measure_code: str = "",
    yes_is_good: bool = True,
    alert_on: list[str] | None = None,
) -> Question:
    survey = _locked(survey)
    _guard(survey, "edit")
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    return Question.objects.create(
        survey=survey,
        position=position,
        text=text,
        hint=hint,
        kind=kind,
        scale_words=scale_words,
        options=_clean_options(kind, options or []),
        theme=theme,
        measure=_measure_for(measure_code),
        **_answers_for(kind, yes_is_good=yes_is_good, alert_on=alert_on or []),
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    kind: str,
    theme: str,
    hint: str = "",
    scale_words: str = Question.ScaleWords.FEELING,
    options: list[str] | None = None,
    measure_code: str = "",
    yes_is_good: bool = True,
    alert_on: list[str] | None = None,
) -> Question:
    _guard(_locked(question.survey), "edit")
    question.text, question.hint, question.kind, question.theme = text, hint, kind, theme
    question.scale_words, question.measure = scale_words, _measure_for(measure_code)
    question.options = _clean_options(kind, options or [])
    for field, value in _answers_for(
        kind, yes_is_good=yes_is_good, alert_on=alert_on or []
    ).items():
        setattr(question, field, value)
    question.save()
    return question


@transaction.atomic
def question_remove(*, question: Question) -> None:
    survey = _locked(question.survey)
    _guard(survey, "edit")
    question.delete()
    # Close the gap, lowest first, so positions stay unique at every step.
    for position, remaining in enumerate(survey.questions.order_by("position"), 1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])


@transaction.atomic
def survey_publish(*, survey: Survey) -> Survey:
    """Put a draft into use; the version in use until now is retired (its answers are kept)."""
    survey = _locked(survey)
    _guard(survey, "publish")
    if not survey.questions.exists():
        raise FeedbackError("Add at least one question before putting the survey into use.")
    now = timezone.now()
    Survey.objects.filter(key=survey.key, status=SurveyStatus.PUBLISHED).update(
        status=SurveyStatus.RETIRED, retired_at=now
    )
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = now
    survey.save(update_fields=["status", "published_at"])
    return survey


@transaction.atomic
def survey_retire(*, survey: Survey) -> Survey:
    survey = _locked(survey)
    _guard(survey, "retire")
    survey.status = SurveyStatus.RETIRED
    survey.retired_at = timezone.now()
    survey.save(update_fields=["status", "retired_at"])
    return survey


@transaction.atomic
def survey_new_version(*, survey: Survey) -> Survey:
    """A draft copy of a survey, one version up, to change without touching answers given."""
    survey = _locked(survey)
    _guard(survey, "new_version")
    if Survey.objects.filter(key=survey.key, status=SurveyStatus.DRAFT).exists():
        raise FeedbackError("There is already a draft of this survey. Change that one.")
    latest = Survey.objects.filter(key=survey.key).aggregate(v=Max("version"))["v"]
    draft = Survey.objects.create(
        key=survey.key,
        version=latest + 1,
        title=survey.title,
        intro=survey.intro,
        kind=survey.kind,
        audience=survey.audience,
        journey_point=survey.journey_point,
        status=SurveyStatus.DRAFT,
    )
    questions = list(survey.questions.all())
    for question in questions:
        question.pk = None
        question.survey = draft
    Question.objects.bulk_create(questions)
    return draft
