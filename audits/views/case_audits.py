"""Case audits: the list, one audit, its history, the grading pages, conversations, concerns.

Every page finds its audit through ``case_audits_visible_to``: an audit a person may not open
answers 404, so its existence is not given away. A person who may open it but not do the thing
asked gets 403.
"""

import django_filters
from crispy_forms_gds.layout import Field, Layout
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.models import Team
from casework.selectors import case_events_latest
from casework.services import child_access_record, child_access_record_many
from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors, services
from ..errors import AuditError, GradingIncomplete
from ..forms import (
    AcknowledgeConcernForm,
    AssignAuditorForm,
    ConversationForm,
    DomainGradeForm,
    FilterFormHelper,
    OverallGradeForm,
    SafeguardingConcernForm,
)
from ..history import audit_history as history_entries
from ..models import AuditRound, CaseAudit, Grading, SafeguardingConcern
from ._common import posted

AUDIT_ROLES = (
    Role.TEAM_MANAGER,
    Role.PEER_AUDITOR,
    Role.SENIOR_MANAGER,
    Role.DIRECTOR,
    Role.QA_OFFICER,
)


def _audit_or_404(request, pk: int) -> CaseAudit:
    return get_object_or_404(selectors.case_audits_visible_to(request.user), pk=pk)


def _log_access(request, audit: CaseAudit, page: str) -> None:
    child_access_record(
        user=request.user, child=audit.child, context=f"case audit {audit.pk} ({page})"
    )


class CaseAuditFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(
        label="Month", queryset=AuditRound.objects.all(), empty_label="All months"
    )
    team = django_filters.ModelChoiceFilter(
        label="Team", queryset=Team.objects.all(), empty_label="All teams"
    )
    status = django_filters.ChoiceFilter(
        label="State", choices=CaseAudit.Status.choices, empty_label="Any state"
    )

    class Meta:
        model = CaseAudit
        fields = ["round", "team", "status"]


def audit_list_filter(request) -> CaseAuditFilter:
    """The audits the signed-in person may open, newest month first, as filtered: shared by the
    page and its download."""
    audits = selectors.with_progress(selectors.case_audits_visible_to(request.user)).order_by(
        "-round__period", "team__name", "child__child_id"
    )
    data = request.GET.copy()
    data.pop("format", None)
    return CaseAuditFilter(data or None, queryset=audits)


@role_required(*AUDIT_ROLES)
def audit_list(request):
    """The audits the signed-in person may open, newest month first."""
    filterset = audit_list_filter(request)
    filterset.form.helper = FilterFormHelper()
    filterset.form.helper.layout = Layout(
        Field.select("round"), Field.select("team"), Field.select("status")
    )
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    for audit in page:
        audit.progress = selectors.progress_of(audit)
    child_access_record_many(
        user=request.user, children=[a.child for a in page], context="audit list"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/list.html",
        {"filter": filterset, "page_obj": page, "query": query.urlencode()},
    )


@role_required(*AUDIT_ROLES)
def audit_detail(request, pk: int):
    audit = _audit_or_404(request, pk)
    _log_access(request, audit, "summary")
    role = selectors.auditor_role(audit, request.user)
    submitted = set(
        Grading.objects.filter(case_audit=audit, submitted_at__isnull=False).values_list(
            "role", flat=True
        )
    )
    own = selectors.grading_of(request.user, case_audit=audit) if role else None
    own_rows = []
    if own and own.is_submitted and not audit.gradings_revealed:
        entries = {dg.domain_id: dg for dg in own.domain_grades.all()}
        own_rows = [(domain, entries.get(domain.pk)) for domain in selectors.domains_for(audit)]
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "case_events": case_events_latest(audit.child),
            "role": role,
            "role_label": Grading.Role(role).label.lower() if role else "",
            "own": own,
            "own_rows": own_rows,
            "manager_submitted": Grading.Role.TEAM_MANAGER in submitted,
            "peer_submitted": Grading.Role.PEER_AUDITOR in submitted,
            "comparison": selectors.grading_comparison(case_audit=audit),
            "conversations": selectors.conversations_visible_to(request.user, case_audit=audit),
            "concerns": audit.safeguarding_concerns.select_related("raised_by", "acknowledged_by"),
            "can_grade": request.user.has_perm("audits.grade_case", audit)
            and not (own and own.is_submitted),
            "can_record_conversation": request.user.has_perm("audits.record_conversation", audit)
            and not (own and own.is_submitted),
            "can_raise_concern": request.user.has_perm("audits.raise_concern", audit),
            "can_assign": request.user.has_perm("audits.assign_auditor", audit)
            and not audit.gradings_revealed,
        },
    )


