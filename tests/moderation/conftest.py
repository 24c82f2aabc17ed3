"""Fixtures and builders for the loop's tests: the world's child sampled in October 2026,
graded by the world's team manager and peer auditor, and taken round the loop by the services.

Every test here runs on Monday 16 November 2026 (the clock ticks from there), so that no test
depends on today's date.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from audits.models import CaseAudit, Grade
from audits.selectors import domains_for
from audits.services import (
    audit_template_ensure_default,
    grading_domain_save,
    grading_overall_save,
    grading_submit,
    sample_month,
)
from moderation import services
from moderation.models import FinalGrade, Moderation

PERIOD = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 16)
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _monday_16_november(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def template(db):
    return audit_template_ensure_default()


@pytest.fixture
def case_audit(world, template) -> CaseAudit:
    """The world's child, sampled in October 2026: graded by team_manager and peer_auditor."""
    audit_round = sample_month(period=PERIOD).round
    return CaseAudit.objects.select_related("child", "team__service_area").get(
        round=audit_round, child=world.child
    )


def submit(case_audit, auditor, *, overall=Grade.GOOD, domains: dict[int, str] | None = None):
    """Grade every domain (``domains`` maps a domain's index to its grade) and submit."""
    for index, domain in enumerate(domains_for(case_audit)):
        grading_domain_save(
            case_audit=case_audit,
            by=auditor,
            domain=domain,
            grade=(domains or {}).get(index, overall),
            evidence="Visits on time; the child was seen alone.",
        )
    grading_overall_save(
        case_audit=case_audit,
        by=auditor,
        overall_grade=overall,
        strengths="A warm relationship with the child.",
        areas_for_development="Record the child's own words.",
    )
    return grading_submit(case_audit=case_audit, by=auditor)


def grade_both(
    case_audit, *, manager=Grade.GOOD, peer=Grade.GOOD, manager_domains=None, peer_domains=None
) -> CaseAudit:
    submit(case_audit, case_audit.team_manager, overall=manager, domains=manager_domains)
    submit(case_audit, case_audit.peer_auditor, overall=peer, domains=peer_domains)
    case_audit.refresh_from_db()
    return case_audit


@pytest.fixture
def moderation(case_audit) -> Moderation:
    """Manager grades Good, peer Requires improvement: routed to the world's senior manager."""
    grade_both(case_audit, manager=Grade.GOOD, peer=Grade.REQUIRES_IMPROVEMENT)
    return services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)


def moderate(moderation, *, overall=Grade.REQUIRES_IMPROVEMENT, themes=()):
    audit = moderation.case_audit
    return services.moderation_record(
        moderation=moderation,
        by=moderation.moderator,
        held_on=TODAY,
        meeting_notes="We met for an hour and read the plan together.",
        domain_grades={d.pk: overall for d in domains_for(audit)},
        overall_grade=overall,
        rationale="The plan has no dates, so planning is not yet good.",
        note_to_team_manager="Check that plans have dates before you sign them off.",
        note_to_peer_auditor="Your evidence on the child's voice settled it: keep writing it so.",
        themes=themes,
    )


@pytest.fixture
def moderated(moderation) -> Moderation:
    return moderate(moderation)


@pytest.fixture
def final(moderated) -> FinalGrade:
    return FinalGrade.objects.select_related("case_audit").get(case_audit=moderated.case_audit)


@pytest.fixture
def loop(world, final) -> SimpleNamespace:
    """A moderated audit with one action owned by the social worker and feedback sent to them."""
    audit = final.case_audit
    action = services.action_add(
        case_audit=audit,
        by=world.users.team_manager,
        description="Put dates against every action in the child protection plan.",
        owner=world.users.practitioner,
        due_date=dt.date(2026, 12, 18),
    )
    feedback = services.practitioner_feedback_send(
        case_audit=audit,
        by=world.users.team_manager,
        going_well="Alfie knows you and trusts you.",
        to_improve="Write down what he says in his own words.",
        compliments="His foster carer said you always ring back.",
    )
    audit.refresh_from_db()
    return SimpleNamespace(audit=audit, final=final, action=action, feedback=feedback)


def graded_quickly(case_audit, *, manager=Grade.GOOD, peer=Grade.GOOD) -> CaseAudit:
    """Both gradings written straight to the database, for tests about what comes after them
    (the grading services are the audits app's to test)."""
    from django.utils import timezone

    from audits.models import DomainGrade, Grading

    domains = domains_for(case_audit)
    for role, auditor, grade in (
        (Grading.Role.TEAM_MANAGER, case_audit.team_manager, manager),
        (Grading.Role.PEER_AUDITOR, case_audit.peer_auditor, peer),
    ):
        grading = Grading.objects.create(
            case_audit=case_audit,
            role=role,
            auditor=auditor,
            overall_grade=grade,
            strengths="A warm relationship with the child.",
            areas_for_development="Record the child's own words.",
            submitted_at=timezone.now(),
        )
        DomainGrade.objects.bulk_create(
            DomainGrade(grading=grading, domain=domain, grade=grade, evidence="Seen alone.")
            for domain in domains
        )
    template = domains[0].template if domains else None
    CaseAudit.objects.filter(pk=case_audit.pk).update(
        status=CaseAudit.Status.BOTH_GRADED, template=template
    )
    case_audit.refresh_from_db()
    return case_audit
