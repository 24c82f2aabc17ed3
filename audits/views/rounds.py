"""Monthly rounds for QA officers (and directors, read-only): progress, sampling, settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework.models import Team
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role
from qaf.workdays import add_months

from .. import capacity, selectors, services
from ..forms import SamplingSettingsForm
from ..models import AuditorCapacity, AuditRound, TeamSampleSize
from ..signals import sample_previewed
from ._common import posted


@role_required(Role.QA_OFFICER, Role.DIRECTOR)
def round_list(request):
    rounds = Paginator(selectors.rounds_with_counts(), 24).get_page(request.GET.get("page"))
    this_month = timezone.localdate().replace(day=1)
    next_month = add_months(this_month, 1)
    sampled = set(
        AuditRound.objects.filter(period__in=[this_month, next_month]).values_list(
            "period", flat=True
        )
    )
    return render(
        request,
        "audits/rounds.html",
        {
            "page_obj": rounds,
            "this_month": this_month,
            "this_month_sampled": this_month in sampled,
            "next_month": next_month,
            "next_month_sampled": next_month in sampled,
        },
    )


@role_required(Role.QA_OFFICER, Role.DIRECTOR)
def round_detail(request, pk: int):
    """A round's progress per team, the cases that need an auditor, and every case in it."""
    audit_round = get_object_or_404(AuditRound, pk=pk)
    teams, total = selectors.round_progress(audit_round)
    audits = selectors.round_case_audits(audit_round)
    team = request.GET.get("team")
    chosen_team = next((row for row in teams if str(row.team_pk) == team), None)
    if chosen_team is not None:
        audits = audits.filter(team_id=chosen_team.team_pk)
    unassigned = list(
        selectors.round_case_audits(audit_round).filter(
            Q(peer_auditor__isnull=True) | Q(team_manager__isnull=True)
        )
    )
    page = Paginator(audits, 50).get_page(request.GET.get("page"))
    for audit in page:
        audit.progress = selectors.progress_of(audit)
    return render(
        request,
        "audits/round.html",
        {
            "round": audit_round,
            "on_leave": capacity.peer_auditors_on_leave_in(audit_round.period),
            "teams": teams,
            "total": total,
            "columns": selectors.PROGRESS_COLUMNS,
            "unassigned": unassigned,
            "page_obj": page,
            "chosen_team": chosen_team,
            "query": f"team={chosen_team.team_pk}" if chosen_team else "",
            "can_assign": request.user.has_perm("audits.assign_auditor"),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def round_sample(request):
    """Preview a month's draw (the same draw the scheduled job makes), then make it."""
    with service_errors_as_message(request) as outcome:
        period = (
            services.parse_period(request.GET["period"])
            if request.GET.get("period")
            else timezone.localdate().replace(day=1)
        )
    if not outcome.ok:
        return redirect("audits:rounds")
    existing = AuditRound.objects.filter(period=period).first()
    if existing is not None:
        messages.info(request, f"{period:%B %Y} is already sampled.")
        return redirect("audits:round", pk=existing.pk)
    if request.method == "POST":
        result = services.sample_month(period=period, by=request.user)
        messages.success(
            request,
            f"{period:%B %Y} is sampled: {result.total} cases. The auditors have been told.",
        )
        return redirect("audits:round", pk=result.round.pk)
    preview = services.sample_month(period=period, dry_run=True)
    sample_previewed.send(sender=AuditRound, period=period, by=request.user)
    people = get_user_model().objects.in_bulk(
        {p for item in preview.planned for p in (item.team_manager_pk, item.peer_auditor_pk) if p}
    )
    rows = [
        {
            "item": item,
            "team_manager": people.get(item.team_manager_pk),
            "peer_auditor": people.get(item.peer_auditor_pk),
        }
        for item in preview.planned
    ]
    return render(
        request,
        "audits/sample.html",
        {
            "period": period,
            "preview": preview,
            "rows": rows,
            "per_team": preview.per_team(),
            "forecast": capacity.capacity_forecast(period),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.QA_OFFICER)
def sampling_settings(request):
    teams = list(Team.objects.order_by("name"))
    peers = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PEER_AUDITOR.value)
        .distinct()
        .order_by("full_name", "username")
    )
    form = SamplingSettingsForm(
        posted(request),
        teams=teams,
        peers=peers,
        sizes=dict(TeamSampleSize.objects.values_list("team_id", "cases_per_month")),
        capacities=dict(AuditorCapacity.objects.values_list("auditor_id", "audits_per_month")),
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form) as outcome:
            services.sampling_settings_update(
                by=request.user,
                cases_per_team=form.team_sizes(),
                capacities=form.peer_capacities(),
            )
        if outcome.ok:
            messages.success(
                request, "The sampling settings are saved. They apply from the next round."
            )
            return redirect("audits:rounds")
    return render(
        request,
        "audits/sampling_settings.html",
        {
            "form": form,
            "default_cases": settings.QAF_AUDIT_CASES_PER_TEAM,
            "default_capacity": settings.QAF_AUDIT_PEER_CAPACITY,
        },
    )
