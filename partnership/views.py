"""Multi-agency audit pages: thin views over the forms, services and selectors.

Every page checks the person's role first, then finds the object through a selector scoped to
them, so an audit, section or case they have no part in is 404, as is everything else of the
service for a partner auditor (qaf.middleware.PartnerScopeMiddleware).
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.services import child_access_record
from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import is_partner_only, role_required
from qaf.roles import Role

from . import selectors
from .forms import (
    ActionCompleteForm,
    ActionForm,
    AgencyAddForm,
    AgencyForm,
    AuditForm,
    CaseAddForm,
    CaseAnswerForm,
    CasePickForm,
    FindingForm,
    FollowUpForm,
    PartnerAuditorForm,
)
from .models import (
    AgencySection,
    AuditCase,
    MultiAgencyAudit,
    PartnerAgency,
    PartnerAuditor,
)
from .services import (
    action_complete,
    action_record,
    agency_create,
    audit_agency_add,
    audit_case_add,
    audit_cases_pick,
    audit_create,
    audit_finish,
    audit_open,
    case_answer_save,
    finding_record,
    follow_up_record,
    partner_auditor_add,
    partner_auditor_invite,
    section_submit,
    section_withdraw,
)

MANAGERS = (Role.BUSINESS_MANAGER, Role.QA_OFFICER)
READERS = (*MANAGERS, Role.DIRECTOR, Role.PARTNER_AUDITOR)


def partnership_roles(*roles: Role):
    """``role_required``, but a partner auditor whose role does not open the page gets 404, as
    everywhere else outside their audits: nothing tells them the page exists."""

    def decorator(view):
        guarded = role_required(*roles)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if Role.PARTNER_AUDITOR not in roles and is_partner_only(request.user):
                raise Http404("No such page.")
            return guarded(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def _audit(request, pk: int) -> MultiAgencyAudit:
    try:
        return selectors.audit_detail(pk, request.user)
    except MultiAgencyAudit.DoesNotExist:
        raise Http404("No such audit.") from None


def _section(request, pk: int) -> AgencySection:
    """A section its own auditor is writing (while the agency takes part), or any section of an
    audit the chair or the partnership's managers see."""
    section = get_object_or_404(AgencySection.objects.select_related("audit", "agency"), pk=pk)
    user = request.user
    if section.auditor_id == user.pk and section.status in selectors.TAKING_PART:
        return section
    if selectors.reads_all(user) or section.audit.chair_id == user.pk:
        return section
    raise Http404("No such section.")


@partnership_roles(*READERS)
def home(request):
    return render(
        request,
        "partnership/home.html",
        {
            "audits": selectors.audit_list_for(request.user),
            "manages": selectors.manages(request.user),
            "reads_all": selectors.reads_all(request.user),
        },
    )


# Agencies and auditors ------------------------------------------------------------------------


