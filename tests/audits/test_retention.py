"""An audit past its retention period keeps its grades but loses the words written about the
child and the family."""

import datetime as dt

import pytest

from audits.models import Conversation, DomainGrade, Grade, Grading
from audits.services import conversation_record
from qaf.retention import retention_apply

from .conftest import submit_all

pytestmark = pytest.mark.django_db


def test_an_old_audit_keeps_its_grades_and_loses_its_narrative_and_conversations(world, case_audit):
    conversation_record(
        case_audit=case_audit,
        by=case_audit.peer_auditor,
        person="child",
        held_on=dt.date(2026, 10, 5),
        method="in_person_home",
        in_their_words="I like my new school.",
        seen_alone=True,
    )
    submit_all(case_audit, case_audit.team_manager, grade=Grade.GOOD)
    submit_all(case_audit, case_audit.peer_auditor, grade=Grade.GOOD)

    results = {r.record_type.key: r.count for r in retention_apply(today=dt.date(2033, 1, 1))}

    assert results["audits"] == 1
    assert set(Grading.objects.values_list("overall_grade", flat=True)) == {Grade.GOOD}
    assert not DomainGrade.objects.exclude(evidence="").exists()
    assert not DomainGrade.history.exclude(evidence="").exists()
    assert not Conversation.objects.exists()
    again = {r.record_type.key: r.count for r in retention_apply(today=dt.date(2033, 1, 1))}
    assert again["audits"] == 0


def test_a_recent_audit_is_left_alone(world, case_audit):
    submit_all(case_audit, case_audit.team_manager, grade=Grade.GOOD)

    retention_apply(today=dt.date(2027, 1, 1))

    assert DomainGrade.objects.exclude(evidence="").exists()
