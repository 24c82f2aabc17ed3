"""Practitioners' feedback links: make one, print its QR code, replace or cancel it."""

import segno
from django.conf import settings
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
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from ..forms import ChildPickForm, InvitationForm, child_label, children_allocated_to
from ..models import Invitation
from ..selectors import case_answers, invitations_visible_to
from ..services import invitation_cancel, invitation_create, invitation_link_make
from ..tokens import token_hash

LINK_ROLES = (Role.PRACTITIONER, Role.TEAM_MANAGER)
# A new link is shown once, on the page after it is made. The server keeps only the token's
# hash in the session; the token itself waits in a short-lived cookie that only that page
# receives, so no session store, cache or database ever holds a working link.
_SESSION_KEY = "feedback_new_links"
_COOKIE = "qaf_new_link"
_COOKIE_SECONDS = 300


def _detail_path(invitation: Invitation) -> str:
    return reverse("feedback:invitation_detail", args=[invitation.pk])


def _show_once(request, invitation: Invitation, token: str):
    """Redirect to the link's page, carrying the new token there and nowhere else."""
    links = request.session.get(_SESSION_KEY, {})
    links[str(invitation.pk)] = token_hash(token)
    request.session[_SESSION_KEY] = links
    response = redirect(_detail_path(invitation))
    response.set_cookie(
        _COOKIE,
        token,
        max_age=_COOKIE_SECONDS,
        path=_detail_path(invitation),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _take_token(request, invitation: Invitation) -> str | None:
    """The new token, if this browser has just made it and it is still the link's token."""
    links = request.session.get(_SESSION_KEY, {})
    expected = links.pop(str(invitation.pk), None)
    if expected is None:
        return None
    request.session[_SESSION_KEY] = links
    token = request.COOKIES.get(_COOKIE, "")
    if token and token_hash(token) == expected == invitation.token_hash:
        return token
    return None


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


def _posted_child(request):
    """The child a sent form names, if they are allocated to the person sending it."""
    pk = request.POST.get("child", "")
    if not pk.isdigit():
        return None
    return children_allocated_to(request.user).filter(pk=pk).first()


@role_required(*LINK_ROLES)
def invitation_create_view(request):
    """Two steps: choose the child, then one of the forms that fit their age."""
    children = children_allocated_to(request.user)
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user, child=_posted_child(request))
        if form.is_valid():
            try:
                with (
                    service_errors_on(form) as outcome,
                    form_submission_once(request, form) as once,
                ):
                    invitation, token = invitation_create(
                        survey=form.cleaned_data["survey"],
                        child=form.cleaned_data["child"],
                        created_by=request.user,
                        valid_days=form.cleaned_data["valid_days"],
                    )
                    once.went_to(reverse("feedback:invitation_detail", args=[invitation.pk]))
            except FormAlreadySent as sent:
                return already_sent(request, sent)
            if outcome.ok:
                return _show_once(request, invitation, token)
        form.offer_fitting_surveys()
    elif "child" in request.GET:
        pick = ChildPickForm(request.GET, user=request.user)
        if not pick.is_valid():
            return _render_create(
                request, form=pick, pick_form=pick, has_children=children.exists()
            )
        form = InvitationForm(user=request.user, child=pick.cleaned_data["child"])
    else:
        pick = ChildPickForm(user=request.user)
        return _render_create(request, form=pick, pick_form=pick, has_children=children.exists())
    return _render_create(
        request,
        form=form,
        has_children=True,
        child_label=child_label(form.chosen_child) if form.chosen_child else "",
    )


def _render_create(request, **context):
    return render(request, "feedback/invitation_form.html", context)


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
    page = render(
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
    if _COOKIE in request.COOKIES:
        page.delete_cookie(_COOKIE, path=_detail_path(invitation), samesite="Strict")
    return page


@role_required(*LINK_ROLES)
@require_POST
def invitation_make_link(request, pk: int):
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    with service_errors_as_message(request) as outcome:
        token = invitation_link_make(invitation=invitation, by=request.user)
    if outcome.ok:
        return _show_once(request, invitation, token)
    return redirect("feedback:invitation_detail", pk=invitation.pk)


@role_required(*LINK_ROLES)
@require_POST
def invitation_cancel_view(request, pk: int):
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    with service_errors_as_message(request) as outcome:
        invitation_cancel(invitation=invitation, by=request.user)
    if outcome.ok:
        messages.success(request, "The link has been cancelled. It no longer opens.")
    return redirect("feedback:invitation_detail", pk=invitation.pk)
