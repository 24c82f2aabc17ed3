"""Writes to the service's structure and its children."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction

from qaf.errors import ServiceError
from qaf.models import normalise_name

from .models import Child, ChildAccessLog, ServiceArea, Team, TeamAlias, TeamMembership


class CaseworkError(ServiceError):
    """A business rule was broken; the message is for the person who tried."""


def child_access_record(*, user, child: Child, context: str) -> ChildAccessLog:
    """Log that ``user`` opened ``child``'s record through ``context`` (no personal data)."""
    return ChildAccessLog.objects.create(
        user=user, child=child, child_ref=child.child_id, context=context[:120]
    )


def child_access_record_many(*, user, children: Iterable[Child], context: str) -> int:
    """Log that ``user`` saw each of ``children`` named on one page (a list): one insert."""
    entries = [
        ChildAccessLog(user=user, child=child, child_ref=child.child_id, context=context[:120])
        for child in {child.pk: child for child in children if child is not None}.values()
    ]
    ChildAccessLog.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def team_membership_start(*, user, team: Team, role: str, start_date: date) -> TeamMembership:
    """Put ``user`` in ``team`` from ``start_date``, ending any open membership of another team."""
    if role not in TeamMembership.Role.values:
        raise CaseworkError(f"'{role}' is not a team role.")
    open_memberships = TeamMembership.objects.select_for_update().filter(
        user=user, end_date__isnull=True
    )
    for membership in open_memberships:
        if membership.team_id == team.pk and membership.role == role:
            return membership
        if membership.start_date > start_date:
            raise CaseworkError("A membership cannot start before the one it replaces.")
        membership.end_date = start_date
        membership.save(update_fields=["end_date"])
    return TeamMembership.objects.create(user=user, team=team, role=role, start_date=start_date)


def _awaiting_review(team: Team) -> Team:
    team = Team.objects.select_for_update().get(pk=team.pk)
    if not team.awaiting_review:
        raise CaseworkError(f"'{team.name}' has already been reviewed.")
    return team


def _drop_empty_import_area(area_id: int) -> None:
    """The service area imports put unknown teams in goes once its last team is reviewed."""
    ServiceArea.objects.filter(
        pk=area_id, name=settings.CASEWORK_IMPORT_UNASSIGNED_AREA, teams__isnull=True
    ).delete()


@transaction.atomic
def team_review_map(*, team: Team, into: Team, user) -> TeamAlias:
    """A team an import did not recognise is ``into`` under another name: move its cases,
    allocations and members there, and remember the name for later imports."""
    team = _awaiting_review(team)
    if into.pk == team.pk or into.awaiting_review:
        raise CaseworkError("Choose a team that is already part of the service.")
    # Every reference to the team (episodes, allocations, and those of other apps) moves.
    for relation in Team._meta.related_objects:
        if relation.one_to_many and relation.related_model not in (TeamMembership, TeamAlias):
            relation.related_model._base_manager.filter(**{relation.field.name: team}).update(
                **{relation.field.name: into}
            )
    for membership in TeamMembership.objects.filter(team=team):
        duplicate = TeamMembership.objects.filter(
            team=into, user_id=membership.user_id, role=membership.role, end_date__isnull=True
        ).exists()
        if duplicate:
            membership.delete()
        else:
            membership.team = into
            membership.save(update_fields=["team"])
    alias = TeamAlias.objects.create(
        name=team.name, normalised_name=normalise_name(team.name)[:120], team=into, created_by=user
    )
    area_id = team.service_area_id
    team.delete()
    _drop_empty_import_area(area_id)
    return alias


@transaction.atomic
def team_review_add(*, team: Team, service_area: ServiceArea, user) -> Team:
    """A team an import did not recognise is a new team of the service, in ``service_area``."""
    team = _awaiting_review(team)
    if service_area.name == settings.CASEWORK_IMPORT_UNASSIGNED_AREA:
        raise CaseworkError("Choose the service area the team belongs to.")
    old_area_id = team.service_area_id
    team.service_area = service_area
    team.awaiting_review = False
    team.save(update_fields=["service_area", "awaiting_review"])
    _drop_empty_import_area(old_area_id)
    return team
