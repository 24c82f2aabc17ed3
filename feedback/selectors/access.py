"""Who may see which feedback: every list starts from one of these, already scoped."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.views.decorators.debug import sensitive_variables

from casework.models import Allocation, Team
from casework.selectors import areas_led_by, teams_managed_by
from qaf.roles import Role

from ..models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    ParticipationSession,
    SafeguardingAlert,
    Survey,
    YouSaidWeDid,
)
from ..tokens import TOKEN_SHAPE, token_hash

MONITORING_ROLES = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR, Role.QA_OFFICER)
# Free-text comments can be personal: only managers of the team, senior managers, QA, directors.
COMMENT_ROLES = MONITORING_ROLES


def sees_everything(user) -> bool:
    return user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR)


def teams_overseen_by(user) -> QuerySet[Team]:
    """Teams whose feedback ``user`` reads: all for QA and directors, their area for senior
    managers, their own team(s) for team managers."""
    if sees_everything(user):
        return Team.objects.all()
    reach = Q(pk__in=[])
    if user.has_role(Role.TEAM_MANAGER):
        reach |= Q(pk__in=teams_managed_by(user).values("pk"))
    if user.has_role(Role.SENIOR_MANAGER):
        reach |= Q(service_area__in=areas_led_by(user).values("pk"))
    return Team.objects.filter(reach)


def _alert_reach(user) -> Q:
    """Alerts this person is asked to act on: their team's, the duty team's, their area's."""
    reach = Q(pk__in=[])
    if user.has_role(Role.TEAM_MANAGER) or user.has_role(Role.SENIOR_MANAGER):
        managed = teams_managed_by(user)
        reach |= Q(team__in=managed.values("pk"))
        # Managers of a duty team also act on alerts for children with no allocated worker.
        reach |= Q(routed_to_duty=True) & Exists(managed.filter(is_duty=True))
    if user.has_role(Role.SENIOR_MANAGER):
        reach |= Q(team__service_area__in=areas_led_by(user).values("pk"))
    return reach


def alerts_visible_to(user) -> QuerySet[SafeguardingAlert]:
    alerts = SafeguardingAlert.objects.select_related("team", "child", "acknowledged_by")
    if sees_everything(user):
        return alerts
    return alerts.filter(_alert_reach(user))


def alerts_to_act_on(user) -> QuerySet[SafeguardingAlert]:
    """Alerts ``user`` can record as checked (QA officers and directors only read them)."""
    return SafeguardingAlert.objects.filter(_alert_reach(user))


def can_acknowledge_alert(user, alert: SafeguardingAlert) -> bool:
    return alerts_to_act_on(user).filter(pk=alert.pk).exists()


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Links the person may see and act on *now*: for a child allocated to them today, or
    given to them for a child nobody holds (a closed case's last worker, or the team manager
    when no worker was allocated). Whoever made a link loses it when the child moves on."""
    open_allocations = Allocation.objects.filter(child=OuterRef("child"), end_date__isnull=True)
    holds_child = Exists(open_allocations.filter(worker=user))
    nobody_holds_child = ~Exists(open_allocations)
    return Invitation.objects.filter(
        holds_child | (Q(assigned_to=user) & nobody_holds_child)
    ).select_related("survey", "child", "team")


def can_manage_invitation(user, invitation: Invitation) -> bool:
    return invitations_visible_to(user).filter(pk=invitation.pk).exists()


def complaints_visible_to(user) -> QuerySet[ComplaintOrCompliment]:
    items = ComplaintOrCompliment.objects.select_related("team")
    if sees_everything(user):
        return items
    return items.filter(team__in=teams_overseen_by(user).values("pk"))


def staff_choices():
    return get_user_model().objects.filter(is_active=True).order_by("full_name", "username")


@sensitive_variables("token")
def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link's token opens; the token itself is never stored or logged.
    Anything that cannot be a token is turned away without asking the database."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    try:
        # get() drops the default ordering: one indexed lookup on a unique column.
        return Invitation.objects.select_related("survey", "child").get(
            token_hash=token_hash(token)
        )
    except Invitation.DoesNotExist:
        return None


def participation_sessions_visible_to(user) -> QuerySet[ParticipationSession]:
    """Sessions hold no names, so participation workers, QA officers and directors see all."""
    if user.has_role(Role.PARTICIPATION_WORKER) or sees_everything(user):
        return ParticipationSession.objects.select_related("group")
    return ParticipationSession.objects.none()


YOU_SAID_WRITERS = (Role.QA_OFFICER, Role.SENIOR_MANAGER, Role.TEAM_MANAGER)


@dataclass(frozen=True)
class YouSaidWeDidReach:
    """Which 'You said, we did' entries someone may change: whole-service ones, and those of the
    teams in ``team_ids``. The same rule the recording service applies."""

    whole_service: bool
    team_ids: frozenset[int]

    def covers(self, entry: YouSaidWeDid) -> bool:
        return self.whole_service if entry.team_id is None else entry.team_id in self.team_ids


def you_said_we_did_reach(user) -> YouSaidWeDidReach:
    """QA officers change any entry; senior managers whole-service ones and their area's teams';
    team managers their own teams' only."""
    if not any(user.has_role(role) for role in YOU_SAID_WRITERS):
        return YouSaidWeDidReach(whole_service=False, team_ids=frozenset())
    return YouSaidWeDidReach(
        whole_service=user.has_role(Role.QA_OFFICER) or user.has_role(Role.SENIOR_MANAGER),
        team_ids=frozenset(teams_overseen_by(user).values_list("pk", flat=True)),
    )


def you_said_we_did_visible_to(user) -> QuerySet[YouSaidWeDid]:
    """'You said, we did' is meant to be shared: everyone who reads the monthly figures sees it."""
    if any(user.has_role(role) for role in MONITORING_ROLES):
        return YouSaidWeDid.objects.select_related("team", "recorded_by")
    return YouSaidWeDid.objects.none()


def surveys_with_counts() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    ).order_by("kind", "journey_point", "audience", "key", "-version")


def case_answers(invitation: Invitation) -> list[Answer]:
    """The answers to a case-specific form, for the practitioner, unless sent anonymously."""
    if invitation.survey.kind != Survey.Kind.CASE:
        return []
    return list(
        Answer.objects.filter(response__invitation=invitation)
        .select_related("question")
        .order_by("question__position")
    )
