"""Reads about the service's structure and its children."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qaf.roles import Role

from .models import (
    Allocation,
    CaseEvent,
    Child,
    Episode,
    ImportRun,
    ServiceArea,
    Team,
    TeamMembership,
)

# The case data every app's part of My work reads (who holds which child, who manages which
# team, who leads which area): a change to any of it can change anyone's My work.
CASE_DATA_READ_BY_WORK = (
    "casework.Child",
    "casework.Team",
    "casework.TeamMembership",
    "casework.ServiceArea",
    "casework.Allocation",
)


def _current(on: date | None) -> Q:
    if on is None:
        return Q(end_date__isnull=True)
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))


def team_managers(team: Team, *, on: date | None = None) -> QuerySet:
    """The team's manager(s): on a date, or now."""
    memberships = TeamMembership.objects.filter(
        _current(on), team=team, role=TeamMembership.Role.MANAGER
    )
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"))


def teams_managed_by(user, *, on: date | None = None) -> QuerySet[Team]:
    memberships = TeamMembership.objects.filter(
        _current(on), user=user, role=TeamMembership.Role.MANAGER
    )
    return Team.objects.filter(pk__in=memberships.values("team_id"))


def teams_of(user, *, on: date | None = None) -> QuerySet[Team]:
    """Every team ``user`` belongs to (as manager or practitioner)."""
    memberships = TeamMembership.objects.filter(_current(on), user=user)
    return Team.objects.filter(pk__in=memberships.values("team_id"))


def line_managers_of(user, *, on: date | None = None) -> QuerySet:
    """The managers of the teams ``user`` works in as a practitioner."""
    practitioner_teams = TeamMembership.objects.filter(
        _current(on), user=user, role=TeamMembership.Role.PRACTITIONER
    ).values("team_id")
    managers = TeamMembership.objects.filter(
        _current(on), team_id__in=practitioner_teams, role=TeamMembership.Role.MANAGER
    )
    return get_user_model().objects.filter(pk__in=managers.values("user_id"))


# Who leads what ----------------------------------------------------------------------------------


def qa_officers() -> QuerySet:
    """Everyone who can sign in as a QA officer."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.QA_OFFICER.value, is_active=True)
        .distinct()
    )


def areas_led_by(user) -> QuerySet[ServiceArea]:
    """The service areas where ``user`` is a senior manager or the head of service."""
    return ServiceArea.objects.filter(Q(senior_managers=user) | Q(head_of_service=user)).distinct()


def area_leaders(area: ServiceArea | int) -> QuerySet:
    """Everyone who can sign in and leads ``area`` (an area or its id): its senior managers and
    its head of service, whatever their roles."""
    User = get_user_model()
    return User.objects.filter(
        Q(senior_manager_of=area) | Q(head_of_service_of=area), is_active=True
    ).distinct()


def senior_managers_of(area: ServiceArea) -> list:
    """Everyone who leads ``area`` and can sign in with the senior manager role, head first."""
    people = {u.pk: u for u in area.senior_managers.filter(is_active=True)}
    if area.head_of_service_id and area.head_of_service.is_active:
        people.setdefault(area.head_of_service_id, area.head_of_service)
    users = (
        get_user_model()
        .objects.filter(pk__in=people, groups__name=Role.SENIOR_MANAGER.value)
        .order_by("full_name", "username")
    )
    return sorted(users, key=lambda u: u.pk != area.head_of_service_id)


class Staffing:
    """Who is in which team today and who manages whom, read in one query, so that a caller
    going through many cases (the monthly sampling) makes no query per case."""

    def __init__(self):
        self.members: dict[int, set[int]] = defaultdict(set)
        self.managers: dict[int, list[int]] = defaultdict(list)
        self.practitioner_teams: dict[int, set[int]] = defaultdict(set)
        memberships = TeamMembership.objects.filter(end_date__isnull=True).order_by("user_id")
        for team_id, user_id, role in memberships.values_list("team_id", "user_id", "role"):
            self.members[team_id].add(user_id)
            if role == TeamMembership.Role.MANAGER:
                self.managers[team_id].append(user_id)
            else:
                self.practitioner_teams[user_id].add(team_id)

    def line_managers_of(self, user_id: int | None) -> set[int]:
        """As ``line_managers_of``, from the snapshot."""
        if user_id is None:
            return set()
        return {
            manager
            for team_id in self.practitioner_teams.get(user_id, ())
            for manager in self.managers.get(team_id, ())
        }


def open_case_episodes(*, team: Team | None = None) -> QuerySet[Episode]:
    """Open episodes of the kinds that make a case (early help, CIN, CP, CLA, care leaver)."""
    episodes = Episode.objects.filter(end_date__isnull=True, kind__in=Episode.CASE_KINDS)
    if team is not None:
        episodes = episodes.filter(team=team)
    return episodes.select_related("child", "team")


def children_with_open_cases() -> QuerySet[Child]:
    return Child.objects.filter(
        Exists(
            Episode.objects.filter(
                child=OuterRef("pk"), end_date__isnull=True, kind__in=Episode.CASE_KINDS
            )
        )
    )


def current_allocation(child: Child) -> Allocation | None:
    return (
        Allocation.objects.filter(child=child, end_date__isnull=True)
        .select_related("worker", "team")
        .first()
    )


def import_runs_visible_to(user) -> QuerySet:
    """Case-data imports: QA officers run them and see them all; nobody else sees any."""
    if not (user.is_authenticated and user.has_role(Role.QA_OFFICER)):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("created_by", "applied_by")


def import_history_for(user) -> QuerySet:
    """The history list: the large problem report is left out; the detail page reads it."""
    return import_runs_visible_to(user).defer("problems", "notes")


def teams_awaiting_review_for(user) -> QuerySet[Team]:
    """Teams imports named that nobody has recognised yet, with their open cases counted.

    QA officers review them; nobody else sees the list.
    """
    if not (user.is_authenticated and user.has_role(Role.QA_OFFICER)):
        return Team.objects.none()
    return (
        Team.objects.filter(awaiting_review=True)
        .annotate(
            open_cases=Count(
                "episodes",
                filter=Q(episodes__end_date__isnull=True, episodes__kind__in=Episode.CASE_KINDS),
            )
        )
        .order_by("name")
    )


def teams_recognised() -> QuerySet[Team]:
    """The service's teams, leaving out those an import named that await review."""
    return Team.objects.filter(awaiting_review=False).select_related("service_area")


