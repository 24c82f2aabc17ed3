"""Demo audits: a finished round two months ago and this month's round under way.

Everything is made through the services, as people would: sampling, drafts, submissions,
conversations, a safeguarding concern. The demo ``manager`` grades Safeguarding 1's cases and
shares one with the demo ``peer``, so both can walk the blind grading from either side.
"""

import random
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.models import Team
from qaf import demo
from qaf.roles import Role
from qaf.workdays import add_working_days, first_working_day, last_working_day

from .models import AuditRound, CaseAudit, Conversation, Grade, Grading
from .selectors import assignment_candidates, domains_for
from .services import (
    audit_template_ensure_default,
    case_audit_assign,
    case_audit_transition,
    conversation_record,
    grading_domain_save,
    grading_overall_save,
    grading_submit,
    safeguarding_concern_raise,
    sample_month,
    sampling_settings_update,
)
from .services.sampling import months_before

TEAM_SIZES = {"Duty and MASH": 2, "Safeguarding 1": 4, "Children in Care": 4, "Leaving Care": 2}

EVIDENCE = {
    Grade.OUTSTANDING: [
        "The record brings the child to life: their routines, friendships and worries are "
        "written in their own words, and every visit says what changed because of it.",
        "Decisions are clear and timely, with the reasons written down and shared with the "
        "family in words they understand.",
    ],
    Grade.GOOD: [
        "Visits are on time and the child is seen alone; case notes say what the child said "
        "and what the worker did next.",
        "The plan follows from the assessment and was reviewed on time. Most actions are "
        "specific, with owners and dates.",
        "Supervision is monthly and records reflection as well as tasks.",
    ],
    Grade.REQUIRES_IMPROVEMENT: [
        "Visits are mostly on time but the record rarely says whether the child was seen "
        "alone or what they said.",
        "The plan repeats actions from the last review without saying whether they worked; "
        "two actions have no date.",
        "Management oversight is recorded but does not give reasons for decisions.",
    ],
    Grade.INADEQUATE: [
        "There was no visit for eleven weeks and no record of why; the child's view is absent.",
        "The assessment is out of date and does not mention the new partner in the household.",
    ],
}
STRENGTHS = [
    "A warm, persistent relationship with the child, who knows who their worker is and why.",
    "Good joint work with school: the designated lead attends every core group.",
    "The worker's analysis is honest about risk and does not wait for certainty.",
]
AREAS = [
    "Record the child's words directly, and say whether they were seen alone.",
    "Make plan actions specific, with a named owner and a date.",
    "Write down the reasons for management decisions, not only the decision.",
]
WORDS = {
    Conversation.Person.CHILD: [
        "I like it when she comes because she actually listens. I want to stay at my school.",
        "Sometimes I don't know why they keep asking me the same things.",
    ],
    Conversation.Person.PARENT_OR_CARER: [
        "She's the first one who rang me back when she said she would.",
        "I never got a copy of the plan, I just get told at the meetings.",
    ],
    Conversation.Person.SOCIAL_WORKER: [
        "I know the visits slipped over the summer; I had twenty-six cases then.",
        "Supervision helps me think it through, but we rarely get to the plan itself.",
    ],
}


def _nearby(grade: str, rng: random.Random, *, spread: float) -> str:
    """A grade at most one step from ``grade``, moving with probability ``spread``."""
    step = Grade.step(grade) - 1
    if rng.random() < spread:
        step = min(3, max(0, step + rng.choice([-1, 1])))
    return Grade.values[step]


def _grade(audit, auditor, rng, *, overall: str, spread: float, domains_done=None) -> None:
    domains = domains_for(audit)
    for domain in domains[:domains_done] if domains_done is not None else domains:
        grade = _nearby(overall, rng, spread=spread)
        grading_domain_save(
            case_audit=audit,
            by=auditor,
            domain=domain,
            grade=grade,
            evidence=rng.choice(EVIDENCE[grade]),
        )
    if domains_done is None:
        grading_overall_save(
            case_audit=audit,
            by=auditor,
            overall_grade=overall,
            strengths=rng.choice(STRENGTHS),
            areas_for_development=rng.choice(AREAS),
        )