@role_required(*AUDIT_ROLES)
def audit_history(request, pk: int):
    audit = _audit_or_404(request, pk)
    _log_access(request, audit, "history")
    titles = {d.pk: d.title for d in selectors.domains_for(audit)}
    return render(
        request,
        "audits/history.html",
        {
            "audit": audit,
            "entries": history_entries(request.user, case_audit=audit, domain_titles=titles),
        },
    )


def _grading_context(request, pk: int):
    """The audit and the person's own draft, or a redirect when there is nothing to grade."""
    audit = _audit_or_404(request, pk)
    if selectors.auditor_role(audit, request.user) is None:
        raise PermissionDenied
    own = selectors.grading_of(request.user, case_audit=audit)
    if audit.gradings_revealed or (own and own.is_submitted):
        messages.info(request, "You have submitted your grading of this case.")
        return audit, own, redirect("audits:detail", pk=audit.pk)
    return audit, own, None


def _domain_state(entry) -> str:
    if entry is None or not (entry.grade or entry.evidence):
        return "Not started"
    return "Completed" if entry.grade and entry.evidence else "In progress"


@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def grading_tasks(request, pk: int):
    """The grading as a task list: each domain, the overall grade, then check and submit."""
    audit, own, done = _grading_context(request, pk)
    if done:
        return done
    _log_access(request, audit, "grading")
    entries = {dg.domain_id: dg for dg in own.domain_grades.all()} if own else {}
    tasks = [
        {
            "title": domain.title,
            "url": reverse("audits:grading_domain", args=[audit.pk, domain.pk]),
            "state": _domain_state(entries.get(domain.pk)),
            "done": _domain_state(entries.get(domain.pk)) == "Completed",
            "hint": entries[domain.pk].get_grade_display() if domain.pk in entries else "",
        }
        for domain in selectors.domains_for(audit)
    ]
    overall_fields = (
        [own.overall_grade, own.strengths, own.areas_for_development] if own else ["", "", ""]
    )
    overall_state = (
        "Completed"
        if all(overall_fields)
        else "In progress"
        if any(overall_fields)
        else "Not started"
    )
    completed = sum(1 for t in tasks if t["state"] == "Completed") + (overall_state == "Completed")
    return render(
        request,
        "audits/grading_tasks.html",
        {
            "audit": audit,
            "own": own,
            "role_label": Grading.Role(selectors.auditor_role(audit, request.user)).label,
            "tasks": tasks,
            "overall_state": overall_state,
            "overall_done": overall_state == "Completed",
            "completed": completed,
            "task_count": len(tasks) + 1,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def grading_domain(request, pk: int, domain_pk: int):
    audit, own, done = _grading_context(request, pk)
    if done:
        return done
    domains = selectors.domains_for(audit)
    index = next((i for i, d in enumerate(domains) if d.pk == domain_pk), None)
    if index is None:
        raise Http404("This domain is not part of this audit.")
    domain = domains[index]
    entry = (
        next((dg for dg in own.domain_grades.all() if dg.domain_id == domain.pk), None)
        if own
        else None
    )
    initial = {"grade": entry.grade, "evidence": entry.evidence} if entry else {}
    form = DomainGradeForm(posted(request), domain=domain, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.grading_domain_save(
                case_audit=audit,
                by=request.user,
                domain=domain,
                grade=form.cleaned_data["grade"],
                evidence=form.cleaned_data["evidence"],
            )
        if outcome.ok:
            if request.POST.get("action") == "continue":
                if index + 1 < len(domains):
                    return redirect(
                        "audits:grading_domain", pk=audit.pk, domain_pk=domains[index + 1].pk
                    )
                return redirect("audits:grading_overall", pk=audit.pk)
            messages.success(request, f"Your draft for {domain.title.lower()} is saved.")
            return redirect("audits:grading", pk=audit.pk)
    return render(
        request,
        "audits/grading_domain.html",
        {
            "audit": audit,
            "domain": domain,
            "number": index + 1,
            "domain_count": len(domains),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def grading_overall(request, pk: int):
    audit, own, done = _grading_context(request, pk)
    if done:
        return done
    initial = (
        {
            "overall_grade": own.overall_grade,
            "strengths": own.strengths,
            "areas_for_development": own.areas_for_development,
        }
        if own
        else {}
    )
    form = OverallGradeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.grading_overall_save(case_audit=audit, by=request.user, **form.cleaned_data)
        if outcome.ok:
            if request.POST.get("action") == "continue":
                return redirect("audits:grading_submit", pk=audit.pk)
            messages.success(request, "Your draft of the overall grade is saved.")
            return redirect("audits:grading", pk=audit.pk)
    return render(request, "audits/grading_overall.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR)
def grading_submit(request, pk: int):
    """Check your answers, then submit: what is missing is named, with a link to each gap."""
    audit, own, done = _grading_context(request, pk)
    if done:
        return done
    missing = []
    if request.method == "POST":
        try:
            services.grading_submit(case_audit=audit, by=request.user)
        except GradingIncomplete as incomplete:
            missing = incomplete.missing
        except AuditError as error:
            messages.error(request, str(error))
            return redirect("audits:detail", pk=audit.pk)
        else:
            audit.refresh_from_db()
            messages.success(
                request,
                "Your grading is submitted. You will see both gradings side by side once the "
                "other auditor submits theirs."
                if not audit.gradings_revealed
                else "Your grading is submitted. Both gradings are in: compare them below.",
            )
            return redirect("audits:detail", pk=audit.pk)
    entries = {dg.domain_id: dg for dg in own.domain_grades.all()} if own else {}
    rows = [
        {
            "domain": domain,
            "entry": entries.get(domain.pk),
            "url": reverse("audits:grading_domain", args=[audit.pk, domain.pk]),
        }
        for domain in selectors.domains_for(audit)
    ]
    errors = [
        {
            "message": message,
            "url": (
                reverse("audits:grading_overall", args=[audit.pk]) + "#id_overall_grade_1"
                if where == "overall"
                else reverse("audits:grading_domain", args=[audit.pk, int(where)]) + "#id_grade_1"
            ),
        }
        for message, where in missing
    ]
    conversation_count = (
        audit.conversations.count()
        if selectors.auditor_role(audit, request.user) == Grading.Role.PEER_AUDITOR
        else None
    )
    return render(
        request,
        "audits/grading_submit.html",
        {
            "audit": audit,
            "own": own,
            "rows": rows,
            "errors": errors,
            "conversation_count": conversation_count,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PEER_AUDITOR)
def conversation_add(request, pk: int):
    audit = _audit_or_404(request, pk)
    if not request.user.has_perm("audits.record_conversation", audit):
        raise PermissionDenied
    # ?person=child (from a link, or the first step without JavaScript) offers only the
    # questions for that person.
    form = ConversationForm(
        posted(request),
        initial={"person": request.GET.get("person", "")},
        questions=selectors.conversation_questions_offered(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                services.conversation_record(
                    case_audit=audit,
                    by=request.user,
                    person=data["person"],
                    relationship=data["relationship"],
                    held_on=data["held_on"],
                    method=data["method"],
                    seen_alone=form.seen_alone_value,
                    in_their_words=data["in_their_words"],
                    answers=form.answers,
                )
                once.went_to(reverse("audits:detail", args=[audit.pk]) + "#conversations")
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "The conversation is recorded.")
            return redirect(reverse("audits:detail", args=[audit.pk]) + "#conversations")
    return render(request, "audits/conversation_form.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER, Role.PEER_AUDITOR, Role.SENIOR_MANAGER, Role.QA_OFFICER)
def concern_raise(request, pk: int):
    """Anyone who can open the audit, bar a director (who only reads), can raise a safeguarding
    concern from it, at any time."""
    audit = _audit_or_404(request, pk)
    form = SafeguardingConcernForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                services.safeguarding_concern_raise(
                    case_audit=audit, by=request.user, **form.cleaned_data
                )
                once.went_to(reverse("audits:detail", args=[audit.pk]) + "#safeguarding")
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(
                request,
                "The concern is raised. The team manager and the senior managers have been told.",
            )
            return redirect(reverse("audits:detail", args=[audit.pk]) + "#safeguarding")
    return render(request, "audits/concern_form.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*AUDIT_ROLES)
def concern_detail(request, pk: int, concern_pk: int):
    """One concern, with who raised it and who acknowledged it; a manager of the case's team or
    a senior manager of its area records here what they did to check the child is safe."""
    audit = _audit_or_404(request, pk)
    concern = get_object_or_404(
        SafeguardingConcern.objects.select_related(
            "raised_by", "acknowledged_by", "case_audit__team__service_area"
        ),
        case_audit=audit,
        pk=concern_pk,
    )
    can_acknowledge = "acknowledge" in workflow.available_names(concern, request.user)
    form = AcknowledgeConcernForm(posted(request))
    if request.method == "POST":
        if not can_acknowledge:
            if workflow.is_finished(concern):
                messages.info(request, "This concern has already been acknowledged.")
                return redirect("audits:concern", pk=audit.pk, concern_pk=concern.pk)
            raise PermissionDenied
        if form.is_valid():
            with service_errors_on(form) as outcome:
                services.safeguarding_concern_acknowledge(
                    concern=concern, by=request.user, action_taken=form.cleaned_data["action_taken"]
                )
            if outcome.ok:
                messages.success(request, "Thank you. The concern is recorded as acknowledged.")
                return redirect("audits:concern", pk=audit.pk, concern_pk=concern.pk)
    _log_access(request, audit, "safeguarding concern")
    return render(
        request,
        "audits/concern.html",
        {"audit": audit, "concern": concern, "form": form, "can_acknowledge": can_acknowledge},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def audit_assign(request, pk: int):
    """A QA officer gives one of the two gradings to someone, within the rules of independence."""
    audit = _audit_or_404(request, pk)
    if audit.gradings_revealed:
        messages.info(request, "Both gradings are in, so the auditors can no longer change.")
        return redirect("audits:detail", pk=audit.pk)
    default_role = (
        Grading.Role.TEAM_MANAGER
        if audit.team_manager_id is None and audit.peer_auditor_id is not None
        else Grading.Role.PEER_AUDITOR
    )
    role = request.GET.get("role") or request.POST.get("role") or default_role
    if role not in Grading.Role.values:
        raise Http404("No such grading.")
    role_label = Grading.Role(role).label.lower()
    candidates = selectors.assignment_candidates(audit, role=role)
    form = AssignAuditorForm(
        posted(request),
        candidates=candidates,
        label=f"Who will be the {role_label}?",
        show_capacity=role == Grading.Role.PEER_AUDITOR,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.case_audit_assign(
                case_audit=audit, role=role, auditor=form.chosen, by=request.user
            )
        if outcome.ok:
            messages.success(
                request, f"{form.chosen.display_name} is now the {role_label} for this case."
            )
            return redirect("audits:round", pk=audit.round_id)
    current = audit.team_manager if role == Grading.Role.TEAM_MANAGER else audit.peer_auditor
    return render(
        request,
        "audits/assign.html",
        {
            "audit": audit,
            "form": form,
            "role": role,
            "role_label": role_label,
            "other_role": (
                Grading.Role.PEER_AUDITOR
                if role == Grading.Role.TEAM_MANAGER
                else Grading.Role.TEAM_MANAGER
            ),
            "current": current,
            "candidates": candidates,
        },
    )
