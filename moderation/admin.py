"""The admin shows the loop's records read-only: every change goes through the services, so that
the workflow's rules and history hold. Learning themes are kept on their own page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qaf.admin import ReadOnlyAdmin

from .models import (
    Action,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningActivity,
    LearningNote,
    LearningTheme,
    Moderation,
    PractitionerFeedback,
)

AUDIT = ("case_audit__child", "case_audit__round")


@admin.register(Moderation)
class ModerationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "moderator", "status", "due_date", "agreed_overall_grade")
    list_filter = ("status",)
    list_select_related = (*AUDIT, "moderator")


@admin.register(LearningNote)
class LearningNoteAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("moderation", "role", "recipient", "acknowledged_at")
    list_select_related = (
        "moderation__case_audit__child",
        "moderation__case_audit__round",
        "recipient",
    )


@admin.register(FinalGrade)
class FinalGradeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "overall_grade", "route", "decided_on", "follow_up_due")
    list_select_related = AUDIT


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "owner", "due_date", "status")
    list_filter = ("status",)
    list_select_related = (*AUDIT, "owner")


@admin.register(PractitionerFeedback)
class PractitionerFeedbackAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "social_worker", "status", "sent_at", "acknowledged_at")
    list_select_related = (*AUDIT, "social_worker")


@admin.register(FollowUpReview)
class FollowUpReviewAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "reviewer", "status", "due_date", "outcome")
    list_filter = ("status", "outcome")
    list_select_related = (*AUDIT, "reviewer")


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("case_audit", "kind", "escalated_to", "status", "raised_at")
    list_filter = ("kind", "status")
    list_select_related = (*AUDIT, "escalated_to")


@admin.register(LearningTheme)
class LearningThemeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("name", "is_active")


@admin.register(LearningActivity)
class LearningActivityAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "theme", "kind", "held_on", "attendance")
    list_select_related = ("theme",)