def _grade_both(audit, rng, *, agree: bool) -> None:
    manager_overall = rng.choices(Grade.values, weights=[10, 50, 30, 10])[0]
    peer_overall = manager_overall if agree else _nearby(manager_overall, rng, spread=1.0)
    _grade(audit, audit.team_manager, rng, overall=manager_overall, spread=0.3)
    grading_submit(case_audit=audit, by=audit.team_manager)
    _talk(audit, rng, people=[Conversation.Person.CHILD, Conversation.Person.SOCIAL_WORKER])
    _grade(audit, audit.peer_auditor, rng, overall=peer_overall, spread=0.3)
    grading_submit(case_audit=audit, by=audit.peer_auditor)


def _talk(audit, rng, *, people) -> None:
    for number, person in enumerate(people):
        conversation_record(
            case_audit=audit,
            by=audit.peer_auditor,
            person=person,
            relationship="mother" if person == Conversation.Person.PARENT_OR_CARER else "",
            held_on=demo_working_day(
                audit.round.period, 1 + (audit.pk + 2 * number) % 9, today=timezone.localdate()
            ),
            method=rng.choice(Conversation.Method.values[:4]),
            seen_alone=(rng.random() < 0.7) if person == Conversation.Person.CHILD else None,
            in_their_words=rng.choice(WORDS[person]),
        )