def service_areas_for_new_teams() -> QuerySet[ServiceArea]:
    return ServiceArea.objects.exclude(name=settings.CASEWORK_IMPORT_UNASSIGNED_AREA)


def case_events_latest(child: Child, *, limit: int = 10) -> list[CaseEvent]:
    """The child's latest case events, newest first, one query.

    The same event named by two sources (an Annex A return and a case list) is shown once.
    """
    events = []
    seen = set()
    for event in CaseEvent.objects.filter(child=child).order_by("-started_on", "kind", "pk")[
        : limit * 3
    ]:
        key = (event.kind, event.plan_type, event.started_on)
        if key not in seen:
            seen.add(key)
            events.append(event)
    return events[:limit]


# The statutory returns and the case data, side by side (read by the cross-check pages) ------


def returns_visible_to(user) -> QuerySet[ImportRun]:
    """Imported statutory returns: QA officers and directors read their cross-checks."""
    if not (
        user.is_authenticated and (user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR))
    ):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(
        source__in=ImportRun.RETURN_SOURCES, status=ImportRun.Status.APPLIED
    ).defer("problems", "notes")


def events_for_cross_check(*, kinds: tuple[str, ...], source: str | None, until: date) -> list:
    """(child_id, kind, plan_type, started_on, ended_on, detail) of every event of ``kinds``
    started by ``until``: from the return ``source``, or from the case data when ``None``."""
    events = CaseEvent.objects.filter(kind__in=kinds, started_on__lte=until)
    if source is None:
        events = events.exclude(source__in=CaseEvent.RETURN_SOURCES)
    else:
        events = events.filter(source=source)
    return list(
        events.order_by().values_list(
            "child__child_id", "kind", "plan_type", "started_on", "ended_on", "detail"
        )
    )


def looked_after_episodes_for_cross_check(*, until: date) -> list:
    """(child_id, start_date, end_date, placements_last_12_months, latest_review_date) of the
    case data's looked-after episodes started by ``until``."""
    return list(
        Episode.objects.filter(kind=Episode.Kind.CLA, start_date__lte=until)
        .order_by()
        .values_list(
            "child__child_id",
            "start_date",
            "end_date",
            "placements_last_12_months",
            "latest_review_date",
        )
    )


def allocations_for_cross_check(*, first: date, last: date) -> list:
    """(child_id, worker_id) of every allocation that was open at some time from first to last."""
    return list(
        Allocation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first), start_date__lte=last
        )
        .order_by()
        .values_list("child__child_id", "worker_id")
    )


def children_by_child_id(child_ids) -> list[Child]:
    return list(Child.objects.filter(child_id__in=list(child_ids)).order_by("child_id"))
