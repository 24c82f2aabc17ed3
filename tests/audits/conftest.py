"""Fixtures and builders for the audit tests."""

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
from casework.models import Episode, TeamMembership
from qaf.roles import Role
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

PERIOD = dt.date(2026, 10, 1)


@pytest.fixture
def template(db):
    return audit_template_ensure_default()


@pytest.fixture
def case_audit(world, template) -> CaseAudit:
    """The world's child sampled in October 2026: graded by team_manager and peer_auditor."""
    audit_round = sample_month(period=PERIOD).round
    return CaseAudit.objects.get(round=audit_round, child=world.child)


def grade_all(case_audit, auditor, *, grade=Grade.GOOD, evidence="Seen alone monthly.", **extra):
    """Fill in every domain and the overall part of ``auditor``'s grading (a draft)."""
    for domain in domains_for(case_audit):
        grading_domain_save(
            case_audit=case_audit, by=auditor, domain=domain, grade=grade, evidence=evidence
        )
    grading_overall_save(
        case_audit=case_audit,
        by=auditor,
        overall_grade=extra.get("overall", grade),
        strengths=extra.get("strengths", "Warm relationship with the child."),
        areas_for_development=extra.get("areas", "Record the child's own words."),
    )


def submit_all(case_audit, auditor, **kwargs):
    grade_all(case_audit, auditor, **kwargs)
    return grading_submit(case_audit=case_audit, by=auditor)


def make_team(name: str, *, area=None, manager_is_peer: bool = True, workers: int = 1):
    """A team with a manager (a peer auditor for other teams unless told otherwise) and workers."""
    team = TeamFactory(name=name, **({"service_area": area} if area else {}))
    slug = name.lower().replace(" ", "-")
    roles = [Role.TEAM_MANAGER, Role.PEER_AUDITOR] if manager_is_peer else [Role.TEAM_MANAGER]
    manager = UserFactory(username=f"manager-{slug}", roles=roles)
    TeamMembershipFactory(user=manager, team=team, role=TeamMembership.Role.MANAGER)
    staff = []
    for number in range(workers):
        worker = UserFactory(username=f"worker-{slug}-{number}", roles=[Role.PRACTITIONER])
        TeamMembershipFactory(user=worker, team=team)
        staff.append(worker)
    return SimpleNamespace(team=team, manager=manager, workers=staff, worker=staff[0])


def open_case(team, worker=None, *, kind=Episode.Kind.CIN, child_id=None, **episode):
    child = ChildFactory(**({"child_id": child_id} if child_id else {}))
    EpisodeFactory(child=child, team=team, kind=kind, start_date=dt.date(2025, 1, 6), **episode)
    if worker is not None:
        AllocationFactory(child=child, worker=worker, team=team, start_date=dt.date(2025, 1, 6))
    return child
