"""Pages for the service's case data: upload, preview, confirm and the import history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from qaf import subject_access as subject_access_export
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from . import selectors
from .forms import (
    ImportUploadForm,
    ReturnUploadForm,
    SubjectAccessFindForm,
    TeamAddForm,
    TeamMapForm,
)
from .imports.return_services import return_import_preview
from .imports.services import case_import_confirm, case_import_discard, case_import_preview
from .models import CaseEvent, Child, Episode, ImportRun
from .services import child_access_record, team_review_add, team_review_map
from .uploads import UploadLimitHandler

HISTORY_PAGE_SIZE = 25
PROBLEMS_SHOWN = 500


@role_required(Role.QA_OFFICER)
def import_history(request):
    page = Paginator(selectors.import_history_for(request.user), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    teams_to_review = selectors.teams_awaiting_review_for(request.user).count()
    return render(
        request,
        "casework/import_history.html",
        {"page": page, "teams_to_review": teams_to_review},
    )


# The size limit must be in place before the body is read, and the CSRF check reads it, so the
# check is made inside (Django's documented pattern for custom upload handlers).
@csrf_exempt
@role_required(Role.QA_OFFICER)
def import_upload(request):
    request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _import_upload(request)


@csrf_protect
def _import_upload(request):
    if request.method != "POST":
        return render(request, "casework/import_upload.html", {"form": ImportUploadForm()})
    form = ImportUploadForm(request.POST, request.FILES)
    status = 200
    if getattr(request, "upload_too_large", False):
        form.is_valid()
        form.add_too_large_error()
        status = 413
    elif form.is_valid():
        with service_errors_on(form, field="file") as outcome:
            run = case_import_preview(
                user=request.user,
                upload=form.cleaned_data["file"],
                as_at=form.cleaned_data["as_at"],
            )
        if outcome.ok:
            return redirect(run)
        status = 400
    return render(request, "casework/import_upload.html", {"form": form}, status=status)


@csrf_exempt
@role_required(Role.QA_OFFICER)
def return_upload(request):
    """Upload a statutory return (SSDA903 or CIN census) to see what importing it would do."""
    request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _return_upload(request)


@csrf_protect
def _return_upload(request):
    if request.method != "POST":
        return render(request, "casework/return_upload.html", {"form": ReturnUploadForm()})
    form = ReturnUploadForm(request.POST, request.FILES)
    status = 200
    if getattr(request, "upload_too_large", False):
        form.is_valid()
        form.add_too_large_error()
        status = 413
    elif form.is_valid():
        with service_errors_on(form, field="file") as outcome:
            run = return_import_preview(
                user=request.user,
                upload=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
                year=form.cleaned_data["year"],
            )
        if outcome.ok:
            return redirect(run)
        status = 400
    else:
        status = 400
    return render(request, "casework/return_upload.html", {"form": form}, status=status)


@role_required(Role.QA_OFFICER)
def import_detail(request, pk: int):
    run = get_object_or_404(selectors.import_runs_visible_to(request.user), pk=pk)
    is_return = run.source in ImportRun.RETURN_SOURCES
    context = {
        "run": run,
        "problems": run.problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(run.problems) - PROBLEMS_SHOWN),
        "is_return": is_return,
    }
    if is_return:
        context["event_counts"] = _event_counts(run)
        context["can_cross_check"] = run.status == ImportRun.Status.APPLIED
    else:
        context["episode_counts"] = _episode_counts(run)
        context["episode_total"] = sum(run.counts.get("episodes", {}).values())
        context["event_total"] = sum(run.counts.get("events", {}).values())
    return render(request, "casework/import_detail.html", context)


@role_required(Role.QA_OFFICER)
@require_POST
def import_confirm(request, pk: int):
    run = get_object_or_404(selectors.import_runs_visible_to(request.user), pk=pk)
    with service_errors_as_message(request) as outcome:
        run = case_import_confirm(run=run, user=request.user)
    if not outcome.ok:
        run.refresh_from_db(fields=["status"])
        if run.status == ImportRun.Status.DISCARDED:
            return redirect("casework:import_upload")
        return redirect(run)
    counts = run.counts
    if run.source in ImportRun.RETURN_SOURCES:
        messages.success(
            request,
            f"Imported {run.file_name}: {counts['children']} children and "
            f"{counts['events_created']} new case events.",
        )
        return redirect(run)
    messages.success(
        request,
        f"Imported {run.file_name}: {counts['children']} children, "
        f"{sum(counts['episodes'].values())} episodes, "
        f"{counts['allocations_opened']} allocations opened and "
        f"{counts['allocations_closed']} closed.",
    )
    return redirect(run)


@role_required(Role.QA_OFFICER)
@require_POST
def import_discard(request, pk: int):
    run = get_object_or_404(selectors.import_runs_visible_to(request.user), pk=pk)
    with service_errors_as_message(request) as outcome:
        case_import_discard(run=run, user=request.user)
    if not outcome.ok:
        return redirect(run)
    messages.info(
        request, f"Cancelled {run.file_name}. Nothing was imported and the file was deleted."
    )
    return redirect("casework:import_upload")


def _event_counts(run: ImportRun) -> list[tuple[str, int]]:
    labels = dict(CaseEvent.Kind.choices)
    return [(labels.get(kind, kind), count) for kind, count in run.counts.get("events", {}).items()]


def _episode_counts(run: ImportRun) -> list[tuple[str, int]]:
    labels = dict(Episode.Kind.choices)
    return [
        (labels.get(kind, kind), count)
        for kind, count in run.counts.get("episodes", {}).items()
        if count
    ]


@role_required(Role.QA_OFFICER)
def team_review_list(request):
    teams = selectors.teams_awaiting_review_for(request.user)
    return render(request, "casework/team_review_list.html", {"teams": teams})


@role_required(Role.QA_OFFICER)
def team_review(request, pk: int):
    """Map a team name an import did not recognise to a team, or add it as a new team."""
    team = get_object_or_404(selectors.teams_awaiting_review_for(request.user), pk=pk)
    teams = selectors.teams_recognised().order_by("name")
    areas = selectors.service_areas_for_new_teams()
    map_form = TeamMapForm(teams=teams)
    add_form = TeamAddForm(service_areas=areas)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        with service_errors_as_message(request) as outcome:
            if action == "map":
                map_form = TeamMapForm(request.POST, teams=teams)
                if map_form.is_valid():
                    into = map_form.cleaned_data["into"]
                    team_review_map(team=team, into=into, user=request.user)
                    messages.success(
                        request,
                        f"'{team.name}' is now part of {into.name}. Later imports that name "
                        f"'{team.name}' will use {into.name}.",
                    )
                    return redirect("casework:team_review_list")
            elif action == "add":
                add_form = TeamAddForm(request.POST, service_areas=areas)
                if add_form.is_valid():
                    area = add_form.cleaned_data["service_area"]
                    team_review_add(team=team, service_area=area, user=request.user)
                    messages.success(request, f"{team.name} was added to {area.name}.")
                    return redirect("casework:team_review_list")
        if not outcome.ok:
            return redirect("casework:team_review_list")
        status = 400
    return render(
        request,
        "casework/team_review.html",
        {"team": team, "map_form": map_form, "add_form": add_form, "teams": teams},
        status=status,
    )


@role_required(Role.QA_OFFICER)
def subject_access(request):
    """A QA officer finds a child by their case-management ID to export what is held about them."""
    form = SubjectAccessFindForm(request.GET or None)
    child = None
    if form.is_valid():
        child = Child.objects.filter(child_id__iexact=form.cleaned_data["child_id"]).first()
        if child is None:
            form.add_error("child_id", "There is no child with that case-management ID")
        else:
            child_access_record(user=request.user, child=child, context="subject access page")
    return render(request, "casework/subject_access.html", {"form": form, "child": child})


@require_POST
@role_required(Role.QA_OFFICER)
def subject_access_download(request, pk: int):
    """Everything held about one child, as a zip of JSON files; the export is logged."""
    child = get_object_or_404(Child, pk=pk)
    child_access_record(user=request.user, child=child, context="subject access export")
    made_at = timezone.localtime()
    content = subject_access_export.export_zip(
        child, made_by=request.user.display_name, made_at=made_at
    )
    response = HttpResponse(content, content_type="application/zip")
    file_name = f"subject-access-{child.pk}-{made_at:%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response
