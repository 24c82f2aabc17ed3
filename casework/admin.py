from django.contrib import admin

from qaf.admin import GuardedAdmin
from qaf.models import normalise_name

from .models import (
    Allocation,
    Child,
    ChildAccessLog,
    Episode,
    ImportRun,
    ServiceArea,
    Team,
    TeamAlias,
    TeamMembership,
)


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(ServiceArea)
class ServiceAreaAdmin(GuardedAdmin):
    list_display = ("name", "head_of_service")
    filter_horizontal = ("senior_managers",)
    inlines = [TeamInline]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(GuardedAdmin):
    list_display = ("name", "service_area", "is_duty", "awaiting_review")
    list_filter = ("service_area", "is_duty", "awaiting_review")
    search_fields = ("name",)
    inlines = [TeamMembershipInline]


@admin.register(TeamAlias)
class TeamAliasAdmin(GuardedAdmin):
    """Names case files use for a team, remembered when a QA officer maps them."""

    list_display = ("name", "team", "created_by", "created_at")
    search_fields = ("name", "team__name")
    readonly_fields = ("normalised_name", "created_by", "created_at")
    autocomplete_fields = ("team",)

    def save_model(self, request, obj, form, change):
        obj.normalised_name = normalise_name(obj.name)[:120]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TeamMembership)
class TeamMembershipAdmin(GuardedAdmin):
    list_display = ("user", "team", "role", "start_date", "end_date")
    list_filter = ("role", "team")
    list_select_related = ("user", "team")
    autocomplete_fields = ("user",)


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 0
    fields = ("kind", "team", "start_date", "end_date")


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    autocomplete_fields = ("worker",)


@admin.register(Child)
class ChildAdmin(GuardedAdmin):
    list_display = ("child_id", "display_name", "date_of_birth", "gender")
    search_fields = ("child_id", "display_name")
    list_filter = ("gender", "disability")
    inlines = [EpisodeInline, AllocationInline]


@admin.register(Episode)
class EpisodeAdmin(GuardedAdmin):
    list_display = ("child", "kind", "team", "start_date", "end_date")
    list_filter = ("kind", "team")
    list_select_related = ("child", "team")
    search_fields = ("child__child_id",)
    raw_id_fields = ("child",)


@admin.register(Allocation)
class AllocationAdmin(GuardedAdmin):
    list_display = ("child", "worker", "team", "start_date", "end_date")
    list_select_related = ("child", "worker", "team")
    search_fields = ("child__child_id", "worker__full_name")
    raw_id_fields = ("child",)
    autocomplete_fields = ("worker",)


@admin.register(ChildAccessLog)
class ChildAccessLogAdmin(GuardedAdmin):
    list_display = ("viewed_at", "user", "child_ref", "context")
    list_select_related = ("user", "child")
    search_fields = ("child_ref", "user__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(GuardedAdmin):
    """The import history, read-only: imports are made through the Case data pages."""

    list_display = ("created_at", "file_name", "source", "status", "as_at", "created_by")
    list_filter = ("source", "status", "origin")
    list_select_related = ("created_by",)
    search_fields = ("file_name", "sha256")
    exclude = ("stored_name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
