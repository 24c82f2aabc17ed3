"""Every write of the loop, one function per business action."""

from .after_grade import (
    action_add,
    action_cancel,
    action_complete,
    action_reopen,
    loop_start_actions,
    loop_without_feedback,
    practitioner_feedback_acknowledge,
    practitioner_feedback_send,
)
from .follow_up import (
    CheckInput,
    escalation_raise,
    escalation_resolve,
    follow_up_review_complete,
    follow_up_review_create,
    follow_up_reviews_create,
)
from .learning import learning_activity_record, learning_theme_create, learning_theme_update
from .moderating import grading_themes_set, learning_note_acknowledge, moderation_record
from .re_audit import re_audits_schedule
from .reminders import DailyResult, daily_reminders_send
from .routing import case_audit_route, final_grade_record, moderation_assign

__all__ = [
    "CheckInput",
    "DailyResult",
    "action_add",
    "action_cancel",
    "action_complete",
    "action_reopen",
    "case_audit_route",
    "daily_reminders_send",
    "escalation_raise",
    "escalation_resolve",
    "final_grade_record",
    "follow_up_review_complete",
    "follow_up_review_create",
    "follow_up_reviews_create",
    "grading_themes_set",
    "learning_activity_record",
    "learning_note_acknowledge",
    "learning_theme_create",
    "learning_theme_update",
    "loop_start_actions",
    "loop_without_feedback",
    "moderation_assign",
    "moderation_record",
    "practitioner_feedback_acknowledge",
    "practitioner_feedback_send",
    "re_audits_schedule",
]
