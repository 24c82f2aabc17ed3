"""Reads of the participation groups: their sessions, recommendations and the answers."""

from datetime import date, timedelta

from django.db.models import Case, Count, Max, Prefetch, Q, QuerySet, When

from qaf import audit_themes
from qaf.roles import Role

from ..models import ParticipationGroup, ParticipationRecommendation, ParticipationSession
from .access import participation_sessions_visible_to, sees_everything

# Groups look at what audits found over the last year.
THEMES_LOOK_BACK_DAYS = 365


def sees_participation(user) -> bool:
    return user.has_role(Role.PARTICIPATION_WORKER) or sees_everything(user)


def participation_groups_visible_to(user) -> QuerySet[ParticipationGroup]:
    """Every group with its number of sessions, its last session and recommendations waiting
    for an answer, in one query."""
    if not sees_participation(user):
        return ParticipationGroup.objects.none()
    waiting = ParticipationRecommendation.Status.OPEN
    return ParticipationGroup.objects.annotate(
        session_count=Count("sessions", distinct=True),
        last_held_on=Max("sessions__held_on"),
        waiting=Count(
            "sessions__recommendation_set",
            filter=Q(sessions__recommendation_set__status=waiting),
            distinct=True,
        ),
    ).order_by("-is_active", "name")


def _recommendations() -> QuerySet[ParticipationRecommendation]:
    return ParticipationRecommendation.objects.select_related("manager").order_by("pk")


def group_sessions(group: ParticipationGroup) -> QuerySet[ParticipationSession]:
    """The group's sessions, newest first, each with its recommendations and their answers."""
    return group.sessions.prefetch_related(
        Prefetch("recommendation_set", queryset=_recommendations())
    ).order_by("-held_on", "-pk")


def session_with_recommendations(user, pk: int) -> ParticipationSession:
    return (
        participation_sessions_visible_to(user)
        .prefetch_related(Prefetch("recommendation_set", queryset=_recommendations()))
        .get(pk=pk)
    )


def recommendation_visible_to(user, pk: int) -> ParticipationRecommendation:
    """A recommendation, for its named manager or anyone who sees participation groups."""
    recommendations = ParticipationRecommendation.objects.select_related(
        "session__group", "manager"
    )
    if not sees_participation(user):
        recommendations = recommendations.filter(manager=user)
    return recommendations.get(pk=pk)


def recommendations_of(user) -> QuerySet[ParticipationRecommendation]:
    """What ``user`` has been asked to answer: waiting ones first, oldest first."""
    waiting_first = Case(When(status=ParticipationRecommendation.Status.OPEN, then=0), default=1)
    return (
        ParticipationRecommendation.objects.filter(manager=user)
        .select_related("session__group", "manager")
        .order_by(waiting_first, "created_at", "pk")
    )


def themes_for_a_session(today: date) -> list[audit_themes.ThemeCount]:
    """The audits' learning themes of the last year as counts: never a case or a child."""
    return audit_themes.theme_counts(since=today - timedelta(days=THEMES_LOOK_BACK_DAYS))
