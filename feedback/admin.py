from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qaf.admin import GuardedAdmin

from .models import (
    ComplaintOrCompliment,
    ParticipationGroup,
    ParticipationSession,
    Question,
    SafeguardingAlert,
    Survey,
    WorryingPhrase,
    YouSaidWeDid,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "text", "kind", "theme", "measure", "alert_answers")


@admin.register(Survey)
class SurveyAdmin(GuardedAdmin):
    list_display = ("title", "version", "audience", "journey_point", "kind", "status")
    list_filter = ("status", "kind", "audience", "journey_point")
    inlines = [QuestionInline]

    def has_change_permission(self, request, obj=None):
        # A survey in use is never edited, so its answers always match its questions.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.status == Survey.Status.DRAFT


@admin.register(WorryingPhrase)
class WorryingPhraseAdmin(GuardedAdmin):
    list_display = ("phrase", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("phrase",)


@admin.register(SafeguardingAlert)
class SafeguardingAlertAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ("pk", "child", "team", "status", "raised_at", "acknowledged_at")
    list_filter = ("status", "reason", "routed_to_duty")
    list_select_related = ("child", "team")
    readonly_fields = [field.name for field in SafeguardingAlert._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComplaintOrCompliment)
class ComplaintOrComplimentAdmin(GuardedAdmin, SimpleHistoryAdmin):
    """Only the wording can be corrected here: recording, responding, escalating, closing and
    passing on go through the Voice pages and their services."""

    list_display = ("reference", "kind", "received_on", "team", "stage", "status")
    list_filter = ("kind", "status", "stage", "category")
    list_select_related = ("team",)
    workflow_readonly_fields = (
        "kind",
        "received_on",
        "response_due",
        "response_sent_on",
        "outcome",
        "learning",
        "passed_on_at",
        "recorded_by",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(GuardedAdmin):
    list_display = ("theme", "team", "month", "is_public")
    list_filter = ("theme", "is_public")


@admin.register(ParticipationGroup)
class ParticipationGroupAdmin(GuardedAdmin):
    list_display = ("name", "is_active")


@admin.register(ParticipationSession)
class ParticipationSessionAdmin(GuardedAdmin):
    list_display = ("group", "held_on", "attended")
    list_select_related = ("group",)
