"""Object-level rules of the looped audit (django-rules; loaded by AutodiscoverRulesConfig).

Which audits a person may open at all is decided by ``selectors.case_audits_visible_to``; these
rules decide what they may do with one they can open.
"""

import rules

from casework.selectors import team_managers
from qaf.permissions import (
    is_director,
    is_peer_auditor,
    is_qa_officer,
    is_senior_manager,
    is_team_manager,
)

from .selectors import auditor_role


@rules.predicate
def is_auditor_of(user, case_audit) -> bool:
    return case_audit is not None and auditor_role(case_audit, user) is not None


@rules.predicate
def is_peer_auditor_of(user, case_audit) -> bool:
    return case_audit is not None and case_audit.peer_auditor_id == user.pk


@rules.predicate
def is_in_grading(user, case_audit) -> bool:
    return case_audit is not None and not case_audit.gradings_revealed


@rules.predicate
def manages_case_of_concern(user, concern) -> bool:
    """The audit's team manager, a manager of the case's team now, or a senior manager (or the
    head of service) of its service area."""
    if concern is None or not user.is_authenticated:
        return False
    audit = concern.case_audit
    if audit.team_manager_id == user.pk:
        return True
    if team_managers(audit.team).filter(pk=user.pk).exists():
        return True
    area = audit.team.service_area
    return area.head_of_service_id == user.pk or area.senior_managers.filter(pk=user.pk).exists()


rules.add_perm("audits.grade_case", is_auditor_of & is_in_grading)
rules.add_perm("audits.record_conversation", is_peer_auditor_of & is_in_grading)
# Directors read audits but do not act in them; everyone else who can open one can raise a concern.
rules.add_perm(
    "audits.raise_concern", is_team_manager | is_peer_auditor | is_senior_manager | is_qa_officer
)
# The case's team manager(s) and the area's senior managers answer a concern raised in an audit.
rules.add_perm("audits.acknowledge_concern", manages_case_of_concern)
rules.add_perm("audits.assign_auditor", is_qa_officer)
rules.add_perm("audits.run_rounds", is_qa_officer)
rules.add_perm("audits.see_rounds", is_qa_officer | is_director)
rules.add_perm("audits.edit_templates", is_qa_officer)
