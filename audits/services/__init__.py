"""Every write of the looped audit, one function per business action.

Other apps (moderation first) call these; they never change an audit's state themselves.
"""

from .concerns import (
    safeguarding_concern_acknowledge,
    safeguarding_concern_raise,
    safeguarding_concerns_escalate,
)
from .grading import (
    case_audit_assign,
    conversation_record,
    grading_domain_save,
    grading_missing,
    grading_overall_save,
    grading_submit,
)
from .reminders import grading_reminders_send
from .sampling import SamplingResult, parse_period, sample_month, sampling_settings_update
from .templates import (
    QuestionInput,
    audit_domain_add,
    audit_domain_remove,
    audit_domain_update,
    audit_template_draft_create,
    audit_template_ensure_default,
    audit_template_publish,
    audit_template_update,
)
from .workflow import case_audit_transition

__all__ = [
    "QuestionInput",
    "SamplingResult",
    "audit_domain_add",
    "audit_domain_remove",
    "audit_domain_update",
    "audit_template_draft_create",
    "audit_template_ensure_default",
    "audit_template_publish",
    "audit_template_update",
    "case_audit_assign",
    "case_audit_transition",
    "conversation_record",
    "grading_domain_save",
    "grading_missing",
    "grading_overall_save",
    "grading_reminders_send",
    "grading_submit",
    "parse_period",
    "safeguarding_concern_acknowledge",
    "safeguarding_concern_raise",
    "safeguarding_concerns_escalate",
    "sample_month",
    "sampling_settings_update",
]
