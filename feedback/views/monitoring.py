"""Managers' pages: safeguarding alerts, the monthly voice figures, comments, "You said, we did"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casework.selectors import current_allocation
from casework.services import child_access_record, child_access_record_many
from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_on
from qaf.monitoring import panels_for as monitoring_panels_for
from qaf.permissions import role_required
from qaf.roles import Role

from ..forms import AcknowledgeForm, MonitoringFilterForm, YouSaidWeDidForm
from ..models import SafeguardingAlert
from ..selectors import (
    COMMENT_ROLES,
    MONITORING_ROLES,
    YOU_SAID_WRITERS,
    alerts_visible_to,
    free_text_answers,
    parse_month,
    sees_everything,
    teams_overseen_by,
    voice_month,
    you_said_we_did_reach,
    you_said_we_did_visible_to,
)
from ..services import (
    safeguarding_alert_acknowledge,
    you_said_we_did_record,
    you_said_we_did_update,
)

ALERT_ROLES = MONITORING_ROLES


def alert_list_filtered(request):
    """The alerts the list shows for this request's filter (also its download's rows)."""
    show = request.GET.get("show", "waiting")
    alerts = alerts_visible_to(request.user)
    if show != "all":
        alerts = alerts.filter(status__in=SafeguardingAlert.WAITING_STATUSES)
    return show, alerts


@role_required(*ALERT_ROLES)
def alert_list(request):
    show, alerts = alert_list_filtered(request)
    page = Paginator(alerts, 25).get_page(request.GET.get("page"))
    child_access_record_many(
        user=request.user, children=[a.child for a in page], context="safeguarding alert list"
    )
    return render(
        request,
        "feedback/alert_list.html",
        {"page_obj": page, "show": show, "now": timezone.now()},
    )


@role_required(*ALERT_ROLES)
def alert_detail(request, pk: int):
    alert = get_object_or_404(alerts_visible_to(request.user), pk=pk)
    can_acknowledge = "acknowledge" in workflow.available_names(alert, request.user)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        if not can_acknowledge:
            raise PermissionDenied
        if form.is_valid():
            with service_errors_on(form) as outcome:
                safeguarding_alert_acknowledge(
                    alert=alert, by=request.user, action_taken=form.cleaned_data["action_taken"]
                )
            if outcome.ok:
                messages.success(request, "Thank you. The alert is recorded as checked.")
                return redirect("feedback:alert_detail", pk=alert.pk)
    allocation = None
    if alert.child is not None:
        child_access_record(
            user=request.user, child=alert.child, context=f"safeguarding alert {pk}"
        )
        allocation = current_allocation(alert.child)
    return render(
        request,
        "feedback/alert_detail.html",
        {
            "alert": alert,
            "form": form,
            "can_acknowledge": can_acknowledge,
            "allocation": allocation,
        },
    )


def monitoring_scope(request):
    """The teams this person may pick, the team picked (None: whole service) and the month."""
    teams = list(teams_overseen_by(request.user).order_by("name"))
    team = None
    if "team" not in request.GET and teams and not _reads_across_teams(request.user):
        team = teams[0]  # a team manager starts on their own team
    elif request.GET.get("team"):
        team = next((t for t in teams if str(t.pk) == request.GET["team"]), None)
        if team is None:
            raise PermissionDenied
    month = parse_month(request.GET.get("month"), default=timezone.localdate())
    return teams, team, month


def _reads_across_teams(user) -> bool:
    return sees_everything(user) or user.has_role(Role.SENIOR_MANAGER)


def _comment_teams(request):
    """None when every team's comments may be read; otherwise the teams whose may be."""
    if sees_everything(request.user):
        return None
    return teams_overseen_by(request.user)


@role_required(*MONITORING_ROLES)
def monitoring(request):
    teams, team, month = monitoring_scope(request)
    figures = voice_month(
        month=month,
        team=team,
        comment_teams=_comment_teams(request),
        can_see_comments=any(request.user.has_role(role) for role in COMMENT_ROLES),
    )
    form = MonitoringFilterForm(
        initial={"month": f"{month:%Y-%m}", "team": team.pk if team else ""}, teams=teams
    )
    return render(
        request,
        "feedback/monitoring.html",
        {
            "figures": figures,
            "form": form,
            "team": team,
            "month": month,
            "month_param": f"{month:%Y-%m}",
            "team_param": str(team.pk) if team else "",
            "panels": monitoring_panels_for(request.user, month),
        },
    )


@role_required(*COMMENT_ROLES)
def comments(request):
    teams, team, month = monitoring_scope(request)
    answers = (
        free_text_answers(month=month, team=team, comment_teams=_comment_teams(request))
        .select_related("question", "response__team", "response__survey")
        .order_by("question__theme", "-pk")
    )
    page = Paginator(answers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/comments.html",
        {
            "page_obj": page,
            "team": team,
            "month": month,
            "query": f"month={month:%Y-%m}&" + (f"team={team.pk}&" if team else ""),
        },
    )


@role_required(*MONITORING_ROLES)
def you_said_we_did_list(request):
    entries = you_said_we_did_visible_to(request.user)
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    reach = you_said_we_did_reach(request.user)
    for entry in page:
        entry.can_change = reach.covers(entry)
    return render(
        request,
        "feedback/you_said_we_did_list.html",
        {
            "page_obj": page,
            "can_record": any(request.user.has_role(role) for role in YOU_SAID_WRITERS),
        },
    )


@role_required(*YOU_SAID_WRITERS)
def you_said_we_did_create(request):
    form = YouSaidWeDidForm(request.POST or None, teams=teams_overseen_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                you_said_we_did_record(by=request.user, **form.cleaned_data)
                once.went_to(reverse("feedback:you_said_we_did_list"))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            messages.success(request, "'You said, we did' recorded.")
            return redirect("feedback:you_said_we_did_list")
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Record 'You said, we did'", "button": "Save"},
    )


@role_required(*YOU_SAID_WRITERS)
def you_said_we_did_edit(request, pk: int):
    teams = teams_overseen_by(request.user)
    entry = get_object_or_404(you_said_we_did_visible_to(request.user), pk=pk)
    # Whoever may not save a change may not open the form either.
    if not you_said_we_did_reach(request.user).covers(entry):
        raise PermissionDenied
    initial = {
        "team": entry.team,
        "month": f"{entry.month:%Y-%m}",
        "theme": entry.theme,
        "you_said": entry.you_said,
        "we_did": entry.we_did,
        "is_public": entry.is_public,
    }
    form = YouSaidWeDidForm(request.POST or None, initial=initial, teams=teams)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            you_said_we_did_update(entry=entry, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, "'You said, we did' updated.")
            return redirect("feedback:you_said_we_did_list")
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Change 'You said, we did'", "button": "Save"},
    )