def demo_moment(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at a working hour, but never later than now: the demo dates nothing ahead."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())
    return min(moment, timezone.now())


def demo_working_day(period: date, offset: int, *, today: date) -> date:
    """The working day ``offset`` working days into ``period``'s month, no later than the
    month's last working day or today."""
    start = first_working_day(period.year, period.month)
    last = last_working_day(period.year, period.month)
    return min(add_working_days(start, offset), last, today)


def round_backdate(audit_round: AuditRound, *, today: date) -> None:
    """Date a round as if its work was done in its month: sampled early on the first working day
    and each submitted grading on a working day of the fortnight or so after."""
    start = min(first_working_day(audit_round.period.year, audit_round.period.month), today)
    AuditRound.objects.filter(pk=audit_round.pk).update(sampled_at=demo_moment(start, 7))
    for number, grading in enumerate(
        Grading.objects.filter(case_audit__round=audit_round, submitted_at__isnull=False)
        .only("pk", "role")
        .order_by("case_audit_id", "pk")
    ):
        day = demo_working_day(audit_round.period, 3 + (number * 5) % 11, today=today)
        hour = 10 if grading.role == Grading.Role.TEAM_MANAGER else 15
        Grading.objects.filter(pk=grading.pk).update(
            submitted_at=demo_moment(day, hour, (number * 7) % 60)
        )


@demo.register("audits")
def seed(*, today: date, rng: random.Random) -> str:
    """Sample two rounds and do a realistic share of their work; a second run changes nothing."""
    if AuditRound.objects.exists():
        return "audit rounds already there"
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["qa", "manager", "peer"])}
    if len(users) < 3:
        return "no demo staff to audit with"

    audit_template_ensure_default()
    sampling_settings_update(
        by=users["qa"],
        cases_per_team={
            team: TEAM_SIZES[team.name] for team in Team.objects.filter(name__in=TEAM_SIZES)
        },
        # One peer auditor is on leave and one is part-time, so a few cases need a hand.
        capacities=dict(
            zip(
                User.objects.filter(groups__name=Role.PEER_AUDITOR.value)
                .exclude(username="peer")
                .order_by("username")[:2],
                (0, 2),
                strict=False,
            )
        ),
    )

    this_month = today.replace(day=1)
    past = sample_month(period=months_before(this_month, 2), by=users["qa"]).round
    # The QA officer found an auditor by hand for the cases the rules could not place.
    for audit in CaseAudit.objects.filter(round=past).select_related("round", "child"):
        for role, field in (
            (Grading.Role.TEAM_MANAGER, "team_manager_id"),
            (Grading.Role.PEER_AUDITOR, "peer_auditor_id"),
        ):
            if getattr(audit, field) is None:
                candidates = assignment_candidates(audit, role=role)
                if candidates:
                    case_audit_assign(
                        case_audit=audit, role=role, auditor=candidates[0].user, by=users["qa"]
                    )
                    audit.refresh_from_db()
    past_audits = list(
        CaseAudit.objects.filter(round=past, team_manager__isnull=False, peer_auditor__isnull=False)
        .select_related("round", "child", "team_manager", "peer_auditor")
        .order_by("pk")
    )
    for number, audit in enumerate(past_audits):
        agree = number % 3 != 2
        _grade_both(audit, rng, agree=agree)
        audit.refresh_from_db()
        comparison_agrees = len(set(audit.gradings.values_list("overall_grade", flat=True))) == 1
        if comparison_agrees:
            case_audit_transition(
                case_audit=audit, to=CaseAudit.Status.AGREED, by=None, reason="Same overall grade"
            )
    round_backdate(past, today=today)

    current = sample_month(period=this_month).round
    audits = list(
        CaseAudit.objects.filter(round=current)
        .select_related("round", "child", "team", "team_manager", "peer_auditor")
        .order_by("team__name", "pk")
    )
    manager_cases = [a for a in audits if a.team_manager_id == users["manager"].pk]
    # The demo manager and the demo peer share the first Safeguarding 1 case, not started.
    if manager_cases:
        shared = manager_cases[0]
        if shared.peer_auditor_id != users["peer"].pk:
            case_audit_assign(
                case_audit=shared,
                role=Grading.Role.PEER_AUDITOR,
                auditor=users["peer"],
                by=users["qa"],
            )
    started = 0
    for number, audit in enumerate(a for a in audits if a not in manager_cases[:1]):
        audit.refresh_from_db()
        if not (audit.team_manager_id and audit.peer_auditor_id):
            continue
        stage = number % 5
        if stage == 0:
            continue  # not started
        if stage == 1:  # the team manager has a draft
            _grade(audit, audit.team_manager, rng, overall=Grade.GOOD, spread=0.4, domains_done=2)
        elif stage == 2:  # graded by one, the peer auditor under way
            _grade(audit, audit.team_manager, rng, overall=Grade.GOOD, spread=0.3)
            grading_submit(case_audit=audit, by=audit.team_manager)
            _talk(audit, rng, people=[Conversation.Person.CHILD])
        elif stage == 3:  # graded by one: the peer auditor
            _talk(
                audit,
                rng,
                people=[Conversation.Person.PARENT_OR_CARER, Conversation.Person.SOCIAL_WORKER],
            )
            _grade(audit, audit.peer_auditor, rng, overall=Grade.REQUIRES_IMPROVEMENT, spread=0.3)
            grading_submit(case_audit=audit, by=audit.peer_auditor)
        else:  # graded by both
            _grade_both(audit, rng, agree=True)
        started += 1
    concern_audit = next((a for a in audits if a.peer_auditor_id and a.team_manager_id), None)
    if concern_audit is not None:
        safeguarding_concern_raise(
            case_audit=concern_audit,
            by=concern_audit.peer_auditor,
            concern=(
                "The child told me that an adult who is not on the household list has been "
                "staying over at weekends. This is not in the record or the plan."
            ),
            action_taken="I told the social worker the same day.",
        )

    round_backdate(current, today=today)
    return (
        f"{past} round: {len(past_audits)} audits graded by both; "
        f"{current} round: {len(audits)} audits, {started} under way"
    )
