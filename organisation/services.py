"""Every write about the organisation: areas, teams, memberships, roles, leave and worker links.

Each change is dated and kept in history (who and why on its history row). Ending a membership
only dates it: audits keep the team and people they were made with.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audits.models import AuditorCapacity
from casework.models import Allocation, ServiceArea, Team, TeamMembership
from qaf import work
from qaf.roles import Role, role_group

from .errors import OrganisationError
from .models import Absence, RoleChange, SamplePreview, StaffRecord, WorkerLink

# The roles a QA officer gives on a person's page (practitioner follows team membership).
QA_ROLES = (
    Role.TEAM_MANAGER,
    Role.PEER_AUDITOR,
    Role.SENIOR_MANAGER,
    Role.DIRECTOR,
    Role.QA_OFFICER,
    Role.PARTICIPATION_WORKER,
    Role.BUSINESS_MANAGER,
)


def stamp(instance, *, by=None, reason: str = ""):
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]
    return instance


@transaction.atomic
def service_area_save(
    *, area: ServiceArea | None = None, by, name, head_of_service, senior_managers
):
    name = " ".join(name.split())
    if not name:
        raise OrganisationError("Enter the service area's name")
    clash = ServiceArea.objects.filter(name__iexact=name)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise OrganisationError(f"There is already a service area called {name}")
    area = area or ServiceArea()
    area.name = name
    area.head_of_service = head_of_service
    stamp(area, by=by, reason="Service area saved")
    area.save()
    area.senior_managers.set(senior_managers)
    group = role_group(Role.SENIOR_MANAGER)
    for person in [*senior_managers, *([head_of_service] if head_of_service else [])]:
        person.groups.add(group)
    return area


@transaction.atomic
def team_save(*, team: Team | None = None, by, name, service_area, is_duty: bool):
    name = " ".join(name.split())
    if not name:
        raise OrganisationError("Enter the team's name")
    clash = Team.objects.filter(name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise OrganisationError(f"There is already a team called {name}")
    team = team or Team()
    team.name = name
    team.service_area = service_area
    team.is_duty = is_duty
    team.awaiting_review = False
    stamp(team, by=by, reason="Team saved")
    team.save()
    return team


@transaction.atomic
def membership_add(*, by, team: Team, user, role: str, start_date: dt.date) -> TeamMembership:
    if TeamMembership.objects.filter(
        team=team, user=user, role=role, end_date__isnull=True
    ).exists():
        raise OrganisationError(f"{user} is already in {team} in that role")
    membership = TeamMembership(team=team, user=user, role=role, start_date=start_date)
    stamp(membership, by=by, reason="Joined the team")
    membership.save()
    group = Role.TEAM_MANAGER if role == TeamMembership.Role.MANAGER else Role.PRACTITIONER
    user.groups.add(role_group(group))
    return membership


@transaction.atomic
def membership_end(*, by, membership: TeamMembership, end_date: dt.date) -> TeamMembership:
    """Date the end of a membership; nothing already audited changes."""
    if membership.end_date is not None:
        raise OrganisationError("This membership has already ended")
    if end_date < membership.start_date:
        raise OrganisationError(
            f"The end date must be on or after the start date ({membership.start_date:%d %B %Y})"
        )
    membership.end_date = end_date
    stamp(membership, by=by, reason="Left the team")
    membership.save()
    return membership


@transaction.atomic
def roles_set(*, by, person, roles: set[Role], capacity: int | None, line_manager=None):
    """Give ``person`` exactly the QA roles in ``roles``; the last QA officer cannot be removed."""
    User = get_user_model()
    if Role.QA_OFFICER not in roles and person.has_role(Role.QA_OFFICER):
        others = (
            User.objects.filter(is_active=True, groups__name=Role.QA_OFFICER.value)
            .exclude(pk=person.pk)
            .select_for_update()
        )
        if not others.exists():
            raise OrganisationError(
                f"{person} is the only QA officer. Give someone else the QA officer role first: "
                "without one, nobody could manage the service's people and audits."
            )
    if line_manager is not None and line_manager.pk == person.pk:
        raise OrganisationError("A person cannot be their own line manager")
    held = set(person.roles)
    changes = []
    for role in QA_ROLES:
        group = role_group(role)
        if role in roles and role not in held:
            person.groups.add(group)
            changes.append(RoleChange(person=person, role=role.value, granted=True, changed_by=by))
        elif role not in roles and role in held:
            person.groups.remove(group)
            changes.append(RoleChange(person=person, role=role.value, granted=False, changed_by=by))
    RoleChange.objects.bulk_create(changes)
    person._role_names = None
    # My work's first-run checklist reads who the peer auditors are; people are not watched
    # (every sign-in saves a person), so a change of roles says so itself.
    work.data_changed()
    if capacity is not None:
        if not 0 <= capacity <= settings.QAF_AUDIT_MAX_PEER_CAPACITY:
            raise OrganisationError(
                f"Cases a month must be between 0 and {settings.QAF_AUDIT_MAX_PEER_CAPACITY}"
            )
        row = AuditorCapacity.objects.filter(auditor=person).first() or AuditorCapacity(
            auditor=person
        )
        if row.pk is None or row.audits_per_month != capacity:
            row.audits_per_month = capacity
            stamp(row, by=by, reason="Capacity changed")
            row.save()
    record = StaffRecord.objects.filter(user=person).first()
    if record is not None and record.line_manager_id != (line_manager.pk if line_manager else None):
        if line_manager is not None and _manages(person, line_manager):
            raise OrganisationError(
                f"{line_manager} is managed, directly or not, by {person}: line management "
                "cannot go round in a circle"
            )
        record.line_manager = line_manager
        stamp(record, by=by, reason="Line manager changed")
        record.save()


def _manages(person, other) -> bool:
    """True when ``person`` is ``other``'s line manager, directly or further up."""
    manager_of = dict(StaffRecord.objects.values_list("user_id", "line_manager_id"))
    current, seen = manager_of.get(other.pk), set()
    while current and current not in seen:
        if current == person.pk:
            return True
        seen.add(current)
        current = manager_of.get(current)
    return False


