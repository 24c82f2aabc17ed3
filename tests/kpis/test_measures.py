"""Improvement Plan measures link KPIs, audit questions and survey questions."""

from datetime import date

import pytest

from audits.models import AuditQuestion
from casework.models import Measure
from feedback.errors import FeedbackError
from feedback.models import Question, Survey
from feedback.services import question_add
from kpis import selectors
from kpis.services import TargetError, measure_link_kpis
from tests.factories import ConversationQuestionFactory

pytestmark = pytest.mark.django_db


def test_the_default_survey_questions_link_to_measures_not_typed_codes():
    plan = Measure.objects.get(code="voice_plan_copy")
    assert plan.title == "Children and families have a copy of their plan"
    assert Question.objects.filter(measure=plan).count() >= 3
    assert all(q.measure_code == "voice_plan_copy" for q in plan.survey_questions.all())


def test_a_survey_question_links_to_a_known_measure_and_refuses_an_unknown_one():
    survey = Survey.objects.create(key="kpi-draft", title="Draft", audience="parent")
    question = question_add(
        survey=survey,
        text="Do you have your plan?",
        kind="yes_no",
        theme="plan",
        measure_code="voice_plan_copy",
    )
    assert question.measure.code == "voice_plan_copy"
    with pytest.raises(FeedbackError, match="no Improvement Plan measure with the code 'IP99'"):
        question_add(
            survey=survey, text="Another?", kind="yes_no", theme="plan", measure_code="IP99"
        )
    assert survey.questions.count() == 1


def test_a_measure_page_reads_its_kpis_audit_questions_and_survey_questions_together():
    measure = Measure.objects.get(code="voice_plan_copy")
    measure_link_kpis(measure=measure, codes=["voice.plan_copy", "voice.helped_make_plan"])
    AuditQuestion.objects.filter(pk=AuditQuestion.objects.first().pk).update(measure=measure)
    ConversationQuestionFactory(measure=measure, text="Do you have a copy of your plan?")
    with pytest.raises(TargetError, match="no KPI with the code 'voice.nope'"):
        measure_link_kpis(measure=measure, codes=["voice.nope"])
    listed = selectors.measures_list().get(code="voice_plan_copy")
    assert listed.kpi_count == 2 and listed.audit_question_count == 1
    assert listed.survey_question_count >= 3
    assert listed.conversation_question_count == 1
    sources = selectors.measure_sources(measure, until=date(2026, 9, 1), months=12)
    kinds = [source.kind for source in sources]
    assert kinds.count("kpi") == 2 and kinds.count("audit question") == 1
    assert kinds.count("survey question") == listed.survey_question_count
    assert kinds[-1] == "conversation question"
    assert all(len(source.series) == 12 for source in sources)


def test_a_new_audit_template_version_keeps_its_questions_measures():
    from audits.services.templates import audit_template_draft_create, audit_template_ensure_default
    from tests.factories import UserFactory

    template = audit_template_ensure_default()
    measure = Measure.objects.create(code="IP7", title="Children's voices are recorded")
    question = AuditQuestion.objects.filter(domain__template=template).order_by("pk").first()
    AuditQuestion.objects.filter(pk=question.pk).update(measure=measure)
    draft = audit_template_draft_create(by=UserFactory(username="kpi-template-qa"))
    copied = AuditQuestion.objects.get(
        domain__template=draft, text=question.text, domain__title=question.domain.title
    )
    assert copied.measure == measure
