"""Object-level rules for multi-agency audits (django-rules; loaded by AutodiscoverRulesConfig)."""

import rules

from qaf.permissions import has_role, is_director, is_qa_officer
from qaf.roles import Role

is_business_manager = has_role(Role.BUSINESS_MANAGER)
is_partner_auditor = has_role(Role.PARTNER_AUDITOR)
# Who sets up multi-agency audits and invites partner auditors.
is_partnership_manager = is_business_manager | is_qa_officer


def _audit_of(obj):
    """The audit an object belongs to: itself, or a section's, action's or follow-up's."""
    if hasattr(obj, "action"):
        obj = obj.action
    return getattr(obj, "audit", obj)


@rules.predicate
def chairs(user, obj) -> bool:
    audit = _audit_of(obj)
    return audit is not None and audit.chair_id == user.pk


@rules.predicate
def writes_section(user, section) -> bool:
    return section is not None and section.auditor_id == user.pk


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and action.owner_id == user.pk


rules.add_perm("partnership.manage", is_partnership_manager)
rules.add_perm("partnership.read_all", is_partnership_manager | is_director)
rules.add_perm("partnership.manage_audit", is_partnership_manager)
rules.add_perm("partnership.answer_section", writes_section & is_partner_auditor)
rules.add_perm("partnership.chair_panel", chairs | is_partnership_manager)
rules.add_perm("partnership.complete_action", owns_action | chairs | is_partnership_manager)
rules.add_perm("partnership.review_follow_up", chairs | is_partnership_manager)