@partnership_roles(*MANAGERS)
def agency_list(request):
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                agency = agency_create(by=request.user, **form.cleaned_data)
                once.went_to(reverse("partnership:agency", args=[agency.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"{agency} added. Now add its auditors.")
            return redirect("partnership:agency", agency.pk)
    return render(
        request,
        "partnership/agencies.html",
        {"agencies": selectors.agencies(), "form": form},
        status=400 if form.errors else 200,
    )


@partnership_roles(*MANAGERS)
def agency_detail(request, pk: int):
    agency = get_object_or_404(PartnerAgency, pk=pk)
    form = PartnerAuditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                auditor = partner_auditor_add(by=request.user, agency=agency, **form.cleaned_data)
                once.went_to(reverse("partnership:agency", args=[agency.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(
                request, f"{auditor.user.display_name} has been sent an invitation to sign in."
            )
            return redirect("partnership:agency", agency.pk)
    return render(
        request,
        "partnership/agency.html",
        {"agency": agency, "auditors": selectors.agency_auditors(agency), "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@partnership_roles(*MANAGERS)
def auditor_invite(request, pk: int):
    auditor = get_object_or_404(PartnerAuditor.objects.select_related("user"), pk=pk)
    with service_errors_as_message(request) as outcome:
        partner_auditor_invite(by=request.user, auditor=auditor)
    if outcome.ok:
        messages.success(request, f"A new invitation was sent to {auditor.user.display_name}.")
    return redirect("partnership:agency", auditor.agency_id)


# Setting up -----------------------------------------------------------------------------------


@partnership_roles(*MANAGERS)
def audit_create_view(request):
    form = AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                audit = audit_create(by=request.user, **form.cleaned_data)
                once.went_to(reverse("partnership:audit", args=[audit.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "Audit set up. Now add its cases and agencies.")
            return redirect("partnership:audit", audit.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": "Set up a multi-agency audit",
            "lead": "You chair its panel. Cases and agencies are added next.",
            "button": "Set up the audit",
        },
        status=400 if form.errors else 200,
    )


def _managed_audit(request, pk: int) -> MultiAgencyAudit:
    return get_object_or_404(MultiAgencyAudit, pk=pk)


def _setup_form_page(request, audit, form, *, heading, button, run, done):
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            result = run(form.cleaned_data)
        if outcome.ok:
            messages.success(request, done(result))
            return redirect("partnership:audit", audit.pk)
    return render(
        request,
        "partnership/setup_form.html",
        {"form": form, "heading": heading, "button": button, "audit": audit},
        status=400 if form.errors else 200,
    )


@partnership_roles(*MANAGERS)
def case_add(request, pk: int):
    audit = _managed_audit(request, pk)
    return _setup_form_page(
        request,
        audit,
        CaseAddForm(request.POST or None),
        heading="Add a case",
        button="Add the case",
        run=lambda data: audit_case_add(by=request.user, audit=audit, **data),
        done=lambda case: f"{case.child.child_id} added.",
    )


@partnership_roles(*MANAGERS)
def case_pick(request, pk: int):
    audit = _managed_audit(request, pk)
    return _setup_form_page(
        request,
        audit,
        CasePickForm(request.POST or None),
        heading="Pick cases by a rule",
        button="Pick the cases",
        run=lambda data: audit_cases_pick(by=request.user, audit=audit, **data),
        done=lambda cases: f"{len(cases)} case{'s' if len(cases) != 1 else ''} added.",
    )


@partnership_roles(*MANAGERS)
def agency_add(request, pk: int):
    audit = _managed_audit(request, pk)
    return _setup_form_page(
        request,
        audit,
        AgencyAddForm(request.POST or None, auditors=selectors.partner_auditors()),
        heading="Add an agency",
        button="Add the agency",
        run=lambda data: audit_agency_add(by=request.user, audit=audit, **data),
        done=lambda section: f"{section.agency} is taking part.",
    )


@require_POST
@partnership_roles(*MANAGERS)
def audit_open_view(request, pk: int):
    audit = _managed_audit(request, pk)
    with service_errors_as_message(request) as outcome:
        audit_open(by=request.user, audit=audit)
    if outcome.ok:
        messages.success(request, "Sent: each agency's auditor has been asked for their section.")
    return redirect("partnership:audit", audit.pk)


@require_POST
@partnership_roles(*MANAGERS)
def section_withdraw_view(request, pk: int):
    section = get_object_or_404(AgencySection.objects.select_related("audit", "agency"), pk=pk)
    with service_errors_as_message(request) as outcome:
        section_withdraw(by=request.user, section=section)
    if outcome.ok:
        messages.success(request, f"{section.agency} no longer takes part in this audit.")
    return redirect("partnership:audit", section.audit_id)


# Reading an audit -------------------------------------------------------------------------------


@partnership_roles(*READERS)
def audit_detail_view(request, pk: int):
    audit = _audit(request, pk)
    user = request.user
    sees_all = selectors.sees_every_section(user, audit)
    return render(
        request,
        "partnership/audit.html",
        {
            "audit": audit,
            "cases": selectors.audit_cases(audit),
            # Blind between agencies: before every section is in, only the person's own.
            "sections": audit.sections.select_related("agency", "auditor")
            if sees_all
            else selectors.own_sections(user, audit),
            "sees_all": sees_all,
            "panel": selectors.panel_of(audit),
            "findings": selectors.findings_of(audit) if sees_all else [],
            "actions": selectors.actions_of(audit) if sees_all else [],
            "manages": selectors.manages(user),
            "on_panel": selectors.on_panel(user, audit),
            "questions": audit.template.questions.all(),
        },
    )


@partnership_roles(*READERS)
def case_detail(request, pk: int, case_pk: int):
    """The part of the child's record the audit shares, and what each agency said about it
    (only the person's own agency's until every section is in). Every view is logged."""
    audit = _audit(request, pk)
    case = get_object_or_404(AuditCase.objects.select_related("child"), pk=case_pk, audit=audit)
    child_access_record(
        user=request.user, child=case.child, context=f"Multi-agency audit {audit.pk}"
    )
    sections = selectors.sections_visible_to(request.user, audit).filter(
        status__in=selectors.TAKING_PART
    )
    questions = list(audit.template.questions.all())
    answers = []
    for section in sections:
        for answer in section.answers.all():
            if answer.case_id == case.pk:
                answers.append(
                    (
                        section,
                        answer,
                        [(q, answer.answers.get(str(q.pk), "")) for q in questions],
                    )
                )
    return render(
        request,
        "partnership/case.html",
        {
            "audit": audit,
            "case": case,
            "episodes": selectors.case_episodes(case),
            "answers": answers,
            "sees_all": selectors.sees_every_section(request.user, audit),
        },
    )


# Answering ------------------------------------------------------------------------------------


@partnership_roles(*READERS)
def section_detail(request, pk: int):
    section = _section(request, pk)
    answers = section.answers.select_related("case__child")
    return render(
        request,
        "partnership/section.html",
        {
            "section": section,
            "audit": section.audit,
            "answers": answers,
            "writes": section.auditor_id == request.user.pk,
        },
    )


@partnership_roles(Role.PARTNER_AUDITOR)
def section_answer(request, pk: int, case_pk: int):
    section = _section(request, pk)
    if section.auditor_id != request.user.pk:
        raise Http404("No such section.")
    answer = get_object_or_404(section.answers.select_related("case__child"), case_id=case_pk)
    questions = list(section.audit.template.questions.all())
    initial = {f"q{key}": value for key, value in answer.answers.items()} | {"grade": answer.grade}
    form = CaseAnswerForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            case_answer_save(
                by=request.user,
                answer=answer,
                answers=form.answers(),
                grade=form.cleaned_data["grade"],
            )
        if outcome.ok:
            messages.success(request, f"Saved your answers on {answer.case.child.child_id}.")
            return redirect("partnership:section", section.pk)
    return render(
        request,
        "partnership/section_answer.html",
        {"form": form, "section": section, "answer": answer},
        status=400 if form.errors else 200,
    )


@require_POST
@partnership_roles(Role.PARTNER_AUDITOR)
def section_submit_view(request, pk: int):
    section = _section(request, pk)
    with service_errors_as_message(request) as outcome:
        section_submit(by=request.user, section=section)
    if outcome.ok:
        messages.success(request, f"{section.agency}'s section is submitted.")
        return redirect("partnership:audit", section.audit_id)
    return redirect("partnership:section", section.pk)


# The panel ------------------------------------------------------------------------------------


def _panel_audit(request, pk: int) -> MultiAgencyAudit:
    audit = _audit(request, pk)
    if not selectors.on_panel(request.user, audit):
        raise Http404("No such audit.")
    return audit


@partnership_roles(*MANAGERS, Role.PARTNER_AUDITOR)
def finding_create(request, pk: int):
    audit = _panel_audit(request, pk)
    agencies = PartnerAgency.objects.filter(
        sections__audit=audit, sections__status__in=selectors.TAKING_PART
    )
    form = FindingForm(request.POST or None, cases=selectors.audit_cases(audit), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                finding_record(by=request.user, audit=audit, **form.cleaned_data)
                once.went_to(reverse("partnership:audit", args=[audit.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "Finding recorded.")
            return redirect("partnership:audit", audit.pk)
    return render(
        request,
        "partnership/setup_form.html",
        {
            "form": form,
            "audit": audit,
            "heading": "Record a panel finding",
            "button": "Record the finding",
        },
        status=400 if form.errors else 200,
    )


@partnership_roles(*MANAGERS, Role.PARTNER_AUDITOR)
def action_create(request, pk: int):
    audit = _panel_audit(request, pk)
    agencies = PartnerAgency.objects.filter(
        sections__audit=audit, sections__status__in=selectors.TAKING_PART
    )
    form = ActionForm(
        request.POST or None, agencies=agencies, owners=selectors.action_owners(audit)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                action_record(by=request.user, audit=audit, **form.cleaned_data)
                once.went_to(reverse("partnership:audit", args=[audit.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "Action recorded. Its follow-up comes due in three months.")
            return redirect("partnership:audit", audit.pk)
    return render(
        request,
        "partnership/setup_form.html",
        {
            "form": form,
            "audit": audit,
            "heading": "Give an agency an action",
            "button": "Record the action",
        },
        status=400 if form.errors else 200,
    )


@require_POST
@partnership_roles(*MANAGERS, Role.PARTNER_AUDITOR)
def audit_finish_view(request, pk: int):
    audit = _audit(request, pk)
    with service_errors_as_message(request) as outcome:
        audit_finish(by=request.user, audit=audit)
    if outcome.ok:
        messages.success(request, "The audit is finished.")
    return redirect("partnership:audit", audit.pk)


@partnership_roles(*READERS)
def action_complete_view(request, pk: int):
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=pk)
    form = ActionCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            action_complete(by=request.user, action=action, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, "The action is marked as done.")
            return redirect("partnership:audit", action.audit_id)
    return render(
        request,
        "partnership/setup_form.html",
        {
            "form": form,
            "audit": action.audit,
            "heading": "Mark the action as done",
            "lead": action.description,
            "button": "Mark as done",
        },
        status=400 if form.errors else 200,
    )


# Follow-ups and reports -----------------------------------------------------------------------


@partnership_roles(*MANAGERS)
def follow_up_list(request):
    return render(
        request,
        "partnership/follow_ups.html",
        {"follow_ups": selectors.follow_ups_visible_to(request.user)},
    )


@partnership_roles(*MANAGERS)
def follow_up_detail(request, pk: int):
    follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form) as outcome:
            follow_up_record(
                by=request.user,
                follow_up=follow_up,
                action_done=data["action_done"] == "yes",
                improved=data["improved"] == "yes",
                outcome=data["outcome"],
            )
        if outcome.ok:
            messages.success(request, "Follow-up recorded.")
            return redirect("partnership:follow_up", follow_up.pk)
    return render(
        request,
        "partnership/follow_up.html",
        {
            "follow_up": follow_up,
            "action": follow_up.action,
            "form": form,
            "may_record": bool(workflow.available_actions(follow_up, request.user)),
        },
        status=400 if form.errors else 200,
    )


@partnership_roles(*READERS)
def audit_report(request, pk: int):
    audit = _audit(request, pk)
    if not selectors.sees_every_section(request.user, audit):
        raise Http404("No such report.")
    audits = MultiAgencyAudit.objects.filter(pk=audit.pk)
    return render(
        request,
        "partnership/report.html",
        {
            "heading": f"Report: {audit.title}",
            "audit": audit,
            "report": selectors.report_for(audits),
            "findings": selectors.findings_of(audit),
            "actions": selectors.actions_of(audit),
        },
    )


def _quarter(text: str, today: date) -> tuple[int, int]:
    try:
        year, quarter = text.split("-Q")
        year, quarter = int(year), int(quarter)
        if 2000 <= year <= 2100 and 1 <= quarter <= 4:
            return year, quarter
    except ValueError:
        pass
    return selectors.quarter_of(today)


@partnership_roles(*MANAGERS, Role.DIRECTOR)
def quarter_report(request):
    today = timezone.localdate()
    year, quarter = _quarter(request.GET.get("quarter", ""), today)
    public = request.GET.get("public") == "1"
    start, end = selectors.quarter_bounds(year, quarter)
    audits = MultiAgencyAudit.objects.filter(
        status=MultiAgencyAudit.Status.FINISHED, finished_on__gte=start, finished_on__lt=end
    )
    this_year, this_quarter = selectors.quarter_of(today)
    quarters = []
    for back in range(8):
        index = this_year * 4 + this_quarter - 1 - back
        quarters.append(f"{index // 4}-Q{index % 4 + 1}")
    return render(
        request,
        "partnership/report.html",
        {
            "heading": f"Partnership report: {year} quarter {quarter}",
            "quarter": f"{year}-Q{quarter}",
            "quarters": quarters,
            "public": public,
            "report": selectors.report_for(audits, public=public),
            "audits": audits.order_by("finished_on"),
        },
    )
