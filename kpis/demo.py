"""Demo KPI history: two years of monthly snapshots, notes that explain the summer dips,
Improvement Plan measures linked to their KPIs, targets a QA officer has set, and the questions
peer auditors ask children and families for the measures, answered in the demo's conversations.

The months the demo's own data covers (its recent audit rounds, feedback and case events) are
computed from that data, exactly as the monthly job does. Earlier months, for which the demo
holds no audits, responses or events, get a generated history that trends towards this year's
figures, so that the dashboard shows direction of travel, a summer dip with its note, and KPIs
on, near and off target.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from audits.models import Conversation, ConversationAnswer, ConversationQuestion
from audits.services.history import history_stamp
from casework.models import Measure, Team
from qaf import demo

from . import registry
from .cache import figures_changed
from .models import KpiSnapshot
from .periods import months_back
from .registry import Kpi
from .services import compute_period, measure_link_kpis, round_note_set, set_target

HISTORY_MONTHS = 24
# The recent months the demo's own records fill (its rounds go back four months), computed as
# the monthly job would.
COMPUTED_MONTHS = 4

SUMMER_NOTE = (
    "August round: half the usual sample, agreed with the Director because of summer leave. "
    "September's round returned to the usual size."
)
MEASURE_KPIS = {
    "voice_plan_copy": ["voice.plan_copy", "voice.helped_make_plan"],
    "voice_easy_contact": ["voice.easy_contact"],
    "voice_listened": ["voice.listened"],
    "voice_explained": ["voice.told_why"],
    "voice_positive_difference": ["audit.good_or_better"],
}
EXTRA_MEASURES = [
    (
        "stable_relationships",
        "Children keep the same social worker",
        "Children have stable, trusting relationships with the people who help them",
        ["practice.three_plus_social_workers", "practice.cla_three_placements"],
    ),
    (
        "timely_practice",
        "Assessments, conferences and visits happen on time",
        "Children get help without delay",
        [
            "practice.assessments_in_45_days",
            "practice.icpc_in_15_days",
            "practice.cp_visits_in_timescale",
            "practice.cla_visits_in_timescale",
        ],
    ),
    (
        "audit_quality",
        "Audits show better practice",
        "Practice is good or better for most children",
        ["audit.good_or_better", "audit.inadequate", "audit.agreement_rate"],
    ),
]
AskedOf = ConversationQuestion.AskedOf
# The questions peer auditors ask in conversation, by measure: (asked of, wording).
CONVERSATION_QUESTIONS = {
    "voice_explained": [
        (AskedOf.CHILD, "Do you know why your social worker visits you?"),
        (AskedOf.PARENT_OR_CARER, "Has someone explained why children's services are involved?"),
    ],
    "voice_plan_copy": [
        (AskedOf.BOTH, "Did you help make your plan?"),
        (AskedOf.PARENT_OR_CARER, "Do you have a copy of the plan?"),
    ],
    "voice_listened": [
        (AskedOf.CHILD, "Does your social worker listen to what you say?"),
        (AskedOf.PARENT_OR_CARER, "Do you feel listened to by the social worker?"),
    ],
    "stable_relationships": [
        (AskedOf.CHILD, "Do you know who your social worker is?"),
        (AskedOf.BOTH, "Is there someone you trust to talk to about your worries?"),
    ],
}
# How the answers lean: yes, partly, no, not asked or not answered. Children say "yes" a little
# more often month by month, as the Improvement Plan takes hold.
ANSWER_WEIGHTS = (50, 22, 18, 10)
# Where each KPI ends up this year against its thresholds, in its direction: on target, close
# to it, or off it (cycled through the KPIs so the dashboard shows all three).
LANDINGS = (Decimal(4), Decimal(-4), Decimal(-14))


def _is_empty(snapshot: KpiSnapshot | None, kpi: Kpi) -> bool:
    if snapshot is None:
        return True
    return snapshot.numerator == 0 and (kpi.unit == "count" or not snapshot.denominator)


def _final_rate(kpi: Kpi, index: int) -> Decimal:
    """The share (0-100) this KPI trends towards."""
    green = kpi.default_green
    if green is None:
        green = Decimal(20) if kpi.polarity == "down" else Decimal(60)
    landing = LANDINGS[index % len(LANDINGS)]
    rate = green + landing if kpi.polarity == "up" else green - landing
    return min(Decimal(98), max(Decimal(2), rate))


def _team_size(kpi: Kpi, team_index: int) -> int:
    base = 3 if kpi.group == "audit" else 8 if kpi.group == "voice" else 12
    return base + team_index % 4


def _generated(kpi, index, period, months_ago, teams, rng, anchor=None) -> list[KpiSnapshot]:
    """One month's rows for every team, its area and the service; areas and the service are
    the sums of their teams, as the real computation gives. ``anchor`` is the figure the
    demo's own recent data gives, which the history leads up to."""
    final = _final_rate(kpi, index) if anchor is None or kpi.unit == "count" else anchor
    # Two years ago the figure was ten points worse; it has improved since, with noise.
    worse = Decimal(10) * months_ago / HISTORY_MONTHS
    rate = final - worse if kpi.polarity == "up" else final + worse
    summer = period.month == 8
    rows, by_area = [], {}
    for team_index, (team_id, area_id) in enumerate(teams):
        size = _team_size(kpi, team_index)
        if summer and kpi.group == "audit":
            size = max(1, size // 2)
        if kpi.unit == "count":
            if anchor is not None:
                size = max(0, round(anchor / len(teams)))
                if summer and kpi.group == "audit":
                    size = size // 2
            numerator, denominator = max(0, size + rng.randint(-1, 1)), None
        else:
            denominator = size
            share = (rate + rng.randint(-6, 6)) / 100
            numerator = max(0, min(size, round(size * share)))
        rows.append(("team", area_id, team_id, numerator, denominator))
        total = by_area.setdefault(area_id, [0, 0 if denominator is not None else None])
        total[0] += numerator
        if denominator is not None:
            total[1] += denominator
    for area_id, (numerator, denominator) in by_area.items():
        rows.append(("area", area_id, None, numerator, denominator))
    area_rows = [row for row in rows if row[0] == "area"]
    numerator = sum(row[3] for row in area_rows)
    denominator = None if kpi.unit == "count" else sum(row[4] for row in area_rows)
    rows.append(("service", None, None, numerator, denominator))
    return [
        KpiSnapshot(
            code=kpi.code,
            period=period,
            scope_kind=kind,
            service_area_id=area_id,
            team_id=team_id,
            numerator=numerator,
            denominator=denominator,
            value=kpi.value_of(numerator, denominator),
        )
        for kind, area_id, team_id, numerator, denominator in rows
    ]


def _measures() -> int:
    linked = 0
    for code, kpis in MEASURE_KPIS.items():
        measure = Measure.objects.filter(code=code).first()
        if measure is not None:
            measure_link_kpis(measure=measure, codes=kpis)
            linked += 1
    for code, title, outcome, kpis in EXTRA_MEASURES:
        measure, _ = Measure.objects.get_or_create(
            code=code, defaults={"title": title, "outcome": outcome}
        )
        measure_link_kpis(measure=measure, codes=kpis)
        linked += 1
    return linked


@demo.register("kpis")
def seed(*, today: date, rng: random.Random) -> str:
    if KpiSnapshot.objects.exists():
        return "KPI history already there"
    teams = list(
        Team.objects.filter(awaiting_review=False)
        .order_by("pk")
        .values_list("pk", "service_area_id")
    )
    if not teams:
        return "no demo teams to report on"
    qa = get_user_model().objects.filter(username="qa").first()
    last_month = months_back(today, 1)
    for back in range(COMPUTED_MONTHS - 1, -2, -1):  # this month so far, too
        compute_period(months_back(last_month, back))

    existing = {
        (s.code, s.period): s
        for s in KpiSnapshot.objects.filter(scope_kind="service").only(
            "code", "period", "numerator", "denominator", "value"
        )
    }
    generated, replaced = [], []
    for index, kpi in enumerate(registry.all_kpis()):
        real = [
            s.value
            for (code, _), s in existing.items()
            if code == kpi.code and not _is_empty(s, kpi) and s.value is not None
        ]
        anchor = sum(real) / len(real) if real else None
        for months_ago in range(HISTORY_MONTHS - 1, -1, -1):
            period = months_back(last_month, months_ago)
            if not _is_empty(existing.get((kpi.code, period)), kpi):
                continue
            replaced.append((kpi.code, period))
            generated += _generated(kpi, index, period, months_ago, teams, rng, anchor)
    for code, period in replaced:
        KpiSnapshot.objects.filter(code=code, period=period).delete()
    KpiSnapshot.objects.bulk_create(generated, batch_size=2000)
    figures_changed()

    notes = 0
    for months_ago in range(HISTORY_MONTHS):
        period = months_back(last_month, months_ago)
        if period.month == 8:
            round_note_set(period=period, note=SUMMER_NOTE, by=qa)
            notes += 1
    round_note_set(
        period=last_month,
        code="voice.response_rate",
        note="Links were sent by text message for the first time this month.",
        by=qa,
    )
    if qa is not None:
        set_target(
            "audit.good_or_better",
            target=Decimal(65),
            green_from=Decimal(65),
            amber_from=Decimal(50),
            by=qa,
            reason="Improvement Plan year 2: raised from 60%.",
        )
    measures = _measures()
    return (
        f"{KpiSnapshot.objects.count()} KPI snapshots over {HISTORY_MONTHS} months, "
        f"{notes + 1} notes, {measures} measures"
    )


def _conversation_questions() -> list[ConversationQuestion]:
    questions = []
    for code, asked in CONVERSATION_QUESTIONS.items():
        measure = Measure.objects.filter(code=code).first()
        if measure is None:
            continue
        for position, (asked_of, text) in enumerate(asked, 1):
            question, _ = ConversationQuestion.objects.get_or_create(
                measure=measure,
                text=text,
                defaults={"asked_of": asked_of, "position": position},
            )
            questions.append(question)
    return questions


@demo.register("measure conversations")
def seed_conversation_answers(*, today: date, rng: random.Random) -> str:
    """The peer auditors' questions for the measures, and an answer to each of them in every
    conversation with a child or a family that has none yet (so a second run adds nothing)."""
    questions = _conversation_questions()
    conversations = (
        Conversation.objects.filter(
            person__in=[Conversation.Person.CHILD, Conversation.Person.PARENT_OR_CARER],
            answers__isnull=True,
        )
        .select_related("recorded_by")
        .order_by("held_on", "pk")
    )
    first = None
    answered = 0
    for conversation in conversations:
        first = first or conversation.held_on
        months_on = (conversation.held_on.year - first.year) * 12 + (
            conversation.held_on.month - first.month
        )
        weights = (ANSWER_WEIGHTS[0] + 5 * months_on, *ANSWER_WEIGHTS[1:])
        for question in questions:
            if conversation.person not in question.people:
                continue
            answer = ConversationAnswer(
                conversation=conversation,
                question=question,
                answer=rng.choices(ConversationAnswer.Answer.values, weights=weights)[0],
            )
            history_stamp(answer, by=conversation.recorded_by, reason="Conversation recorded")
            answer.save()
            answered += 1
    return f"{len(questions)} conversation questions, {answered} answers"
