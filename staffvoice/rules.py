"""Object-level rules for staff voice (django-rules; loaded by AutodiscoverRulesConfig)."""

import rules

from qaf.permissions import (
    is_director,
    is_qa_officer,
    is_senior_manager,
    is_team_manager,
)

is_management = is_team_manager | is_senior_manager | is_director


@rules.predicate
def is_facilitator_of(user, circle) -> bool:
    return circle is not None and circle.facilitator_id == user.pk


@rules.predicate
def is_member_of(user, circle) -> bool:
    return circle is not None and circle.members.filter(pk=user.pk).exists()


rules.add_perm("staffvoice.manage_survey", is_qa_officer)
rules.add_perm("staffvoice.check_comment", is_qa_officer)
rules.add_perm("staffvoice.answer_suggestion", is_management)
rules.add_perm("staffvoice.record_meeting", is_facilitator_of)
rules.add_perm("staffvoice.manage_circle", is_qa_officer)
