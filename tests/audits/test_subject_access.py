"""A child's subject access export holds their audits, and gradings only once both are in."""

import pytest

from audits.models import Grade
from qaf.subject_access import sections_for

from .conftest import submit_all

pytestmark = pytest.mark.django_db


def test_a_blind_grading_is_left_out_of_the_export_until_both_are_in(world, case_audit):
    submit_all(case_audit, case_audit.team_manager, grade=Grade.GOOD)

    blind = dict(sections_for(world.child))
    submit_all(case_audit, case_audit.peer_auditor, grade=Grade.REQUIRES_IMPROVEMENT)
    revealed = dict(sections_for(world.child))

    assert len(blind["Case audits"]) == 1
    assert blind["Gradings"] == []
    assert {row["overall grade"] for row in revealed["Gradings"]} == {
        "Good",
        "Requires improvement to be good",
    }
    assert revealed["Domain grades"]
