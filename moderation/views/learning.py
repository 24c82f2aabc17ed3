"""Learning: the monthly summary of themes by team and service, the list of themes (kept by a
QA officer), and the learning activities held on them."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors, services
from ..forms import ActivityForm, ThemeForm
from ..models import LearningTheme
from ..timescales import add_months
from .common import LEARNING_ROLES, PAGE_SIZE, page_query, posted


def _month(request) -> date:
    """The month asked for, else the latest month with themes found, else this month."""
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return selectors.latest_month_with_themes() or timezone.localdate().replace(day=1)


@role_required(*LEARNING_ROLES)
def learning_summary(request):
    month = _month(request)
    summary = selectors.learning_summary(month)
    return render(
        request,
        "moderation/learning.html",
        {
            "summary": summary,
            "month": month,
            "previous": add_months(month, -1),
            "next": add_months(month, 1),
            "is_current": month >= timezone.localdate().replace(day=1),
            "activities": list(selectors.learning_activities(month=month)[:50]),
            "can_record": request.user.has_perm("moderation.record_activity"),
            "keeps_themes": request.user.has_perm("moderation.keep_themes"),
        },
    )


@role_required(Role.QA_OFFICER)
def theme_list(request):
    return render(request, "moderation/themes.html", {"themes": selectors.themes_with_counts()})


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def theme_add(request):
    form = ThemeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with (
                service_errors_on(form, field="name") as outcome,
                form_submission_once(request, form) as once,
            ):
                theme = services.learning_theme_create(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
                once.went_to(reverse("moderation:themes"))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"'{theme.name}' is added to the learning themes.")
            return redirect("moderation:themes")
    return render(
        request,
        "moderation/theme_form.html",
        {"form": form, "heading": "Add a learning theme", "button": "Add the theme"},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def theme_edit(request, pk: int):
    theme = get_object_or_404(LearningTheme, pk=pk)
    form = ThemeForm(
        posted(request),
        editing=True,
        initial={
            "name": theme.name,
            "description": theme.description,
            "is_active": theme.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form, field="name") as outcome:
            services.learning_theme_update(theme=theme, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, f"'{form.cleaned_data['name']}' is saved.")
            return redirect("moderation:themes")
    return render(
        request,
        "moderation/theme_form.html",
        {"form": form, "heading": f"Change '{theme.name}'", "button": "Save", "theme": theme},
    )


@role_required(*LEARNING_ROLES)
def activity_list(request):
    page = Paginator(selectors.learning_activities(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/activities.html",
        {
            "page_obj": page,
            "query": page_query(request),
            "can_record": request.user.has_perm("moderation.record_activity"),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER, Role.SENIOR_MANAGER, Role.TEAM_MANAGER)
def activity_add(request):
    if not request.user.has_perm("moderation.record_activity"):
        raise PermissionDenied
    initial = {}
    theme_pk = request.GET.get("theme", "")
    if theme_pk.isdigit():
        initial["theme"] = theme_pk
    form = ActivityForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                activity = services.learning_activity_record(by=request.user, **form.cleaned_data)
                once.went_to(reverse("moderation:activities"))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"'{activity.title}' is recorded.")
            return redirect("moderation:activities")
    return render(
        request,
        "moderation/activity_form.html",
        {"form": form, "heading": "Record a learning activity", "button": "Record the activity"},
    )
