"""The admin shows the audit's records read-only: every change goes through the services, so
that the workflow's rules and history hold. Gradings and conversations appear here only once
both gradings of their audit are submitted, so the admin cannot break the blindness either;
the answers to the Improvement Plan questions are shown with their conversation."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qaf.admin import GuardedAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AuditDomain,
    AuditorCapacity,
    AuditQuestion,
    AuditRound,
    AuditTemplate,
    CaseAudit,
    Conversation,
    ConversationAnswer,
    ConversationQuestion,
    DomainGrade,
    Grading,
    SafeguardingConcern,
    TeamSampleSize,
)
from .selectors import gradings_revealed


class AuditQuestionInline(ReadOnlyInline):
    model = AuditQuestion
    fields = ("position", "text", "guidance")


@admin.register(AuditDomain)
class AuditDomainAdmin(ReadOnlyAdmin):
    list_display = ("title", "template", "position")
    list_select_related = ("template",)
    inlines = [AuditQuestionInline]


class AuditDomainInline(ReadOnlyInline):
    model = AuditDomain
    fields = ("position", "title", "case_kinds")
    show_change_link = True


@admin.register(AuditTemplate)
class AuditTemplateAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("version", "title", "status", "published_at")
    inlines = [AuditDomainInline]


@admin.register(TeamSampleSize)
class TeamSampleSizeAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ("team", "cases_per_month")
    list_select_related = ("team",)


@admin.register(AuditorCapacity)
class AuditorCapacityAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ("auditor", "audits_per_month")
    list_select_related = ("auditor",)
    autocomplete_fields = ("auditor",)


@admin.register(AuditRound)
class AuditRoundAdmin(ReadOnlyAdmin):
    list_display = ("period", "due_date", "seed", "sampled_at", "sampled_by")
    list_select_related = ("sampled_by",)


@admin.register(CaseAudit)
class CaseAuditAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("child", "round", "team", "case_kind", "status", "team_manager", "peer_auditor")
    list_filter = ("status", "round", "team")
    list_select_related = ("child", "round", "team", "team_manager", "peer_auditor")
    search_fields = ("child__child_id",)


class DomainGradeInline(ReadOnlyInline):
    model = DomainGrade
    fields = ("domain", "grade", "evidence")


@admin.register(Grading)
class GradingAdmin(ReadOnlyAdmin):
    list_display = ("case_audit", "role", "auditor", "overall_grade", "submitted_at")
    list_select_related = ("case_audit__child", "case_audit__round", "auditor")
    inlines = [DomainGradeInline]

    def get_queryset(self, request):
        # Blind until both are submitted: not even the admin lists a grading before then.
        return gradings_revealed().select_related(*self.list_select_related)


class ConversationAnswerInline(ReadOnlyInline):
    model = ConversationAnswer
    fields = ("question", "answer")


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("case_audit", "person", "held_on", "method", "recorded_by")
    list_select_related = ("case_audit__child", "case_audit__round", "recorded_by")
    inlines = [ConversationAnswerInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).exclude(case_audit__status__in=CaseAudit.GRADING_STATES)
        )


@admin.register(SafeguardingConcern)
class SafeguardingConcernAdmin(ReadOnlyAdmin):
    list_display = ("case_audit", "raised_by", "raised_at", "status", "acknowledged_at")
    list_filter = ("status",)
    list_select_related = ("case_audit__child", "case_audit__round", "raised_by")


@admin.register(ConversationQuestion)
class ConversationQuestionAdmin(GuardedAdmin, SimpleHistoryAdmin):
    """The questions are settings, kept with their history. Once a question has been answered
    its wording, measure and audience are fixed and it is retired (made inactive) rather than
    deleted, so that its answers keep their meaning."""

    fixed_once_answered = ("measure", "asked_of", "text")

    list_display = ("text", "measure", "asked_of", "position", "active")
    list_filter = ("active", "asked_of", "measure")
    list_select_related = ("measure",)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.answers.exists():
            fields += [name for name in self.fixed_once_answered if name not in fields]
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)
