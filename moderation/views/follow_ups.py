"""Three-month follow-up reviews and escalations to the head of service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audits.models import Grade
from qaf import workflow
from qaf.forms import service_errors_on
from qaf.permissions import role_required

from .. import selectors, services
from ..forms import EscalationResponseForm, FollowUpForm
from ..models import Action, Escalation, FollowUpReview
from .common import PAGE_SIZE, SENIOR_ROLES, log_access, log_list_access, page_query, posted

REVIEW_FILTERS = {"due": "Due", "completed": "Completed", "": "All"}
ESCALATION_FILTERS = {"open": "Open", "resolved": "Resolved", "": "All"}


def follow_up_list_filtered(request):
    """The reviews the list shows for this request's filter (also its download's rows)."""
    status = request.GET.get("status", "due")
    if status not in REVIEW_FILTERS:
        status = "due"
    reviews = selectors.follow_ups_visible_to(request.user)
    if status:
        reviews = reviews.filter(status=status)
    reviews = (
        reviews.order_by("complete_by", "pk")
        if status == "due"
        else reviews.order_by("-due_date", "-pk")
    )
    return status, reviews


@role_required(*SENIOR_ROLES)
def follow_up_list(request):
    status, reviews = follow_up_list_filtered(request)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_access(request, page, "follow-up")
    return render(
        request,
        "moderation/follow_ups.html",
        {
            "page_obj": page,
            "status": status,
            "filters": REVIEW_FILTERS.items(),
            "today": timezone.localdate(),
            "query": page_query(request),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*SENIOR_ROLES)
def follow_up_detail(request, pk: int):
    """Check each action, look back at practice, record the outcome; escalate if it must."""
    review = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
    audit = review.case_audit
    can_review = "complete" in workflow.available_names(review, request.user)
    actions = list(
        Action.objects.filter(case_audit=audit)
        .exclude(status=Action.Status.CANCELLED)
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    inadequate = audit.final_grade.overall_grade == Grade.INADEQUATE
    form = None
    if can_review:
        form = FollowUpForm(posted(request), actions=actions, inadequate=inadequate)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form) as outcome:
            review = services.follow_up_review_complete(
                review=review,
                by=request.user,
                checks=form.checks(),
                outcome=data["outcome"],
                look_back=data["look_back"],
                re_audit=data.get("re_audit", False),
                escalation_reason=data["escalation_reason"],
            )
        if outcome.ok:
            messages.success(
                request,
                "The follow-up is recorded and escalated to the head of service."
                if review.escalation_reason
                else "The follow-up is recorded and the audit is closed.",
            )
            return redirect("moderation:follow_up", pk=review.pk)
    checks = {check.action_id: check for check in review.checks.all()}
    for action in actions:
        action.check = checks.get(action.pk)
    log_access(request, audit, "follow-up review")
    return render(
        request,
        "moderation/follow_up.html",
        {
            "review": review,
            "audit": audit,
            "final": audit.final_grade,
            "actions": actions,
            "form": form,
            "escalations": list(
                Escalation.objects.filter(case_audit=audit).select_related("escalated_to")
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )


@role_required(*SENIOR_ROLES)
def escalation_list(request):
    status = request.GET.get("status", "open")
    if status not in ESCALATION_FILTERS:
        status = "open"
    escalations = selectors.escalations_visible_to(request.user)
    if status:
        escalations = escalations.filter(status=status)
    page = Paginator(escalations.order_by("status", "-raised_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_list_access(request, page, "escalation")
    return render(
        request,
        "moderation/escalations.html",
        {
            "page_obj": page,
            "status": status,
            "filters": ESCALATION_FILTERS.items(),
            "query": page_query(request),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*SENIOR_ROLES)
def escalation_detail(request, pk: int):
    escalation = get_object_or_404(selectors.escalations_visible_to(request.user), pk=pk)
    can_resolve = "resolve" in workflow.available_names(escalation, request.user)
    form = EscalationResponseForm(posted(request)) if can_resolve else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with service_errors_on(form) as outcome:
                services.escalation_resolve(
                    escalation=escalation, by=request.user, response=form.cleaned_data["response"]
                )
            if outcome.ok:
                messages.success(request, "Your response is recorded.")
                return redirect("moderation:escalation", pk=escalation.pk)
    log_access(request, escalation.case_audit, "escalation")
    return render(
        request,
        "moderation/escalation.html",
        {
            "escalation": escalation,
            "audit": escalation.case_audit,
            "form": form,
            "review": FollowUpReview.objects.filter(case_audit=escalation.case_audit).first(),
        },
        status=400 if form is not None and form.errors else 200,
    )
