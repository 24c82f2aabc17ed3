"""Reads for the sampling pages: peer auditors' capacity in a month against the cases the draw
would take, and the peer auditors whom leave keeps out of it (leave comes through
``qaf.availability``)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count

from casework.selectors import open_case_episodes
from qaf import availability
from qaf.roles import Role

from .models import AuditorCapacity, TeamSampleSize


@dataclass
class CapacityForecast:
    period: dt.date
    sample_size: int
    peers: list  # (person, capacity, absences)
    available: int
    on_leave: list

    @property
    def short_by(self) -> int:
        return max(0, self.sample_size - self.available)


def capacity_forecast(period: dt.date) -> CapacityForecast:
    """Peer auditors' capacity in ``period``'s month against the cases the draw would take."""
    User = get_user_model()
    peers = list(
        User.objects.filter(is_active=True, groups__name=Role.PEER_AUDITOR.value)
        .distinct()
        .order_by("full_name", "username")
    )
    capacities = dict(AuditorCapacity.objects.values_list("auditor_id", "audits_per_month"))
    leave = availability.on_leave_in(period)
    rows, available, away = [], 0, []
    for peer in peers:
        capacity = capacities.get(peer.pk, settings.QAF_AUDIT_PEER_CAPACITY)
        absences = list(leave.get(peer.pk, []))
        rows.append((peer, capacity, absences))
        if absences:
            away.append(peer)
        else:
            available += capacity
    sizes = dict(TeamSampleSize.objects.values_list("team_id", "cases_per_month"))
    open_by_team = dict(
        open_case_episodes()
        .filter(team__awaiting_review=False, team__isnull=False)
        .values("team_id")
        .annotate(cases=Count("child", distinct=True))
        .values_list("team_id", "cases")
    )
    sample = sum(
        min(sizes.get(team_id, settings.QAF_AUDIT_CASES_PER_TEAM), cases)
        for team_id, cases in open_by_team.items()
    )
    return CapacityForecast(period, sample, rows, available, away)


def peer_auditors_on_leave_in(period: dt.date) -> list:
    """The absences that kept peer auditors out of ``period``'s draw: each person's first."""
    leave = availability.on_leave_in(period)
    if not leave:
        return []
    peers = set(
        get_user_model()
        .objects.filter(pk__in=leave, is_active=True, groups__name=Role.PEER_AUDITOR.value)
        .values_list("pk", flat=True)
    )
    firsts = [
        min(absences, key=lambda absence: absence.start_date)
        for person_pk, absences in leave.items()
        if person_pk in peers
    ]
    return sorted(firsts, key=lambda absence: (absence.user.full_name, absence.start_date))
