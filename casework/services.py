"""Writes to the service's structure and its children."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from .models import Child, ChildAccessLog, Team, TeamMembership


class CaseworkError(Exception):
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
