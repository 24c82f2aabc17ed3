"""Practitioners' feedback links: make one, print its QR code, replace or cancel it."""

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casework.services import child_access_record, child_access_record_many
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.permissions import role_required
from qaf.roles import Role

from ..errors import FeedbackError
from ..forms import InvitationForm
from ..models import Invitation
from ..selectors import case_answers, invitations_visible_to
from ..services import invitation_cancel, invitation_create, invitation_link_make

LINK_ROLES = (Role.PRACTITIONER, Role.TEAM_MANAGER)
_SESSION_KEY = "feedback_new_links"


def _remember_token(request, invitation: Invitation, token: str) -> None:
    """Hold the new token for the next page only: it is shown once, then forgotten."""
    links = request.session.get(_SESSION_KEY, {})
    links[str(invitation.pk)] = token
    request.session[_SESSION_KEY] = links


def _take_token(request, invitation: Invitation) -> str | None:
    links = request.session.get(_SESSION_KEY, {})
    token = links.pop(str(invitation.pk), None)
    if token is not None:
        request.session[_SESSION_KEY] = links
    return token


def qr_code_svg(url: str) -> str:
    """The link as a QR code, drawn here as SVG: no request leaves our server."""
    svg = segno.make(url, error="m").svg_inline(scale=5, svgclass="qaf-qr", lineclass=None)
    label = escape("QR code for the feedback link")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


@role_required(*LINK_ROLES)
def invitation_list(request):
    waiting_first = Case(
        When(status=Invitation.Status.PENDING, then=Value(0)),
        When(status__in=Invitation.LIVE_STATUSES, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    invitations = invitations_visible_to(request.user).order_by(waiting_first, "-created_at")
    page = Paginator(invitations, 25).get_page(request.GET.get("page"))
    child_access_record_many(
        user=request.user, children=[i.child for i in page], context="feedback link list"
    )
    return render(request, "feedback/invitation_list.html", {"page_obj": page})


@role_required(*LINK_ROLES)
def invitation_create_view(request):
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                invitation, token = invitation_create(
                    survey=form.cleaned_data["survey"],
                    child=form.cleaned_data["child"],
                    created_by=request.user,
                    valid_days=form.cleaned_data["valid_days"],
                )
                once.went_to(reverse("feedback:invitation_detail", args=[invitation.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        except FeedbackError as error:
            form.add_error(None, str(error))
        else:
            _remember_token(request, invitation, token)
            return redirect("feedback:invitation_detail", pk=invitation.pk)
    return render(
        request,
        "feedback/invitation_form.html",
        {"form": form, "has_children": form.fields["child"].queryset.exists()},
    )


@role_required(*LINK_ROLES)
@never_cache
def invitation_detail(request, pk: int):
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    child_access_record(user=request.user, child=invitation.child, context=f"feedback link {pk}")
    token = _take_token(request, invitation)
    link = qr = ""
    if token and invitation.is_usable:
        link = request.build_absolute_uri(reverse("feedback:survey_start", args=[token]))
        qr = qr_code_svg(link)
    submitted = invitation.status == Invitation.Status.SUBMITTED
    answers = case_answers(invitation) if submitted else []
    response = getattr(invitation, "response", None) if submitted else None
    return render(
        request,
        "feedback/invitation_detail.html",
        {
            "invitation": invitation,
            "link": link,
            "qr": qr,
            "answers": answers,
            "answered_anonymously": submitted and response is None,
        },
    )


@role_required(*LINK_ROLES)
@require_POST
def invitation_make_link(request, pk: int):
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    try:
        token = invitation_link_make(invitation=invitation, by=request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
    else:
        _remember_token(request, invitation, token)
    return redirect("feedback:invitation_detail", pk=invitation.pk)


@role_required(*LINK_ROLES)
@require_POST
def invitation_cancel_view(request, pk: int):
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    try:
        invitation_cancel(invitation=invitation, by=request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The link has been cancelled. It no longer opens.")
    return redirect("feedback:invitation_detail", pk=invitation.pk)
