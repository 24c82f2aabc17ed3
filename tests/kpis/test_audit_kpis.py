"""Audit KPIs on a hand-built September 2026 round, with August's and July's around it (the
August round was due on Friday 28 August: Monday 31 August was a bank holiday)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audits.models import AuditDomain, AuditRound, CaseAudit, DomainGrade, Grade, Grading
from audits.template_defaults import DEFAULT_DOMAINS
from moderation.models import Action, FinalGrade, FollowUpReview, Moderation
from tests.factories import UserFactory

from .kpi_world import (  # noqa: F401 - the fixture is used by name
    assert_drill_down_matches,
    child,
    figures,
    kpi_world_fixture,
)

pytestmark = pytest.mark.django_db
S = CaseAudit.Status
SEPTEMBER = date(2026, 9, 1)


def at(day: date, hour: int = 12):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def rounds(kpi_world):
    w = kpi_world
    w.manager_grader = UserFactory(username="kpi-tm")
    w.peer = UserFactory(username="kpi-peer")
    made = {}
    for period, due in (
        (date(2026, 7, 1), date(2026, 7, 31)),
        (date(2026, 8, 1), date(2026, 8, 28)),
        (SEPTEMBER, date(2026, 9, 30)),
    ):
        made[period] = AuditRound.objects.create(period=period, seed=1, due_date=due)
    w.rounds = made
    return w


def audit(w, period, team, status, *, manager=None, peer=None, final=None, decided=None):
    case_audit = CaseAudit.objects.create(
        round=w.rounds[period],
        child=child(),
        case_kind="cin",
        team=team,
        status=status,
        due_date=w.rounds[period].due_date,
        team_manager=w.manager_grader,
        peer_auditor=w.peer,
    )
    for role, auditor, grade in (
        (Grading.Role.TEAM_MANAGER, w.manager_grader, manager),
        (Grading.Role.PEER_AUDITOR, w.peer, peer),
    ):
        if grade:
            Grading.objects.create(
                case_audit=case_audit,
                role=role,
                auditor=auditor,
                overall_grade=grade,
                submitted_at=at(period.replace(day=20)),
            )
    if final:
        FinalGrade.objects.create(
            case_audit=case_audit,
            overall_grade=final,
            route="agreed",
            decided_on=decided,
            follow_up_due=date(2027, 1, 4),
            feedback_due=date(2026, 10, 30),
        )
    return case_audit


@pytest.fixture
def september(rounds):
    w = rounds
    G = Grade
    w.ca1 = audit(
        w,
        SEPTEMBER,
        w.a1,
        S.AGREED,
        manager=G.GOOD,
        peer=G.GOOD,
        final=G.GOOD,
        decided=date(2026, 9, 30),
    )
    w.ca2 = audit(
        w,
        SEPTEMBER,
        w.a2,
        S.MODERATED,
        manager=G.GOOD,
        peer=G.REQUIRES_IMPROVEMENT,
        final=G.REQUIRES_IMPROVEMENT,
        decided=date(2026, 10, 1),
    )
    w.ca3 = audit(
        w,
        SEPTEMBER,
        w.b1,
        S.AGREED,
        manager=G.INADEQUATE,
        peer=G.INADEQUATE,
        final=G.INADEQUATE,
        decided=date(2026, 9, 25),
    )
    w.ca4 = audit(w, SEPTEMBER, w.b1, S.SAMPLED)
    w.ca5 = audit(
        w,
        date(2026, 8, 1),
        w.a1,
        S.FOLLOW_UP,
        manager=G.INADEQUATE,
        peer=G.INADEQUATE,
        final=G.INADEQUATE,
        decided=date(2026, 8, 28),
    )
    w.ca6 = audit(
        w,
        date(2026, 7, 1),
        w.a2,
        S.CLOSED,
        manager=G.GOOD,
        peer=G.GOOD,
        final=G.GOOD,
        decided=date(2026, 7, 31),
    )
    return w


def pair(found, key="service"):
    return found[key].numerator, found[key].denominator


def test_audits_sampled_graded_and_completed(september):
    w = september
    assert figures("audit.sampled", SEPTEMBER)["service"].numerator == 4
    assert figures("audit.sampled", SEPTEMBER)[f"team:{w.b1.pk}"].numerator == 2
    assert figures("audit.graded", SEPTEMBER)["service"].numerator == 3
    assert figures("audit.completed", SEPTEMBER)["service"].numerator == 3
    on_time = figures("audit.completed_on_time", SEPTEMBER)
    assert pair(on_time) == (2, 4)  # decided on the due day counts; 1 October does not
    assert on_time["service"].value == Decimal("50.0")
    for code in ("audit.sampled", "audit.graded", "audit.completed", "audit.completed_on_time"):
        assert_drill_down_matches(code, SEPTEMBER, w, figures(code, SEPTEMBER))


def test_grade_distribution_by_month_and_quarter(september):
    w = september
    assert pair(figures("audit.good_or_better", SEPTEMBER)) == (1, 3)
    assert figures("audit.good_or_better", SEPTEMBER)["service"].value == Decimal("33.3")
    assert pair(figures("audit.requires_improvement", SEPTEMBER)) == (1, 3)
    assert pair(figures("audit.good", SEPTEMBER)) == (1, 3)
    assert pair(figures("audit.outstanding", SEPTEMBER)) == (0, 3)
    assert pair(figures("audit.outstanding", date(2026, 7, 1))) == (0, 1)
    for code in ("audit.good_or_better", "audit.outstanding", "audit.good"):
        assert_drill_down_matches(code, SEPTEMBER, w, figures(code, SEPTEMBER))
    assert pair(figures("audit.inadequate", SEPTEMBER)) == (1, 3)
    assert pair(figures("audit.inadequate", date(2026, 8, 1))) == (1, 1)
    quarter = figures("audit.inadequate_quarter", SEPTEMBER)
    assert pair(quarter) == (2, 5)
    assert quarter["service"].value == Decimal("40.0")
    assert_drill_down_matches("audit.inadequate_quarter", SEPTEMBER, w, quarter)


def test_manager_and_peer_agreement_overall_and_by_domain(september):
    w = september
    agreement = figures("audit.agreement_rate", SEPTEMBER)
    assert pair(agreement) == (2, 3)
    assert agreement[f"team:{w.a2.pk}"].value == Decimal("0.0")
    assert_drill_down_matches("audit.agreement_rate", SEPTEMBER, w, agreement)

    domain = AuditDomain.objects.filter(title=DEFAULT_DOMAINS[0][0]).first()
    for case_audit, manager, peer in (
        (w.ca1, Grade.GOOD, Grade.GOOD),
        (w.ca2, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT),
    ):
        for grading in case_audit.gradings.all():
            DomainGrade.objects.create(
                grading=grading,
                domain=domain,
                grade=manager if grading.role == Grading.Role.TEAM_MANAGER else peer,
            )
    by_domain = figures("audit.agreement_rate.domain_1", SEPTEMBER)
    assert pair(by_domain) == (1, 2)
    assert_drill_down_matches("audit.agreement_rate.domain_1", SEPTEMBER, w, by_domain)


def test_moderations_within_timescale(september):
    w = september
    Moderation.objects.create(
        case_audit=w.ca2,
        reasons="Different overall grades",
        routed_on=date(2026, 9, 10),
        due_date=date(2026, 9, 24),
        status=Moderation.Status.MODERATED,
        moderated_at=at(date(2026, 9, 24), 17),
    )
    Moderation.objects.create(
        case_audit=w.ca5,
        reasons="Different overall grades",
        routed_on=date(2026, 8, 14),
        due_date=date(2026, 8, 28),
        status=Moderation.Status.MODERATED,
        moderated_at=at(date(2026, 9, 1), 9),
    )
    found = figures("audit.moderation_in_timescale", SEPTEMBER)
    assert pair(found) == (1, 2)
    assert_drill_down_matches("audit.moderation_in_timescale", SEPTEMBER, w, found)


def test_actions_done_by_the_follow_up_and_follow_ups_escalated(september):
    w = september
    FollowUpReview.objects.create(
        case_audit=w.ca5,
        due_date=date(2026, 11, 30),
        complete_by=date(2026, 12, 14),
        status=FollowUpReview.Status.COMPLETED,
        outcome="not_improved",
        escalation_reason="Two of three actions were not done.",
        completed_at=at(date(2026, 9, 15)),
    )
    FollowUpReview.objects.create(
        case_audit=w.ca6,
        due_date=date(2026, 10, 30),
        complete_by=date(2026, 11, 13),
        status=FollowUpReview.Status.COMPLETED,
        outcome="improved",
        completed_at=at(date(2026, 9, 30)),
    )
    owner = w.manager_grader
    for status, completed_on in (
        (Action.Status.DONE, date(2026, 9, 10)),
        (Action.Status.DONE, date(2026, 9, 16)),
        (Action.Status.OPEN, None),
        (Action.Status.CANCELLED, None),
    ):
        Action.objects.create(
            case_audit=w.ca5,
            description="Update the plan",
            owner=owner,
            created_by=owner,
            due_date=date(2026, 9, 14),
            status=status,
            completed_on=completed_on,
        )
    actions = figures("audit.actions_completed_by_follow_up", SEPTEMBER)
    assert pair(actions) == (1, 3)
    assert_drill_down_matches("audit.actions_completed_by_follow_up", SEPTEMBER, w, actions)
    escalated = figures("audit.follow_ups_escalated", SEPTEMBER)
    assert pair(escalated) == (1, 2)
    assert escalated["service"].value == Decimal("50.0")
    assert_drill_down_matches("audit.follow_ups_escalated", SEPTEMBER, w, escalated)
