"""An Improvement Plan measure's audit, survey and conversation questions, month by month."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from audits.models import (
    AuditQuestion,
    CaseAudit,
    ConversationAnswer,
    ConversationQuestion,
    DomainGrade,
    Grade,
)
from casework.models import Measure
from feedback.models import Answer, Question, Sentiment

from .periods import month_end, months_back

GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _periods(until: date, months: int) -> list[date]:
    return [months_back(until, back) for back in range(months - 1, -1, -1)]


def audit_question_series(measure: Measure, *, until: date, months: int) -> list:
    """Each audit question of the measure, with the share of its domain graded good or better
    in submitted gradings, by the month of the audit's round (grades are given per domain)."""
    from .selectors import MeasureSource, Point

    periods = _periods(until, months)
    questions = list(AuditQuestion.objects.filter(measure=measure).select_related("domain"))
    titles = {question.domain.title for question in questions}
    counts: dict[tuple[str, date], Counter] = defaultdict(Counter)
    rows = DomainGrade.objects.filter(
        domain__title__in=titles,
        grading__submitted_at__isnull=False,
        grading__case_audit__round__period__gte=periods[0],
        grading__case_audit__round__period__lte=until,
    ).exclude(grade="")
    for title, period, grade in rows.values_list(
        "domain__title", "grading__case_audit__round__period", "grade"
    ):
        counts[(title, period)]["all"] += 1
        counts[(title, period)]["good"] += grade in GOOD_OR_BETTER
    return [
        MeasureSource(
            "audit question",
            question.text,
            f"Share of '{question.domain.title}' graded good or better",
            [
                Point(
                    period,
                    _percent(
                        counts[(question.domain.title, period)]["good"],
                        counts[(question.domain.title, period)]["all"],
                    ),
                )
                for period in periods
            ],
        )
        for question in questions
    ]


def survey_question_series(measure: Measure, *, until: date, months: int) -> list:
    """Each survey question of the measure, with the share of positive answers by month."""
    from .selectors import MeasureSource, Point

    periods = _periods(until, months)
    questions = list(Question.objects.filter(measure=measure).select_related("survey"))
    counts: dict[tuple[int, date], Counter] = defaultdict(Counter)
    answers = Answer.objects.filter(
        question__in=questions,
        response__month__gte=periods[0],
        response__month__lte=until,
    ).exclude(sentiment="")
    for question_id, period, sentiment in answers.values_list(
        "question_id", "response__month", "sentiment"
    ):
        counts[(question_id, period)]["all"] += 1
        counts[(question_id, period)]["good"] += sentiment == Sentiment.POSITIVE
    return [
        MeasureSource(
            "survey question",
            question.text,
            f"{question.survey.title}: share of positive answers",
            [
                Point(
                    period,
                    _percent(
                        counts[(question.pk, period)]["good"], counts[(question.pk, period)]["all"]
                    ),
                )
                for period in periods
            ],
        )
        for question in questions
    ]


def conversation_question_series(measure: Measure, *, until: date, months: int) -> list:
    """Each conversation question of the measure, with the share answered "Yes" (and, beside
    it, "Partly") by the month the conversation was held. A question not asked or not answered
    counts in neither part; conversations count once both gradings of their audit are in,
    as they are blind until then."""
    from .selectors import MeasureSource, Point

    periods = _periods(until, months)
    questions = list(
        ConversationQuestion.objects.filter(measure=measure).order_by("position", "pk")
    )
    answered = (
        ConversationAnswer.objects.filter(
            question__measure=measure,
            conversation__held_on__gte=periods[0],
            conversation__held_on__lte=month_end(until),
        )
        .exclude(answer=ConversationAnswer.Answer.NOT_ASKED)
        .exclude(conversation__case_audit__status__in=CaseAudit.GRADING_STATES)
        .annotate(month=TruncMonth("conversation__held_on"))
        .values("question_id", "month")
        .annotate(
            answers=Count("pk"),
            yes=Count("pk", filter=Q(answer=ConversationAnswer.Answer.YES)),
            partly=Count("pk", filter=Q(answer=ConversationAnswer.Answer.PARTLY)),
        )
        .order_by()
    )
    counts = {(row["question_id"], row["month"]): row for row in answered}
    sources = []
    for question in questions:
        cells = [counts.get((question.pk, period)) for period in periods]
        asked_of = ConversationQuestion.AskedOf(question.asked_of).label.lower()
        sources.append(
            MeasureSource(
                "conversation question",
                question.text,
                f"Asked of {asked_of} by the peer auditor: share who answered yes"
                + ("" if question.active else " (no longer asked)"),
                [
                    Point(period, _percent(cell["yes"], cell["answers"]) if cell else None)
                    for period, cell in zip(periods, cells, strict=True)
                ],
                partly=[
                    Point(period, _percent(cell["partly"], cell["answers"]) if cell else None)
                    for period, cell in zip(periods, cells, strict=True)
                ],
            )
        )
    return sources
