"""Participation groups: the worker sets up groups and records sessions; a named manager
answers each recommendation; the answers are shown back on the group's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from ..forms import (
    ParticipationGroupCreateForm,
    ParticipationGroupEditForm,
    ParticipationSessionForm,
    ParticipationSessionRecordForm,
    RecommendationAnswerForm,
    RecommendationForm,
)
from ..models import ParticipationGroup, ParticipationRecommendation, ParticipationSession
from ..selectors import (
    group_sessions,
    participation_groups_visible_to,
    participation_sessions_visible_to,
    recommendation_visible_to,
    recommendations_of,
    sees_participation,
    session_with_recommendations,
    themes_for_a_session,
)
from ..services import (
    participation_group_create,
    participation_group_update,
    participation_recommendation_add,
    participation_recommendation_answer,
    participation_session_record,
    participation_session_update,
)

PARTICIPATION_READERS = (Role.PARTICIPATION_WORKER, Role.QA_OFFICER, Role.DIRECTOR)
participation_reader = role_required(*PARTICIPATION_READERS)
participation_writer = role_required(Role.PARTICIPATION_WORKER)


def _can_record(request) -> bool:
    return request.user.has_role(Role.PARTICIPATION_WORKER)


@participation_reader
def participation_list(request):
    """The groups, with how often each has met and what is waiting for an answer."""
    return render(
        request,
        "feedback/participation_list.html",
        {
            "groups": list(participation_groups_visible_to(request.user)),
            "can_record": _can_record(request),
        },
    )


@participation_writer
def group_create(request):
    form = ParticipationGroupCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with (
                service_errors_on(form, field="name") as outcome,
                form_submission_once(request, form) as once,
            ):
                group = participation_group_create(by=request.user, **form.cleaned_data)
                once.went_to(reverse("feedback:participation_group", args=[group.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"{group.name} is set up. Record its first session here.")
            return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Set up a participation group", "button": "Set up the group"},
    )


@participation_reader
def group_detail(request, pk: int):
    """A group's page: each session, what the group recommended and what managers answered."""
    group = get_object_or_404(participation_groups_visible_to(request.user), pk=pk)
    return render(
        request,
        "feedback/participation_group.html",
        {
            "group": group,
            "sessions": list(group_sessions(group)),
            "can_record": _can_record(request),
        },
    )


@participation_writer
def group_edit(request, pk: int):
    group = get_object_or_404(ParticipationGroup, pk=pk)
    initial = {
        "name": group.name,
        "description": group.description,
        "is_active": "yes" if group.is_active else "no",
    }
    form = ParticipationGroupEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form, field="name") as outcome:
            participation_group_update(group=group, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, "Group updated.")
            return redirect("feedback:participation_group", pk=group.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"Change {group.name}", "button": "Save"},
    )


@participation_writer
def participation_create(request):
    """Record a session: the themes offered are the audits' anonymised counts."""
    initial = {}
    group_pk = request.GET.get("group", "")
    if group_pk.isdigit() and len(group_pk) < 10:
        initial["group"] = ParticipationGroup.objects.filter(pk=group_pk, is_active=True).first()
    form = ParticipationSessionRecordForm(
        request.POST or None,
        initial=initial,
        themes=themes_for_a_session(timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                session = participation_session_record(by=request.user, **form.cleaned_data)
                once.went_to(reverse("feedback:participation_detail", args=[session.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "Session recorded.")
            return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": "Record a participation session",
            "lead": "Write how many came, never who. The themes are what our audits found, "
            "as counts only.",
            "button": "Save",
        },
    )


@participation_reader
def participation_detail(request, pk: int):
    try:
        session = session_with_recommendations(request.user, pk)
    except ParticipationSession.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "feedback/participation_detail.html",
        {"session": session, "can_record": _can_record(request)},
    )


@participation_writer
def participation_edit(request, pk: int):
    session = get_object_or_404(participation_sessions_visible_to(request.user), pk=pk)
    initial = {
        "group": session.group,
        "held_on": session.held_on,
        "attended": session.attended,
        "themes_shown": session.themes_shown,
        "views": session.views,
    }
    kept = {name: session.theme_counts.get(name, 0) for name in session.themes_shown}
    form = ParticipationSessionForm(
        request.POST or None,
        initial=initial,
        themes=themes_for_a_session(session.held_on),
        kept=kept,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            participation_session_update(session=session, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, "Session updated.")
            return redirect("feedback:participation_detail", pk=session.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Change the session", "button": "Save"},
    )


@participation_writer
def recommendation_create(request, pk: int):
    session = get_object_or_404(participation_sessions_visible_to(request.user), pk=pk)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                participation_recommendation_add(
                    session=session, by=request.user, **form.cleaned_data
                )
                once.went_to(reverse("feedback:participation_detail", args=[session.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            manager = form.cleaned_data["manager"]
            messages.success(request, f"{manager.display_name} has been asked to answer.")
            return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": f"Add a recommendation from {session.group.name}",
            "button": "Add the recommendation",
        },
    )


@login_required
def recommendation_answer(request, pk: int):
    """The named manager answers; anyone who sees participation groups may read it."""
    try:
        recommendation = recommendation_visible_to(request.user, pk)
    except ParticipationRecommendation.DoesNotExist:
        raise Http404 from None
    may_answer = "answer" in workflow.available_names(recommendation, request.user)
    if request.method == "POST" and not may_answer:
        raise PermissionDenied
    form = RecommendationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            participation_recommendation_answer(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, "Thank you. Your answer will be shown to the group.")
            if sees_participation(request.user):
                return redirect("feedback:participation_group", pk=recommendation.session.group_id)
            return redirect("home")
    return render(
        request,
        "feedback/recommendation_answer.html",
        {"recommendation": recommendation, "form": form},
    )


@login_required
def recommendations_mine(request):
    """The recommendations a person has been asked to answer: waiting first, then answered."""
    return render(
        request,
        "feedback/recommendations_mine.html",
        {"recommendations": list(recommendations_of(request.user)[:100])},
    )
