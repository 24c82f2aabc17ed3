"""The admin is a window on the records, never a way round the services.

Every admin here and in the apps starts from `GuardedAdmin`: permission checks only ever narrow
Django's own (each override calls `super()` first), a record's workflow fields (its status, state
or stage) are read-only, and no admin action changes a workflow state."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models

from . import workflow
from .models import User

WORKFLOW_FIELD_NAMES = frozenset({"status", "state", "stage"})


def _machine_field(model: type[models.Model]) -> str | None:
    try:
        return workflow.machine_for(model).field
    except LookupError:
        return None


def workflow_field_names(model: type[models.Model]) -> list[str]:
    """The fields only a service may change: those named status, state or stage, the field a
    registered workflow machine drives, and any field whose choices are the model's own
    `Status` or `State` choices."""
    workflow_choices = [
        list(choices.choices)
        for choices in (getattr(model, "Status", None), getattr(model, "State", None))
        if choices is not None and hasattr(choices, "choices")
    ]
    machine_field = _machine_field(model)
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name in WORKFLOW_FIELD_NAMES
        or field.name == machine_field
        or (field.choices and list(field.choices) in workflow_choices)
    ]


class WorkflowFieldsReadOnly:
    """Adds the model's workflow fields (and `workflow_readonly_fields`) to the read-only ones, so
    neither the change form nor a history revert can move a record through its workflow."""

    workflow_readonly_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in (*workflow_field_names(self.model), *self.workflow_readonly_fields):
            if name not in fields:
                fields.append(name)
        return fields

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history lets a user with only the view permission post its revert form.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class GuardedAdmin(WorkflowFieldsReadOnly, admin.ModelAdmin):
    """The base of every admin: Django's permissions, workflow fields read-only."""


class ReadOnlyAdmin(GuardedAdmin):
    """Records that change only through their services: viewable (with the view permission),
    never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(WorkflowFieldsReadOnly, DjangoUserAdmin):
    list_display = ("username", "full_name", "job_title", "email", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Council details", {"fields": ("full_name", "job_title")}),
    )