@transaction.atomic
def absence_add(*, by, user, kind: str, start_date: dt.date, end_date: dt.date) -> Absence:
    if end_date < start_date:
        raise OrganisationError("The last day must be on or after the first day")
    if Absence.objects.filter(
        user=user, start_date__lte=end_date, end_date__gte=start_date
    ).exists():
        raise OrganisationError(f"{user} already has an absence on some of those days")
    absence = Absence(user=user, kind=kind, start_date=start_date, end_date=end_date, created_by=by)
    stamp(absence, by=by, reason="Absence added")
    absence.save()
    return absence


@transaction.atomic
def absence_remove(*, by, absence: Absence) -> None:
    stamp(absence, by=by, reason="Absence removed")
    absence.delete()


@transaction.atomic
def worker_link_confirm(*, by, worker, person) -> WorkerLink:
    """The worker a case-data file named is ``person``: their open and past allocations move.

    Audits already made keep the worker they named."""
    if worker.pk == person.pk:
        raise OrganisationError("Choose someone on the staff list other than the worker")
    if WorkerLink.objects.filter(worker=worker).exists():
        raise OrganisationError(f"{worker} is already matched")
    if hasattr(person, "staff_record") is False:
        raise OrganisationError(f"{person} is not on the staff list")
    moved = Allocation.objects.filter(worker=worker).update(worker=person)
    for membership in TeamMembership.objects.filter(user=worker, end_date__isnull=True):
        membership.end_date = max(timezone.localdate(), membership.start_date)
        stamp(membership, by=by, reason=f"Matched to {person}")
        membership.save()
    link = WorkerLink(worker=worker, person=person, confirmed_by=by, allocations_moved=moved)
    stamp(link, by=by, reason="Worker matched")
    link.save()
    if worker.is_active:
        worker.is_active = False
        worker.save(update_fields=["is_active"])
    return link


def sample_preview_record(*, by, period: dt.date, **signal) -> None:
    """Note the first preview of a month's draw (the first-run checklist's last step); the
    receiver of ``audits.signals.sample_previewed``."""
    SamplePreview.objects.get_or_create(period=period, defaults={"previewed_by": by})
