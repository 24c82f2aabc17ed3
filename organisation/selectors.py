"""Reads about the organisation: people, unmatched workers, and who is on leave in a month."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from casework.models import Allocation, ServiceArea, Team, TeamMembership
from qaf.workdays import add_months

from .models import Absence, StaffRecord, WorkerLink


def month_bounds(period: dt.date) -> tuple[dt.date, dt.date]:
    first = period.replace(day=1)
    return first, add_months(first, 1) - dt.timedelta(days=1)


def on_leave_in(period: dt.date) -> dict[int, list[Absence]]:
    """Each person with an absence in ``period``'s month, with those absences."""
    first, last = month_bounds(period)
    found: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(start_date__lte=last, end_date__gte=first).select_related(
        "user"
    ):
        found.setdefault(absence.user_id, []).append(absence)
    return found


def areas_with_teams():
    return ServiceArea.objects.select_related("head_of_service").prefetch_related(
        "senior_managers",
        Prefetch(
            "teams",
            queryset=Team.objects.filter(awaiting_review=False).annotate(
                members=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            ),
        ),
    )


def people():
    User = get_user_model()
    return (
        User.objects.filter(Q(is_active=True) | Q(staff_record__isnull=False))
        .exclude(Exists(WorkerLink.objects.filter(worker=OuterRef("pk"))))
        .select_related("staff_record")
        .prefetch_related(
            "groups",
            Prefetch(
                "team_memberships",
                queryset=TeamMembership.objects.filter(end_date__isnull=True).select_related(
                    "team"
                ),
                to_attr="current_memberships",
            ),
        )
        .order_by("full_name", "username")
    )


def staff_choices():
    """Everyone who can be chosen: active people."""
    return get_user_model().objects.filter(is_active=True).order_by("full_name", "username")


@dataclass
class UnmatchedWorker:
    worker: object
    open_cases: int
    suggestions: list


def unmatched_workers() -> list[UnmatchedWorker]:
    """Workers named by case data who are not on the staff list, with any name matches."""
    User = get_user_model()
    workers = list(
        User.objects.filter(staff_record__isnull=True, linked_to__isnull=True)
        .filter(Exists(Allocation.objects.filter(worker=OuterRef("pk"))))
        .annotate(open_cases=Count("allocations", filter=Q(allocations__end_date__isnull=True)))
        .order_by("full_name", "username")
    )
    names = {worker.normalised_name for worker in workers if worker.normalised_name}
    by_name: dict[str, list] = {}
    for person in User.objects.filter(
        staff_record__isnull=False, normalised_name__in=names
    ).select_related("staff_record"):
        by_name.setdefault(person.normalised_name, []).append(person)
    return [
        UnmatchedWorker(worker, worker.open_cases, by_name.get(worker.normalised_name, []))
        for worker in workers
    ]


def staff_people():
    return (
        get_user_model()
        .objects.filter(staff_record__isnull=False)
        .select_related("staff_record")
        .order_by("full_name")
    )


def line_manager_of(user) -> object | None:
    record = StaffRecord.objects.filter(user=user).select_related("line_manager").first()
    return record.line_manager if record else None
