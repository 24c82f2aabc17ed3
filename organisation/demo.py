"""Demo data for the organisation: staff IDs and line managers for the demo people, and leave.

Every person with an account gets a staff record (N00001 onwards, in username order); a
practitioner's line manager is their team's manager, a team manager's the head of service of
their area. One peer auditor (not the ``peer`` demo user) is on annual leave this month.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from casework.models import TeamMembership
from qaf import demo
from qaf.roles import Role

from .models import Absence, StaffRecord


@demo.register("organisation")
def seed(*, today: date, rng: random.Random) -> str:
    User = get_user_model()
    if StaffRecord.objects.exists():
        return "staff records and leave already there"
    people = list(User.objects.filter(is_active=True).order_by("username"))
    managers = {}
    head_of = {}
    memberships = TeamMembership.objects.filter(end_date__isnull=True).select_related(
        "team__service_area"
    )
    for membership in memberships:
        if membership.role == TeamMembership.Role.MANAGER:
            managers.setdefault(membership.team_id, membership.user_id)
    team_of = {}
    for membership in memberships:
        team_of.setdefault(membership.user_id, membership)
        head_of[membership.user_id] = membership.team.service_area.head_of_service_id
    records = []
    for number, person in enumerate(people, start=1):
        membership = team_of.get(person.pk)
        line_manager = None
        if membership is not None:
            if membership.role == TeamMembership.Role.MANAGER:
                line_manager = head_of.get(person.pk)
            else:
                line_manager = managers.get(membership.team_id)
        records.append(
            StaffRecord(
                user=person,
                staff_id=f"N{number:05d}",
                line_manager_id=line_manager if line_manager != person.pk else None,
                start_date=membership.start_date if membership else None,
            )
        )
    StaffRecord.objects.bulk_create(records)
    peers = (
        User.objects.filter(is_active=True, groups__name=Role.PEER_AUDITOR.value)
        .exclude(username="peer")
        .order_by("username")
    )
    away = peers.first()
    leave = 0
    if away is not None:
        start = max(today.replace(day=1), today - timedelta(days=2))
        Absence.objects.create(
            user=away,
            kind=Absence.Kind.ANNUAL_LEAVE,
            start_date=start,
            end_date=start + timedelta(days=9),
        )
        leave = 1
    return f"{len(records)} staff records, {leave} person on leave this month"
