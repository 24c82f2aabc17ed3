"""Moderation: the list, one moderation with both gradings and the conversations, the record of
the meeting, a QA officer's choice of moderator, and the learning notes to the auditors."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audits.selectors import conversations_visible_to, grading_comparison
from qaf import workflow
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors, services
from ..forms import ModerationForm, ModeratorForm
from ..models import Moderation
from .common import PAGE_SIZE, SENIOR_ROLES, log_access, log_list_access, page_query, posted

STATUS_FILTERS = {
    "": "All",
    Moderation.Status.TO_MODERATE: "To moderate",
    Moderation.Status.WAITING: "Waiting for a moderator",
    Moderation.Status.MODERATED: "Moderated",
}


def moderation_list_filtered(request):
    """The moderations the list shows for this request's filter (also its download's rows)."""
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    return status, selectors.moderation_list(request.user, status=status)


@role_required(*SENIOR_ROLES)
def moderation_list(request):
    status, moderations = moderation_list_filtered(request)
    page = Paginator(moderations, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_access(request, page, "moderation")
    return render(
        request,
        "moderation/list.html",
        {
            "page_obj": page,
            "status": status,
            "filters": STATUS_FILTERS.items(),
            "query": page_query(request),
            "today": timezone.localdate(),
            "working_days": settings.QAF_MODERATION_WORKING_DAYS,
        },
    )


def _moderation_or_404(request, pk: int) -> Moderation:
    return get_object_or_404(selectors.moderations_visible_to(request.user), pk=pk)


@role_required(*SENIOR_ROLES)
def moderation_detail(request, pk: int):
    """Both gradings side by side with their evidence, the conversations, and the outcome."""
    moderation = selectors.prefetch_for_moderation_page(_moderation_or_404(request, pk))
    audit = moderation.case_audit
    log_access(request, audit, "moderation")
    return render(
        request,
        "moderation/detail.html",
        {
            "moderation": moderation,
            "audit": audit,
            "comparison": grading_comparison(case_audit=audit),
            "conversations": conversations_visible_to(request.user, case_audit=audit),
            "can_moderate": "moderate" in workflow.available_names(moderation, request.user),
            # Choosing a moderator again is not a move of the machine, but ends when it does.
            "can_assign": request.user.has_perm("moderation.assign_moderator", moderation)
            and not workflow.is_finished(moderation),
            "graded_it": request.user.pk in (audit.team_manager_id, audit.peer_auditor_id),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SENIOR_MANAGER)
def moderation_record(request, pk: int):
    moderation = _moderation_or_404(request, pk)
    if "moderate" not in workflow.available_names(moderation, request.user):
        raise PermissionDenied
    audit = moderation.case_audit
    comparison = grading_comparison(case_audit=audit)
    form = ModerationForm(
        posted(request),
        comparison_rows=comparison.domains,
        team_manager=audit.team_manager.display_name,
        peer_auditor=audit.peer_auditor.display_name,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form) as outcome:
            services.moderation_record(
                moderation=moderation,
                by=request.user,
                held_on=data["held_on"],
                meeting_notes=data["meeting_notes"],
                domain_grades=form.domain_grades(),
                overall_grade=data["overall_grade"],
                rationale=data["rationale"],
                note_to_team_manager=data["note_to_team_manager"],
                note_to_peer_auditor=data["note_to_peer_auditor"],
                themes=data["themes"],
            )
        if outcome.ok:
            messages.success(
                request,
                "The moderation is recorded. Both auditors have their learning notes, and the "
                "team manager has been asked to set actions and give feedback.",
            )
            return redirect("moderation:case", pk=audit.pk)
    log_access(request, audit, "moderation")
    return render(
        request,
        "moderation/record.html",
        {"moderation": moderation, "audit": audit, "form": form, "comparison": comparison},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def moderation_assign(request, pk: int):
    moderation = _moderation_or_404(request, pk)
    if workflow.is_finished(moderation):
        messages.info(request, "This audit has been moderated already.")
        return redirect("moderation:detail", pk=moderation.pk)
    candidates = selectors.moderator_candidates(moderation.case_audit, anywhere=True)
    form = ModeratorForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.moderation_assign(
                moderation=moderation, moderator=form.chosen, by=request.user
            )
        if outcome.ok:
            messages.success(request, f"{form.chosen.display_name} will moderate this audit.")
            return redirect("moderation:detail", pk=moderation.pk)
    return render(
        request,
        "moderation/assign.html",
        {
            "moderation": moderation,
            "audit": moderation.case_audit,
            "form": form,
            "candidates": candidates,
        },
    )


@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def learning_note_list(request):
    """Every learning note the signed-in auditor has had, those still to read first."""
    page = Paginator(selectors.learning_notes_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "moderation/notes.html", {"page_obj": page, "query": page_query(request)}
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def learning_note(request, pk: int):
    """One auditor's learning note: read it, then say so."""
    note = get_object_or_404(selectors.learning_notes_of(request.user), pk=pk)
    moderation = selectors.prefetch_for_moderation_page(note.moderation)
    if request.method == "POST":
        with service_errors_as_message(request) as outcome:
            services.learning_note_acknowledge(note=note, by=request.user)
        if outcome.ok:
            messages.success(request, "Thank you. The moderator can see you have read your note.")
        return redirect("moderation:note", pk=note.pk)
    log_access(request, moderation.case_audit, "learning note")
    return render(
        request,
        "moderation/note.html",
        {"note": note, "moderation": moderation, "audit": moderation.case_audit},
    )
