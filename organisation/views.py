"""The organisation pages for QA officers: areas, teams, people, leave, staff lists, workers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casework.models import ServiceArea, Team, TeamMembership
from qaf.forms import GovukSetPasswordForm, service_errors_as_message
from qaf.permissions import role_required
from qaf.roles import Role

from . import accounts, selectors, services, two_factor
from .errors import OrganisationError
from .forms import (
    AbsenceForm,
    EndMembershipForm,
    MembershipForm,
    RolesForm,
    ServiceAreaForm,
    StaffUploadForm,
    TeamForm,
    WorkerMatchForm,
)
from .models import Absence, StaffImportRun
from .staff_import import StaffListRefused, staff_import_confirm, staff_import_discard
from .staff_import import staff_import_preview as preview_staff_list
from .work import checklist_steps

qa_only = role_required(Role.QA_OFFICER)


def _posted(request):
    return request.POST if request.method == "POST" else None


@qa_only
def overview(request):
    return render(
        request,
        "organisation/overview.html",
        {
            "areas": selectors.areas_with_teams(),
            "steps": checklist_steps(request.user),
            "unmatched": len(selectors.unmatched_workers()),
        },
    )


@require_http_methods(["GET", "POST"])
@qa_only
def area_edit(request, pk: int | None = None):
    area = get_object_or_404(ServiceArea, pk=pk) if pk else None
    initial = {}
    if area is not None:
        initial = {
            "name": area.name,
            "head_of_service": area.head_of_service_id,
            "senior_managers": list(area.senior_managers.values_list("pk", flat=True)),
        }
    form = ServiceAreaForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.service_area_save(area=area, by=request.user, **form.cleaned_data)
        except OrganisationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{area.name} is saved.")
            return redirect("organisation:overview")
    return render(request, "organisation/area_form.html", {"form": form, "area": area})


@require_http_methods(["GET", "POST"])
@qa_only
def team_add(request):
    form = TeamForm(_posted(request), initial={"service_area": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_save(by=request.user, **form.cleaned_data)
        except OrganisationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{team.name} is added. Now add its members.")
            return redirect("organisation:team", pk=team.pk)
    return render(request, "organisation/team_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@qa_only
def team_detail(request, pk: int):
    team = get_object_or_404(Team.objects.select_related("service_area"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    team_form = TeamForm(
        request.POST if action == "team" else None,
        initial={"name": team.name, "service_area": team.service_area_id, "is_duty": team.is_duty},
        prefix="team",
    )
    member_form = MembershipForm(
        request.POST if action == "member" else None,
        initial={"start_date": timezone.localdate()},
        prefix="member",
    )
    if action == "team" and team_form.is_valid():
        try:
            services.team_save(team=team, by=request.user, **team_form.cleaned_data)
        except OrganisationError as error:
            team_form.add_error("name", str(error))
        else:
            messages.success(request, f"{team.name} is saved.")
            return redirect("organisation:team", pk=team.pk)
    if action == "member" and member_form.is_valid():
        try:
            services.membership_add(by=request.user, team=team, **member_form.cleaned_data)
        except OrganisationError as error:
            member_form.add_error("user", str(error))
        else:
            messages.success(request, f"{member_form.cleaned_data['user']} joined {team.name}.")
            return redirect("organisation:team", pk=team.pk)
    memberships = team.memberships.select_related("user").order_by(
        "end_date", "-role", "user__full_name"
    )
    return render(
        request,
        "organisation/team.html",
        {
            "team": team,
            "team_form": team_form,
            "member_form": member_form,
            "current": [m for m in memberships if m.end_date is None],
            "past": [m for m in memberships if m.end_date is not None],
        },
        status=400 if (team_form.errors or member_form.errors) else 200,
    )


@require_http_methods(["GET", "POST"])
@qa_only
def membership_end(request, pk: int):
    membership = get_object_or_404(
        TeamMembership.objects.select_related("team", "user"), pk=pk, end_date__isnull=True
    )
    form = EndMembershipForm(_posted(request), initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                by=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
            )
        except OrganisationError as error:
            form.add_error("end_date", str(error))
        else:
            messages.success(request, f"{membership.user} left {membership.team}.")
            return redirect("organisation:team", pk=membership.team_id)
    return render(
        request, "organisation/membership_end.html", {"form": form, "membership": membership}
    )


@qa_only
def people(request):
    page = Paginator(selectors.people(), 50).get_page(request.GET.get("page"))
    return render(request, "organisation/people.html", {"page": page})


@require_http_methods(["GET", "POST"])
@qa_only
def person(request, pk: int):
    person = get_object_or_404(get_user_model(), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    capacity = getattr(person, "audit_capacity", None)
    record = getattr(person, "staff_record", None)
    roles_form = RolesForm(
        request.POST if action == "roles" else None,
        initial={
            "roles": [role.value for role in person.roles],
            "capacity": capacity.audits_per_month if capacity else None,
            "line_manager": record.line_manager_id if record else None,
        },
        prefix="roles",
    )
    if record is None:
        del roles_form.fields["line_manager"]
    absence_form = AbsenceForm(request.POST if action == "absence" else None, prefix="absence")
    if action == "roles" and roles_form.is_valid():
        try:
            services.roles_set(
                by=request.user,
                person=person,
                roles=roles_form.chosen_roles(),
                capacity=roles_form.cleaned_data["capacity"],
                line_manager=roles_form.cleaned_data.get("line_manager"),
            )
        except OrganisationError as error:
            roles_form.add_error(None, str(error))
        else:
            messages.success(request, f"{person}'s roles are saved.")
            return redirect("organisation:person", pk=person.pk)
    if action == "absence" and absence_form.is_valid():
        try:
            services.absence_add(by=request.user, user=person, **absence_form.cleaned_data)
        except OrganisationError as error:
            absence_form.add_error(None, str(error))
        else:
            messages.success(request, f"{person}'s absence is added.")
            return redirect("organisation:person", pk=person.pk)
    return render(
        request,
        "organisation/person.html",
        {
            "person": person,
            "record": record,
            "roles_form": roles_form,
            "absence_form": absence_form,
            "memberships": person.team_memberships.select_related("team").order_by(
                "end_date", "-start_date"
            ),
            "absences": person.absences.order_by("-start_date"),
            "invitation": person.invitations.first(),
            "role_changes": person.role_changes.select_related("changed_by")[:20],
            "second_factor": two_factor.totp_device_for(person),
            "second_factor_resets": person.second_factor_resets.select_related("reset_by")[:5],
            "now": timezone.now(),
        },
        status=400 if (roles_form.errors or absence_form.errors) else 200,
    )


@require_POST
@qa_only
def person_second_factor_reset(request, pk: int):
    """The person lost their phone: they set up two-factor authentication again at sign-in."""
    person = get_object_or_404(get_user_model(), pk=pk)
    with service_errors_as_message(request) as outcome:
        two_factor.second_factor_reset(by=request.user, person=person)
    if outcome.ok:
        messages.success(
            request,
            f"{person}'s two-factor authentication is reset. They will set it up again the next "
            "time they sign in.",
        )
    return redirect("organisation:person", pk=person.pk)


@require_POST
@qa_only
def absence_remove(request, pk: int):
    absence = get_object_or_404(Absence, pk=pk)
    services.absence_remove(by=request.user, absence=absence)
    messages.success(request, f"{absence.user}'s absence is removed.")
    return redirect("organisation:person", pk=absence.user_id)


@qa_only
def staff_imports(request):
    page = Paginator(StaffImportRun.objects.select_related("created_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "organisation/staff_imports.html", {"page": page})


@require_http_methods(["GET", "POST"])
@qa_only
def staff_import_upload(request):
    form = StaffUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 2 * 1024 * 1024:
                form.add_error("file", "The staff list must be smaller than 2 MB")
            else:
                try:
                    run = preview_staff_list(
                        data=upload.read(), file_name=upload.name, by=request.user
                    )
                except StaffListRefused as refusal:
                    form.add_error("file", str(refusal))
                else:
                    return redirect(run)
        status = 400
    return render(request, "organisation/staff_upload.html", {"form": form}, status=status)


@qa_only
def staff_import_detail(request, pk: int):
    run = get_object_or_404(StaffImportRun, pk=pk)
    return render(request, "organisation/staff_import.html", {"run": run})


@require_POST
@qa_only
def staff_import_confirm_view(request, pk: int):
    run = get_object_or_404(StaffImportRun, pk=pk)
    try:
        staff_import_confirm(run=run, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The staff list is imported.")
    return redirect(run)


@require_POST
@qa_only
def staff_import_discard_view(request, pk: int):
    run = get_object_or_404(StaffImportRun, pk=pk)
    try:
        staff_import_discard(run=run, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The staff list is cancelled. Nothing was imported.")
    return redirect(run)


@qa_only
def workers(request):
    return render(
        request,
        "organisation/workers.html",
        {"workers": selectors.unmatched_workers(), "staff": list(selectors.staff_people())},
    )


@require_POST
@qa_only
def worker_match(request, pk: int):
    worker = get_object_or_404(get_user_model(), pk=pk, staff_record__isnull=True)
    form = WorkerMatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who this worker is on the staff list.")
        return redirect("organisation:workers")
    try:
        link = services.worker_link_confirm(
            by=request.user, worker=worker, person=form.cleaned_data["person"]
        )
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{worker} is {link.person}: {link.allocations_moved} "
            f"allocation{'s' if link.allocations_moved != 1 else ''} moved.",
        )
    return redirect("organisation:workers")


@require_POST
@qa_only
def person_invite(request, pk: int):
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        accounts.invitation_send(by=request.user, person=person)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"An invitation is on its way to {person.email}. The link works once, for "
            f"{settings.ORGANISATION_INVITATION_DAYS} days.",
        )
    return redirect("organisation:person", pk=person.pk)


@require_POST
@qa_only
def person_deactivate(request, pk: int):
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        accounts.account_deactivate(by=request.user, person=person)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person} can no longer sign in. Everything they did is kept.")
    return redirect("organisation:person", pk=person.pk)


@require_POST
@qa_only
def person_reactivate(request, pk: int):
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        accounts.account_reactivate(by=request.user, person=person)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person} can sign in again.")
    return redirect("organisation:person", pk=person.pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link in an invitation email: set a password, once, before it expires."""
    try:
        invitation = accounts.invitation_for_token(token)
    except accounts.InvitationProblem as problem:
        return render(
            request,
            "organisation/invitation_problem.html",
            {"problem": str(problem)},
            status=problem.status,
        )
    form = GovukSetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except accounts.InvitationProblem as problem:
            return render(
                request,
                "organisation/invitation_problem.html",
                {"problem": str(problem)},
                status=problem.status,
            )
        messages.success(request, "Your password is set. Sign in with it now.")
        return redirect("login")
    return render(
        request,
        "organisation/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )
