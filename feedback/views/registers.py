"""The complaints and compliments register."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from ..forms import (
    ComplaintCloseForm,
    ComplaintEscalateForm,
    ComplaintForm,
    ComplaintRespondForm,
)
from ..models import ComplaintOrCompliment
from ..selectors import (
    complaints_visible_to,
    financial_year_of,
    register_summary,
)
from ..services import (
    complaint_close,
    complaint_escalate,
    complaint_record,
    complaint_respond,
    complaint_update,
    compliment_pass_on,
)

REGISTER_READERS = (Role.QA_OFFICER, Role.DIRECTOR, Role.SENIOR_MANAGER, Role.TEAM_MANAGER)
qa_only = role_required(Role.QA_OFFICER)


def complaint_list_filtered(request):
    """The register's entries for this request's filter (also its download's rows)."""
    items = complaints_visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in ComplaintOrCompliment.Kind.values:
        items = items.filter(kind=kind)
    if request.GET.get("open"):
        items = items.filter(status=ComplaintOrCompliment.Status.OPEN)
    return kind, items


@role_required(*REGISTER_READERS)
def complaint_list(request):
    kind, items = complaint_list_filtered(request)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/complaint_list.html",
        {
            "page_obj": page,
            "kind": kind,
            "only_open": bool(request.GET.get("open")),
            "query": f"kind={kind}&" + ("open=1&" if request.GET.get("open") else ""),
            "today": timezone.localdate(),
            "can_record": request.user.has_role(Role.QA_OFFICER),
        },
    )


@qa_only
def complaint_create(request):
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                item = complaint_record(by=request.user, **form.cleaned_data)
                once.went_to(reverse("feedback:complaint_detail", args=[item.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        messages.success(request, f"{item.get_kind_display()} {item.reference} recorded.")
        return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Record a complaint or compliment", "button": "Save"},
    )


@role_required(*REGISTER_READERS)
def complaint_detail(request, pk: int):
    item = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    return render(
        request,
        "feedback/complaint_detail.html",
        {
            "item": item,
            "named_staff": item.named_staff.all(),
            "can_manage": request.user.has_role(Role.QA_OFFICER),
            "today": timezone.localdate(),
        },
    )


@qa_only
def complaint_edit(request, pk: int):
    item = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    initial = {
        "kind": item.kind,
        "received_on": item.received_on,
        "team": item.team,
        "category": item.category,
        "received_from": item.received_from,
        "summary": item.summary,
        "named_staff": list(item.named_staff.all()),
    }
    form = ComplaintForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        complaint_update(item=item, **data)
        messages.success(request, f"{item.reference} updated.")
        return redirect("feedback:complaint_detail", pk=item.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"Change {item.reference}", "button": "Save"},
    )


def _complaint_step(request, pk, form_class, service, heading, button, done):
    item = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            service(item=item, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, done)
            return redirect("feedback:complaint_detail", pk=item.pk)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"{heading}: {item.reference}", "button": button},
    )


@qa_only
def complaint_respond_view(request, pk: int):
    return _complaint_step(
        request,
        pk,
        ComplaintRespondForm,
        complaint_respond,
        "Record the response",
        "Save",
        "Response recorded.",
    )


@qa_only
def complaint_escalate_view(request, pk: int):
    return _complaint_step(
        request,
        pk,
        ComplaintEscalateForm,
        complaint_escalate,
        "Move to the next stage",
        "Move to the next stage",
        "The complaint has moved to the next stage.",
    )


@qa_only
def complaint_close_view(request, pk: int):
    return _complaint_step(
        request,
        pk,
        ComplaintCloseForm,
        complaint_close,
        "Close the complaint",
        "Close complaint",
        "The complaint is closed.",
    )


@qa_only
@require_POST
def compliment_pass_on_view(request, pk: int):
    item = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    with service_errors_as_message(request) as outcome:
        compliment_pass_on(item=item, by=request.user)
    if outcome.ok:
        messages.success(request, "The compliment has been passed on.")
    return redirect("feedback:complaint_detail", pk=item.pk)


@role_required(*REGISTER_READERS)
def complaint_summary(request):
    this_year = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    summary = register_summary(complaints_visible_to(request.user), year=year)
    return render(
        request,
        "feedback/complaint_summary.html",
        {
            "summary": summary,
            "years": [
                (y, f"April {y} to March {y + 1}") for y in range(this_year, this_year - 4, -1)
            ],
        },
    )
