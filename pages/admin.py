from django.contrib import admin

from .models import Page, PageVersion


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Read-only here: pages are changed in the app, where every change is a new version."""

    list_display = ["slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PageVersion)
class PageVersionAdmin(PageAdmin):
    list_display = ["page", "title", "created_by", "created_at", "note"]
    list_filter = ["page"]
