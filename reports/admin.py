from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AssuranceReport, ReportDownload


@admin.register(AssuranceReport)
class AssuranceReportAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "status", "figures_counted_at", "approved_by", "published_at")
    list_filter = ("kind", "status")
    readonly_fields = ("status", "figures", "figures_counted_at")


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    """The download log: read only."""

    list_display = ("downloaded_at", "user", "report", "format", "report_status")
    list_filter = ("format",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
