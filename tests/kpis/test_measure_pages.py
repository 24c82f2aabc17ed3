"""Improvement Plan measures: the list, and one measure's KPIs, audit questions and survey
questions side by side over time."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from casework.models import Measure
from kpis import registry
from kpis.periods import months_back
from tests.factories import ConversationAnswerFactory, ConversationQuestionFactory
from tests.kpis.builders import improvement_measure, snapshots_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


def test_the_list_names_each_measure_with_how_it_is_followed(client, world):
    improvement_measure()
    client.force_login(world.users.director)

    response = client.get(reverse("kpis:measures"))

    text = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Improvement Plan measures</h1>' in text
    for measure in Measure.objects.all():
        assert escape(measure.title) in text
        assert reverse("kpis:measure_detail", args=[measure.code]) in text


def test_a_measure_shows_its_kpi_and_survey_questions_side_by_side(client, world):
    measure = improvement_measure()
    snapshots_for(world)
    client.force_login(world.users.director)

    response = client.get(reverse("kpis:measure_detail", args=[measure.code]))

    text = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{escape(measure.title)}</h1>' in text
    assert escape(registry.get("voice.plan_copy").title) in text
    question = measure.survey_questions.first()
    assert escape(question.text) in text
    assert "Side by side, month by month" in text
    assert '<h2 class="govuk-heading-l">KPIs</h2>' in text
    assert '<h2 class="govuk-heading-l">Survey questions</h2>' in text
    sources = response.context["sources"]
    assert text.count('role="img"') == len(sources)
    assert len(response.context["rows"]) == 12
    assert all(len(row["cells"]) == len(sources) for row in response.context["rows"])


def test_an_unknown_measure_is_not_found(client, world):
    client.force_login(world.users.director)

    assert client.get(reverse("kpis:measure_detail", args=["nope"])).status_code == 404


# The peer auditor's conversation questions ------------------------------------------------------

OCTOBER, SEPTEMBER = date(2026, 10, 1), date(2026, 9, 1)


def conversation_answers(question, answers_by_month: dict, *, audit_status=None):
    """One conversation per answer, held on the 5th of its month, on an audit of its own."""
    from audits.models import CaseAudit

    for month, answers in answers_by_month.items():
        for answer in answers:
            ConversationAnswerFactory(
                question=question,
                answer=answer,
                conversation__held_on=month.replace(day=5),
                conversation__case_audit__round__period=month,
                conversation__case_audit__status=audit_status or CaseAudit.Status.AGREED,
            )


def table_row(text: str, month: str) -> list[str]:
    """The figures in the side-by-side table's row for ``month``, as a reader sees them."""
    row = re.search(rf'<th scope="row"[^>]*>{month}</th>(.*?)</tr>', text, re.S).group(1)
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_measure_shows_its_conversation_questions_share_answered_yes_and_partly(client, world):
    from audits.models import CaseAudit, ConversationAnswer

    answer = ConversationAnswer.Answer
    measure = improvement_measure()
    question = ConversationQuestionFactory(measure=measure, text="Did you help make your plan?")
    conversation_answers(
        question,
        {
            # 2 yes, 1 partly, 1 no out of 4 answered: 50.0% yes and 25.0% partly.
            OCTOBER: [answer.YES, answer.YES, answer.PARTLY, answer.NO, answer.NOT_ASKED],
            # 1 yes out of 3 answered: 33.3% yes and 0.0% partly.
            SEPTEMBER: [answer.YES, answer.NO, answer.NO],
            # November is after the month shown.
            date(2026, 11, 1): [answer.NO],
        },
    )
    # Still blind: the peer auditor's conversation does not count until both have graded.
    conversation_answers(
        question, {OCTOBER: [answer.NO, answer.NO]}, audit_status=CaseAudit.Status.IN_PROGRESS
    )
    client.force_login(world.users.director)

    response = client.get(reverse("kpis:measure_detail", args=[measure.code]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Questions in the peer auditor&#x27;s conversations" in text
    source = next(s for s in response.context["sources"] if s.kind == "conversation question")
    assert source.title == "Did you help make your plan?"
    values = {point.period: point.value for point in source.series}
    partly = {point.period: point.value for point in source.partly}
    assert (values[OCTOBER], partly[OCTOBER]) == (Decimal("50.0"), Decimal("25.0"))
    assert (values[SEPTEMBER], partly[SEPTEMBER]) == (Decimal("33.3"), Decimal("0.0"))
    assert values[date(2026, 8, 1)] is None
    # The table has a column for yes and one for partly, and the chart its own figure.
    header = text[text.index("Side by side") : text.index("</thead>")]
    assert "Did you help make your plan? <span" in header
    assert "(answered yes)" in header and "(answered partly)" in header
    october = next(row for row in response.context["rows"] if row["period"] == OCTOBER)
    columns = response.context["columns"]
    yes_at = next(i for i, c in enumerate(columns) if c["label"] == "answered yes")
    assert october["cells"][yes_at : yes_at + 2] == [
        (Decimal("50.0"), "percent"),
        (Decimal("25.0"), "percent"),
    ]
    assert table_row(text, "Oct 2026")[yes_at : yes_at + 2] == ["50%", "25%"]
    assert table_row(text, "Sep 2026")[yes_at : yes_at + 2] == ["33.3%", "0%"]
    assert text.count('role="img"') == len(response.context["sources"])


@pytest.mark.parametrize("months_of_answers", [1, 3])
def test_the_measure_page_costs_the_same_queries_however_many_answers(
    client, world, django_assert_max_num_queries, months_of_answers
):
    """Counted with two questions answered once a month, then with ten answers a month and a
    third question: the same queries."""
    from audits.models import ConversationAnswer

    measure = improvement_measure()
    snapshots_for(world)
    months = [months_back(OCTOBER, back) for back in range(months_of_answers)]
    client.force_login(world.users.director)
    url = reverse("kpis:measure_detail", args=[measure.code])

    def answered(question, per_month: int) -> None:
        conversation_answers(
            question, {month: [ConversationAnswer.Answer.YES] * per_month for month in months}
        )

    questions = [
        ConversationQuestionFactory(measure=measure, text=f"Question {number}")
        for number in range(2)
    ]
    for question in questions:
        answered(question, 1)
    client.get(url)  # the session and the caches, once
    with django_assert_max_num_queries(30) as small:
        sources_before = len(client.get(url).context["sources"])

    for question in questions:
        answered(question, 9)
    answered(ConversationQuestionFactory(measure=measure, text="Question 2"), 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["sources"]) == sources_before + 1
    assert ConversationAnswer.objects.count() == 30 * months_of_answers
