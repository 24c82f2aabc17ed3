"""Demo data for the organisation: staff IDs and line managers for the demo people, and leave.

Every person with an account gets a staff record (N00001 onwards, in username order); a
practitioner's line manager is their team's manager, a team manager's the head of service of
their area. One peer auditor (not the ``peer`` demo user) is on annual leave this month, and a
new social worker has been invited and has not yet set a password.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from casework.models import TeamMembership
from qaf import demo
from qaf.roles import Role, role_group

from .models import Absence, Invitation, SecondFactorReset, StaffRecord


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
    invited = _new_starter_invited(today=today, number=len(records) + 1)
    resets = _lost_phone_reset(today=today)
    return (
        f"{len(records) + 1} staff records, {leave} person on leave this month, "
        f"{invited} invitation waiting, {resets} two-factor reset"
    )


def _lost_phone_reset(*, today: date) -> int:
    """A social worker who lost their phone last month: the QA officer reset their two-factor
    authentication, and it shows on their page."""
    User = get_user_model()
    person = (
        User.objects.filter(is_active=True, groups__name=Role.PRACTITIONER.value)
        .exclude(username__in=["worker", "rowan.achebe"])
        .order_by("username")
        .first()
    )
    if person is None:
        return 0
    reset = SecondFactorReset.objects.create(
        person=person, reset_by=User.objects.filter(username="qa").first(), had_app=True
    )
    when = timezone.make_aware(datetime.combine(today - timedelta(days=19), time(9, 40)))
    SecondFactorReset.objects.filter(pk=reset.pk).update(reset_at=when)
    return 1


def _new_starter_invited(*, today: date, number: int) -> int:
    """A social worker who joined this week: on the staff list, invited, not yet signed in."""
    User = get_user_model()
    membership = (
        TeamMembership.objects.filter(
            end_date__isnull=True, role=TeamMembership.Role.MANAGER, team__is_duty=False
        )
        .select_related("team")
        .order_by("team__name")
        .first()
    )
    person = User.objects.create(
        username="rowan.achebe",
        full_name="Rowan Achebe",
        job_title="Social worker",
        email="rowan.achebe@northmoor.example",
        password=make_password(None),
    )
    person.groups.add(role_group(Role.PRACTITIONER))
    joined = today - timedelta(days=2)
    StaffRecord.objects.create(
        user=person,
        staff_id=f"N{number:05d}",
        line_manager_id=membership.user_id if membership else None,
        start_date=joined,
    )
    if membership is not None:
        TeamMembership.objects.create(user=person, team=membership.team, start_date=joined)
    sent = timezone.make_aware(datetime.combine(joined, time(10, 15)))
    invitation = Invitation.objects.create(
        user=person,
        email=person.email,
        # A link nobody holds: the demo shows an invitation waiting, not one to use.
        token_hash=hashlib.sha256(f"demo-invitation-{today}".encode()).hexdigest(),
        created_by=User.objects.filter(username="qa").first(),
        expires_at=sent + timedelta(days=7),
    )
    Invitation.objects.filter(pk=invitation.pk).update(created_at=sent)
    return 1
