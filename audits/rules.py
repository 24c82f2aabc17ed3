"""Object-level rules of the looped audit (django-rules; loaded by AutodiscoverRulesConfig).

Which audits a person may open at all is decided by ``selectors.case_audits_visible_to``; these
rules decide what they may do with one they can open.
"""

import rules

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
    from .services.concerns import may_acknowledge_concern

    return concern is not None and may_acknowledge_concern(user, concern)


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
