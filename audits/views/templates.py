"""Audit templates for QA officers: versions, a draft's domains and questions, publishing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors, services
from ..forms import DomainForm, PublishForm, QuestionFormSet
from ..models import AuditDomain, AuditTemplate
from ._common import posted


@role_required(Role.QA_OFFICER)
def template_list(request):
    templates = AuditTemplate.objects.select_related("published_by")
    return render(
        request,
        "audits/templates.html",
        {"templates": templates, "has_draft": any(t.is_draft for t in templates)},
    )


@role_required(Role.QA_OFFICER)
def template_detail(request, pk: int):
    get_object_or_404(AuditTemplate, pk=pk)
    template = selectors.audit_template_with_domains(pk)
    return render(
        request,
        "audits/template.html",
        {
            "template": template,
            "publish_form": PublishForm(initial={"notes": template.notes}),
            "audit_count": template.case_audits.count(),
        },
    )


@require_POST
@role_required(Role.QA_OFFICER)
def template_draft_create(request):
    with service_errors_as_message(request) as outcome:
        draft = services.audit_template_draft_create(by=request.user)
    if not outcome.ok:
        return redirect("audits:templates")
    messages.success(request, f"Version {draft.version} is a draft copy of the current version.")
    return redirect("audits:template", pk=draft.pk)


@require_POST
@role_required(Role.QA_OFFICER)
def template_publish(request, pk: int):
    template = get_object_or_404(AuditTemplate, pk=pk)
    form = PublishForm(request.POST)
    form.is_valid()
    with service_errors_as_message(request) as outcome:
        services.audit_template_publish(
            template=template, by=request.user, notes=form.cleaned_data.get("notes", "")
        )
    if outcome.ok:
        messages.success(
            request,
            f"Version {template.version} is published. Audits that have not started will use it.",
        )
    return redirect("audits:template", pk=template.pk)


def _questions_from(formset) -> list[services.QuestionInput]:
    return [
        services.QuestionInput(
            pk=form.cleaned_data.get("pk"),
            text=form.cleaned_data.get("text", ""),
            guidance=form.cleaned_data.get("guidance", ""),
        )
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def template_domain_add(request, pk: int):
    template = get_object_or_404(AuditTemplate, pk=pk)
    if not template.is_draft:
        messages.error(request, "Only a draft can be changed. Start a new draft first.")
        return redirect("audits:template", pk=template.pk)
    form = DomainForm(posted(request), initial={"position": template.domains.count() + 1})
    formset = QuestionFormSet(posted(request), prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                domain = services.audit_domain_add(
                    template=template,
                    by=request.user,
                    questions=_questions_from(formset),
                    **form.cleaned_data,
                )
                once.went_to(reverse("audits:template", args=[template.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, f"'{domain.title}' is added to version {template.version}.")
            return redirect("audits:template", pk=template.pk)
    return render(
        request,
        "audits/domain_form.html",
        {"template": template, "form": form, "formset": formset, "domain": None},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def template_domain_edit(request, domain_pk: int):
    domain = get_object_or_404(AuditDomain.objects.select_related("template"), pk=domain_pk)
    template = domain.template
    if not template.is_draft:
        messages.error(request, "Only a draft can be changed. Start a new draft first.")
        return redirect("audits:template", pk=template.pk)
    form = DomainForm(
        posted(request),
        initial={
            "title": domain.title,
            "description": domain.description,
            "case_kinds": domain.case_kinds,
            "position": domain.position,
        },
    )
    formset = QuestionFormSet(
        posted(request),
        prefix="questions",
        initial=[
            {"pk": q.pk, "text": q.text, "guidance": q.guidance} for q in domain.questions.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with service_errors_on(form) as outcome:
            services.audit_domain_update(
                domain=domain,
                by=request.user,
                questions=_questions_from(formset),
                **form.cleaned_data,
            )
        if outcome.ok:
            messages.success(request, f"'{domain.title}' is saved.")
            return redirect("audits:template", pk=template.pk)
    return render(
        request,
        "audits/domain_form.html",
        {"template": template, "form": form, "formset": formset, "domain": domain},
    )


@require_POST
@role_required(Role.QA_OFFICER)
def template_domain_remove(request, domain_pk: int):
    domain = get_object_or_404(AuditDomain.objects.select_related("template"), pk=domain_pk)
    with service_errors_as_message(request) as outcome:
        services.audit_domain_remove(domain=domain, by=request.user)
    if outcome.ok:
        messages.success(
            request, f"'{domain.title}' is removed from version {domain.template.version}."
        )
    return redirect("audits:template", pk=domain.template_id)
