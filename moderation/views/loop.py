"""One audit's loop after the gradings: the final grade, the moderation's outcome, the actions,
the social worker's feedback, the follow-up and any escalation, with the history of it all."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audits.models import CaseAudit, Grading
from audits.selectors import auditor_role, gradings_visible_to
from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors, services
from ..forms import (
    AcknowledgeForm,
    ActionForm,
    EvidenceForm,
    FeedbackForm,
    GradingThemesForm,
    ReasonForm,
)
from ..history import loop_history
from ..models import Action, FinalGrade, FollowUpReview, PractitionerFeedback
from .common import (
    ACTION_ROLES,
    AUDIT_ROLES,
    PAGE_SIZE,
    log_access,
    log_list_access,
    page_query,
    posted,
)


def _audit_or_404(request, pk: int) -> CaseAudit:
    return get_object_or_404(selectors.loop_case_audits_visible_to(request.user), pk=pk)


@role_required(*AUDIT_ROLES)
def loop_case(request, pk: int):
    audit = _audit_or_404(request, pk)
    if not audit.gradings_revealed:
        messages.info(request, "The loop starts once both gradings are in.")
        return redirect("audits:detail", pk=audit.pk)
    log_access(request, audit, "loop")
    loop = selectors.loop_of(audit)
    role = auditor_role(audit, request.user)
    manages = request.user.has_perm("moderation.manage_loop", audit)
    final = loop["final_grade"]
    stage_open = workflow.in_group(audit, "actions_open")
    own_note = None
    if loop["moderation"] is not None:
        own_note = next(
            (
                n
                for n in loop["moderation"].learning_notes.all()
                if n.recipient_id == request.user.pk
            ),
            None,
        )
    return render(
        request,
        "moderation/case.html",
        {
            "audit": audit,
            **loop,
            "role": role,
            "own_note": own_note,
            "can_add_actions": manages and final is not None and stage_open,
            "can_give_feedback": manages
            and final is not None
            and stage_open
            and loop["feedback"] is None
            and audit.social_worker_id is not None,
            "can_skip_feedback": manages
            and final is not None
            and audit.social_worker_id is None
            and workflow.allows(audit, "start_actions"),
            "can_tag_themes": role is not None,
            "feedback_late": final is not None
            and final.feedback_due < timezone.localdate()
            and workflow.allows(audit, "start_actions"),
            "sees_moderation": loop["moderation"] is not None
            and selectors.moderations_visible_to(request.user)
            .filter(pk=loop["moderation"].pk)
            .exists(),
            "sees_follow_up": loop["follow_up"] is not None
            and selectors.follow_ups_visible_to(request.user)
            .filter(pk=loop["follow_up"].pk)
            .exists(),
            "themes_by_role": [
                (label, loop["grading_themes"].get(value, []))
                for value, label in Grading.Role.choices
            ],
        },
    )


@role_required(*AUDIT_ROLES)
def loop_history_page(request, pk: int):
    audit = _audit_or_404(request, pk)
    log_access(request, audit, "loop history")
    return render(
        request,
        "moderation/history.html",
        {"audit": audit, "entries": loop_history(case_audit=audit)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def grading_themes(request, pk: int):
    """An auditor tags the findings of their own submitted grading with learning themes."""
    audit = _audit_or_404(request, pk)
    grading = (
        gradings_visible_to(request.user, case_audit=audit)
        .filter(auditor=request.user, submitted_at__isnull=False)
        .first()
    )
    if grading is None:
        raise PermissionDenied
    current = list(grading.learning_themes.all())
    form = GradingThemesForm(posted(request), current=current, initial={"themes": current})
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.grading_themes_set(
                case_audit=audit, by=request.user, themes=form.cleaned_data["themes"]
            )
        if outcome.ok:
            messages.success(request, "The learning themes of your grading are saved.")
            return redirect("moderation:case", pk=audit.pk)
    return render(
        request,
        "moderation/grading_themes.html",
        {"audit": audit, "form": form, "role_label": grading.get_role_display().lower()},
    )


def _managed_audit(request, pk: int) -> tuple[CaseAudit, FinalGrade]:
    audit = _audit_or_404(request, pk)
    final = FinalGrade.objects.filter(case_audit=audit).first()
    if final is None or not request.user.has_perm("moderation.manage_loop", audit):
        raise PermissionDenied
    return audit, final


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.SENIOR_MANAGER)
def action_add(request, pk: int):
    audit, final = _managed_audit(request, pk)
    form = ActionForm(
        posted(request),
        owners=selectors.owner_choices_queryset(audit),
        follow_up_due=final.follow_up_due,
        initial={"owner": audit.social_worker_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                services.action_add(
                    case_audit=audit,
                    by=request.user,
                    description=data["description"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                )
                once.went_to(reverse("moderation:case", args=[audit.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"The action is agreed with {data['owner'].display_name}.")
            if request.POST.get("then") == "another":
                return redirect("moderation:action_add", pk=audit.pk)
            return redirect("moderation:case", pk=audit.pk)
    return render(
        request, "moderation/action_form.html", {"audit": audit, "form": form, "final": final}
    )


REASON_LABELS = {
    "reopen": "Why is it open again?",
    "cancel": "Why is it no longer needed?",
}


def _action_form(step: str, data=None):
    if step == "done":
        return EvidenceForm(data, prefix="done")
    return ReasonForm(data, prefix=step, label=REASON_LABELS[step])


@require_http_methods(["GET", "POST"])
@role_required(*ACTION_ROLES)
def action_detail(request, pk: int):
    """One action: its owner records the evidence; a manager of the loop may reopen or drop it."""
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=pk)
    can_update = request.user.has_perm("moderation.update_action", action)
    manages = request.user.has_perm("moderation.manage_loop", action.case_audit)
    available = workflow.available_names(action, request.user)
    forms = {step: _action_form(step) for step in ("done", "reopen", "cancel")}
    bound = None
    if request.method == "POST":
        step = request.POST.get("step")
        if not can_update or step not in forms or (step != "done" and not manages):
            raise PermissionDenied
        bound = forms[step] = _action_form(step, request.POST)
        if bound.is_valid():
            with service_errors_on(bound) as outcome:
                if step == "done":
                    services.action_complete(
                        action=action, by=request.user, evidence=bound.cleaned_data["evidence"]
                    )
                    done = "The action is marked done."
                elif step == "reopen":
                    services.action_reopen(
                        action=action, by=request.user, reason=bound.cleaned_data["reason"]
                    )
                    done = "The action is open again. Its owner has been told."
                else:
                    services.action_cancel(
                        action=action, by=request.user, reason=bound.cleaned_data["reason"]
                    )
                    done = "The action is marked as no longer needed."
            if outcome.ok:
                messages.success(request, done)
                return redirect("moderation:action", pk=action.pk)
    if request.user.pk != action.owner_id:
        log_access(request, action.case_audit, "action")
    return render(
        request,
        "moderation/action.html",
        {
            "action": action,
            "audit": action.case_audit,
            "can_complete": "complete" in available,
            "can_reopen": "reopen" in available,
            "can_cancel": "cancel" in available,
            "evidence_form": forms["done"],
            "reopen_form": forms["reopen"],
            "cancel_form": forms["cancel"],
            "form": bound if bound is not None and bound.errors else None,
            "sees_loop": selectors.loop_case_audits_visible_to(request.user)
            .filter(pk=action.case_audit_id)
            .exists(),
        },
        status=400 if bound is not None and bound.errors else 200,
    )


ACTION_FILTERS = {"open": "Open", "done": "Done", "cancelled": "No longer needed", "": "All"}


@role_required(Role.TEAM_MANAGER)
def to_give_list(request):
    """The team manager's audits with a final grade, waiting for actions and feedback."""
    page = Paginator(selectors.audits_to_give_feedback(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/to_give.html",
        {"page_obj": page, "query": page_query(request), "today": timezone.localdate()},
    )


def action_list_filtered(request):
    """The actions the list shows for this request's filter (also its download's rows)."""
    status = request.GET.get("status", "open")
    if status not in ACTION_FILTERS:
        status = "open"
    mine = request.GET.get("mine") == "1"
    return status, mine, selectors.action_list(request.user, status=status, mine=mine)


@role_required(*ACTION_ROLES)
def action_list(request):
    status, mine, actions = action_list_filtered(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_access(request, page, "actions")
    return render(
        request,
        "moderation/actions.html",
        {
            "page_obj": page,
            "status": status,
            "mine": mine,
            "filters": ACTION_FILTERS.items(),
            "today": timezone.localdate(),
            "query": page_query(request),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.SENIOR_MANAGER)
def feedback_give(request, pk: int):
    audit, final = _managed_audit(request, pk)
    if PractitionerFeedback.objects.filter(case_audit=audit).exists():
        messages.info(request, "Feedback from this audit has already been given.")
        return redirect("moderation:case", pk=audit.pk)
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.practitioner_feedback_send(
                case_audit=audit, by=request.user, **form.cleaned_data
            )
        if outcome.ok:
            messages.success(
                request, f"Your feedback is sent to {audit.social_worker.display_name}."
            )
            return redirect("moderation:case", pk=audit.pk)
    log_access(request, audit, "feedback")
    loop = selectors.loop_of(audit)
    return render(
        request,
        "moderation/feedback_form.html",
        {"audit": audit, "form": form, "final": final, "moderation": loop["moderation"]},
    )


@require_POST
@role_required(Role.TEAM_MANAGER, Role.SENIOR_MANAGER)
def feedback_skip(request, pk: int):
    audit, _ = _managed_audit(request, pk)
    with service_errors_as_message(request) as outcome:
        services.loop_without_feedback(case_audit=audit, by=request.user)
    if outcome.ok:
        messages.success(request, "The audit has moved on to its actions and the follow-up.")
    return redirect("moderation:case", pk=audit.pk)


FEEDBACK_ROLES = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.SENIOR_MANAGER,
    Role.QA_OFFICER,
    Role.DIRECTOR,
)


@role_required(*FEEDBACK_ROLES)
def feedback_list(request):
    """A social worker's feedback from audits of their cases; managers see what they may."""
    feedback = selectors.feedback_visible_to(request.user).order_by("status", "-sent_at", "-pk")
    only_mine = request.user.has_role(Role.PRACTITIONER) and request.GET.get("all") != "1"
    if only_mine:
        feedback = feedback.filter(social_worker=request.user)
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_access(request, page, "practitioner feedback")
    return render(
        request,
        "moderation/feedback_list.html",
        {"page_obj": page, "only_mine": only_mine, "query": page_query(request)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*FEEDBACK_ROLES)
def feedback_detail(request, pk: int):
    """The social worker reads their feedback, acknowledges it and may add a reflection."""
    feedback = get_object_or_404(selectors.feedback_visible_to(request.user), pk=pk)
    can_acknowledge = "acknowledge" in workflow.available_names(feedback, request.user)
    form = AcknowledgeForm(posted(request))
    if request.method == "POST":
        if not can_acknowledge:
            raise PermissionDenied
        if form.is_valid():
            with service_errors_on(form) as outcome:
                services.practitioner_feedback_acknowledge(
                    feedback=feedback, by=request.user, reflection=form.cleaned_data["reflection"]
                )
            if outcome.ok:
                messages.success(
                    request,
                    f"Thank you. {feedback.written_by.display_name} can see you have read it.",
                )
                return redirect("moderation:feedback", pk=feedback.pk)
    if request.user.pk != feedback.social_worker_id:
        log_access(request, feedback.case_audit, "feedback")
    final = FinalGrade.objects.filter(case_audit=feedback.case_audit).first()
    return render(
        request,
        "moderation/feedback.html",
        {
            "feedback": feedback,
            "audit": feedback.case_audit,
            "final": final,
            "form": form,
            "can_acknowledge": can_acknowledge,
            "follow_up": FollowUpReview.objects.filter(
                case_audit=feedback.case_audit, status=FollowUpReview.Status.COMPLETED
            )
            .select_related("completed_by")
            .first(),
            "actions": list(
                Action.objects.filter(case_audit=feedback.case_audit)
                .exclude(status=Action.Status.CANCELLED)
                .select_related("owner")
            ),
        },
        status=400 if form.errors else 200,
    )
