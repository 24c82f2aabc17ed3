"""Reads of the loop, scoped to the person asking, with their joins chosen here.

Who may open what follows DESIGN.md's table: senior managers their service area's work (and any
moderation they were given); team managers their teams' audits; a social worker only their own
feedback and the actions they own; QA officers and directors everything.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum

from audits.models import CaseAudit
from audits.selectors import case_audits_visible_to, sees_every_audit
from casework.models import ServiceArea, Team, TeamMembership
from casework.selectors import (  # noqa: F401  (moderation's modules read who leads what here)
    areas_led_by,
    qa_officers,
    senior_managers_of,
    teams_managed_by,
)
from qaf.audit_themes import ThemeCount
from qaf.roles import Role

from .models import (
    Action,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningActivity,
    LearningNote,
    LearningTheme,
    Moderation,
    PractitionerFeedback,
)

CASE_AUDIT_JOINS = ("child", "team__service_area", "round", "team_manager", "peer_auditor")
# An audit past these states has both gradings in: only its gradings may be counted.
# A theme found in fewer audits than this is not shown to participation groups: a count of one
# or two, with the theme's words, could bring one child's case to mind.
PARTICIPATION_THEME_MINIMUM = 3

REVEALED_STATES = [s for s in CaseAudit.Status.values if s not in CaseAudit.GRADING_STATES]


# Who is who ------------------------------------------------------------------------------------


def leads_area_of(user, case_audit: CaseAudit) -> bool:
    return areas_led_by(user).filter(pk=case_audit.team.service_area_id).exists()


def manages_loop(user, case_audit: CaseAudit) -> bool:
    """May set actions and give feedback on ``case_audit``: its team manager, a manager of its
    team now, its moderator, or a senior manager of its service area."""
    if not user.is_authenticated:
        return False
    if case_audit.team_manager_id == user.pk:
        return True
    moderation = Moderation.objects.filter(case_audit=case_audit).first()
    if moderation is not None and moderation.moderator_id == user.pk:
        return True
    if teams_managed_by(user).filter(pk=case_audit.team_id).exists():
        return True
    return user.has_role(Role.SENIOR_MANAGER) and leads_area_of(user, case_audit)


def escalation_recipients(case_audit: CaseAudit) -> list:
    """The head of service of the case's area; failing that its senior managers, then QA."""
    area = case_audit.team.service_area
    if area.head_of_service_id and area.head_of_service.is_active:
        return [area.head_of_service]
    seniors = senior_managers_of(area)
    if seniors:
        return seniors
    return list(qa_officers())


# Comparing the two gradings --------------------------------------------------------------------


# Choosing a moderator --------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeratorCandidate:
    user: object
    load: int
    in_area: bool


def moderator_candidates(case_audit: CaseAudit, *, anywhere: bool = False) -> list:
    """Senior managers who may moderate ``case_audit``, least loaded first: never one of its
    auditors or its social worker. Those of its own service area only, unless ``anywhere``."""
    excluded = {case_audit.team_manager_id, case_audit.peer_auditor_id, case_audit.social_worker_id}
    area_id = case_audit.team.service_area_id
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SENIOR_MANAGER.value)
        .annotate(
            in_area=Exists(
                ServiceArea.objects.filter(
                    Q(senior_managers=OuterRef("pk")) | Q(head_of_service=OuterRef("pk")),
                    pk=area_id,
                )
            ),
            load=Count(
                "moderations",
                filter=Q(moderations__status=Moderation.Status.TO_MODERATE),
                distinct=True,
            ),
        )
        .exclude(pk__in=[pk for pk in excluded if pk])
        .order_by("full_name", "username")
    )
    if not anywhere:
        people = people.filter(in_area=True)
    candidates = [ModeratorCandidate(p, p.load, p.in_area) for p in people]
    return sorted(candidates, key=lambda c: (not c.in_area, c.load, c.user.display_name))


def moderation_problem(case_audit: CaseAudit, user) -> str | None:
    """Why ``user`` may not moderate ``case_audit``, or None."""
    name = user.display_name
    if user.pk in (case_audit.team_manager_id, case_audit.peer_auditor_id):
        return f"{name} graded this case, so cannot moderate it."
    if user.pk == case_audit.social_worker_id:
        return f"{name} is the case's social worker."
    if not user.is_active:
        return f"{name} cannot sign in."
    if not user.has_role(Role.SENIOR_MANAGER):
        return f"{name} is not a senior manager."
    return None


# Scoping ---------------------------------------------------------------------------------------


def loop_case_audits_visible_to(user) -> QuerySet[CaseAudit]:
    """Audits whose loop ``user`` may follow: the audits they may open, and any they moderate."""
    visible = case_audits_visible_to(user)
    if not user.is_authenticated or sees_every_audit(user):
        return visible.select_related("team__service_area")
    return CaseAudit.objects.filter(
        Q(pk__in=visible.values("pk")) | Q(moderation__moderator=user)
    ).select_related(*CASE_AUDIT_JOINS, "social_worker")


def _area_or_every(user, field: str) -> Q | None:
    """None for someone who sees everything, else the filter to ``user``'s service areas."""
    if sees_every_audit(user):
        return None
    return Q(**{f"{field}__in": areas_led_by(user).values("pk")})


def moderations_visible_to(user) -> QuerySet[Moderation]:
    moderations = Moderation.objects.select_related(
        *(f"case_audit__{name}" for name in CASE_AUDIT_JOINS), "moderator"
    )
    if not user.is_authenticated:
        return moderations.none()
    area = _area_or_every(user, "case_audit__team__service_area")
    if area is None:
        return moderations
    return moderations.filter(area | Q(moderator=user))


def actions_visible_to(user) -> QuerySet[Action]:
    actions = Action.objects.select_related(
        "case_audit__child", "case_audit__team", "case_audit__round", "owner"
    )
    if not user.is_authenticated:
        return actions.none()
    area = _area_or_every(user, "case_audit__team__service_area")
    if area is None:
        return actions
    return actions.filter(
        area
        | Q(owner=user)
        | Q(case_audit__team_manager=user)
        | Q(case_audit__team_id__in=teams_managed_by(user).values("pk"))
        | Q(case_audit__moderation__moderator=user)
    )


def feedback_visible_to(user) -> QuerySet[PractitionerFeedback]:
    """The social worker's own; the writer's; their team's managers'; their area's seniors';
    QA officers' and directors' (read only)."""
    feedback = PractitionerFeedback.objects.select_related(
        "case_audit__child", "case_audit__team", "case_audit__round", "social_worker", "written_by"
    )
    if not user.is_authenticated:
        return feedback.none()
    area = _area_or_every(user, "case_audit__team__service_area")
    if area is None:
        return feedback
    return feedback.filter(
        area
        | Q(social_worker=user)
        | Q(written_by=user)
        | Q(case_audit__team_id__in=teams_managed_by(user).values("pk"))
    )


def follow_ups_visible_to(user) -> QuerySet[FollowUpReview]:
    reviews = FollowUpReview.objects.select_related(
        *(f"case_audit__{name}" for name in CASE_AUDIT_JOINS),
        "case_audit__final_grade",
        "reviewer",
    )
    if not user.is_authenticated:
        return reviews.none()
    area = _area_or_every(user, "case_audit__team__service_area")
    if area is None:
        return reviews
    return reviews.filter(area | Q(reviewer=user))


def escalations_visible_to(user) -> QuerySet[Escalation]:
    escalations = Escalation.objects.select_related(
        "case_audit__child", "case_audit__team", "case_audit__round", "escalated_to", "action"
    )
    if not user.is_authenticated:
        return escalations.none()
    area = _area_or_every(user, "case_audit__team__service_area")
    if area is None:
        return escalations
    return escalations.filter(area | Q(escalated_to=user))


def learning_notes_of(user) -> QuerySet[LearningNote]:
    return LearningNote.objects.filter(recipient=user).select_related(
        "moderation__case_audit__child",
        "moderation__case_audit__round",
        "moderation__case_audit__team",
        "moderation__moderator",
    )


# Lists -----------------------------------------------------------------------------------------


def learning_notes_list(user) -> QuerySet[LearningNote]:
    """``user``'s learning notes, those still to read first, then the newest."""
    return learning_notes_of(user).order_by(
        F("acknowledged_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def audits_to_give_feedback(user) -> QuerySet[FinalGrade]:
    """The final grades of ``user``'s audits still waiting for their actions and feedback, the
    soonest due first (the same audits as My work's "Actions and feedback to give")."""
    return (
        FinalGrade.objects.filter(
            case_audit__team_manager=user,
            case_audit__status__in=(CaseAudit.Status.AGREED, CaseAudit.Status.MODERATED),
        )
        .select_related("case_audit__child", "case_audit__team")
        .order_by("feedback_due", "case_audit__child__child_id", "pk")
    )


def moderation_list(user, *, status: str = "") -> QuerySet[Moderation]:
    moderations = moderations_visible_to(user)
    if status:
        moderations = moderations.filter(status=status)
    # Work still to do first, soonest due first; then what was moderated, newest first.
    return moderations.order_by(
        "-status", F("moderated_at").desc(nulls_first=True), "due_date", "pk"
    )


def action_list(user, *, status: str = "", mine: bool = False) -> QuerySet[Action]:
    actions = actions_visible_to(user)
    if status:
        actions = actions.filter(status=status)
    if mine:
        actions = actions.filter(owner=user)
    return actions.order_by("status", "due_date", "pk")


# One audit's loop ------------------------------------------------------------------------------


def loop_of(case_audit: CaseAudit) -> dict:
    """Everything after the gradings for one audit, read in a handful of queries."""
    moderation = (
        Moderation.objects.filter(case_audit=case_audit)
        .select_related("moderator")
        .prefetch_related("themes", "learning_notes__recipient", "domain_grades__domain")
        .first()
    )
    final_grade = FinalGrade.objects.filter(case_audit=case_audit).first()
    feedback = (
        PractitionerFeedback.objects.filter(case_audit=case_audit)
        .select_related("social_worker", "written_by")
        .first()
    )
    follow_up = (
        FollowUpReview.objects.filter(case_audit=case_audit)
        .select_related("reviewer", "completed_by", "re_audit_case_audit__round")
        .prefetch_related("checks")
        .first()
    )
    return {
        "moderation": moderation,
        "final_grade": final_grade,
        "actions": list(
            Action.objects.filter(case_audit=case_audit)
            .select_related("owner")
            .order_by("due_date", "pk")
        ),
        "feedback": feedback,
        "follow_up": follow_up,
        "escalations": list(
            Escalation.objects.filter(case_audit=case_audit).select_related(
                "escalated_to", "action"
            )
        ),
        "grading_themes": grading_themes_of(case_audit),
    }


def grading_themes_of(case_audit: CaseAudit) -> dict[str, list[LearningTheme]]:
    """The themes each auditor tagged in their grading, by grading role; none while blind."""
    themes: dict[str, list[LearningTheme]] = defaultdict(list)
    if not case_audit.gradings_revealed:
        return {}
    through = LearningTheme.gradings.through.objects.filter(
        grading__case_audit=case_audit
    ).select_related("learningtheme", "grading")
    for row in through.order_by("learningtheme__name"):
        themes[row.grading.role].append(row.learningtheme)
    return dict(themes)


def owner_choices_queryset(case_audit: CaseAudit) -> QuerySet:
    """Who may own an action: the case's social worker and team manager, and the people of its
    team now."""
    members = TeamMembership.objects.filter(team=case_audit.team, end_date__isnull=True).values(
        "user_id"
    )
    people = (
        get_user_model()
        .objects.filter(
            Q(pk__in=members)
            | Q(pk=case_audit.social_worker_id or 0)
            | Q(pk=case_audit.team_manager_id or 0)
        )
        .filter(is_active=True)
        .order_by("full_name", "username")
    )
    return people


# Learning summary ------------------------------------------------------------------------------


@dataclass
class ThemeCounts:
    theme: LearningTheme
    whole_service: int = 0
    area_counts: list[int] = field(default_factory=list)
    activities: int = 0
    attendance: int = 0


@dataclass(frozen=True)
class TeamThemes:
    name: str
    area: str
    themes: list[tuple[str, int]]


@dataclass
class LearningSummary:
    month: date
    rows: list[ThemeCounts]
    areas: list[ServiceArea]
    team_rows: list[TeamThemes]
    audits_tagged: int


def _month_range(month: date) -> tuple[date, date]:
    month = month.replace(day=1)
    return month, date(month.year + month.month // 12, month.month % 12 + 1, 1)


def learning_summary(month: date) -> LearningSummary:
    """How many audits of ``month``'s round found each theme, by service area and team, with the
    learning activities held on each theme that month. Five queries, whatever the size."""
    month, next_month = _month_range(month)
    tagged: dict[int, set[tuple[int, int, int]]] = defaultdict(set)
    # Blind: a grading's themes count only once both gradings of its audit are in, or a peer
    # would see the manager's findings before submitting their own.
    grading_rows = LearningTheme.gradings.through.objects.filter(
        grading__case_audit__round__period=month,
        grading__case_audit__status__in=REVEALED_STATES,
    ).values_list(
        "learningtheme_id",
        "grading__case_audit_id",
        "grading__case_audit__team_id",
        "grading__case_audit__team__service_area_id",
    )
    moderation_rows = Moderation.themes.through.objects.filter(
        moderation__case_audit__round__period=month
    ).values_list(
        "learningtheme_id",
        "moderation__case_audit_id",
        "moderation__case_audit__team_id",
        "moderation__case_audit__team__service_area_id",
    )
    for theme_id, audit_id, team_id, area_id in [*grading_rows, *moderation_rows]:
        tagged[theme_id].add((audit_id, team_id, area_id))

    activities = {
        row["theme_id"]: row
        for row in LearningActivity.objects.filter(held_on__gte=month, held_on__lt=next_month)
        .values("theme_id")
        .annotate(n=Count("pk"), people=Sum("attendance"))
    }
    # An area holding only teams an import named that await review is not a column.
    area_teams = Team.objects.filter(service_area=OuterRef("pk"))
    areas = list(
        ServiceArea.objects.filter(
            ~Exists(area_teams.filter(awaiting_review=True))
            | Exists(area_teams.filter(awaiting_review=False))
        ).order_by("name")
    )
    themes = list(LearningTheme.objects.order_by("name"))
    rows = []
    per_team: dict[int, Counter] = defaultdict(Counter)
    for theme in themes:
        audits = tagged.get(theme.pk, set())
        activity = activities.get(theme.pk, {})
        if not audits and not activity:
            continue
        by_area = Counter(area_id for _, _, area_id in audits)
        for _, team_id, _ in audits:
            per_team[team_id][theme.name] += 1
        rows.append(
            ThemeCounts(
                theme=theme,
                whole_service=len(audits),
                area_counts=[by_area.get(area.pk, 0) for area in areas],
                activities=activity.get("n", 0),
                attendance=activity.get("people") or 0,
            )
        )
    rows.sort(key=lambda row: (-row.whole_service, row.theme.name))
    teams = (
        Team.objects.filter(pk__in=per_team, awaiting_review=False)
        .select_related("service_area")
        .order_by("name")
    )
    team_rows = [
        TeamThemes(
            name=team.name,
            area=team.service_area.name,
            themes=sorted(per_team[team.pk].items(), key=lambda item: (-item[1], item[0])),
        )
        for team in teams
    ]
    return LearningSummary(
        month=month,
        rows=rows,
        areas=areas,
        team_rows=team_rows,
        audits_tagged=len({audit for audits in tagged.values() for audit, _, _ in audits}),
    )


def learning_activities(*, month: date | None = None) -> QuerySet[LearningActivity]:
    activities = LearningActivity.objects.select_related("theme", "recorded_by")
    if month is not None:
        start, end = _month_range(month)
        activities = activities.filter(held_on__gte=start, held_on__lt=end)
    return activities.order_by("-held_on", "-pk")


def themes_with_counts() -> QuerySet[LearningTheme]:
    return LearningTheme.objects.annotate(
        grading_count=Count(
            "gradings",
            filter=Q(gradings__case_audit__status__in=REVEALED_STATES),
            distinct=True,
        ),
        moderation_count=Count("moderations", distinct=True),
        activity_count=Count("activities", distinct=True),
    ).order_by("-is_active", "name")


def latest_month_with_themes() -> date | None:
    """The latest audit month with any finding tagged: where the learning summary opens."""
    months = [
        LearningTheme.gradings.through.objects.filter(
            grading__case_audit__status__in=REVEALED_STATES
        ).aggregate(month=Max("grading__case_audit__round__period"))["month"],
        Moderation.themes.through.objects.aggregate(
            month=Max("moderation__case_audit__round__period")
        )["month"],
    ]
    return max((m for m in months if m), default=None)


def prefetch_for_moderation_page(moderation: Moderation) -> Moderation:
    return (
        Moderation.objects.filter(pk=moderation.pk)
        .select_related(*(f"case_audit__{n}" for n in CASE_AUDIT_JOINS), "moderator")
        .prefetch_related(
            "themes",
            Prefetch("learning_notes", queryset=LearningNote.objects.select_related("recipient")),
            "domain_grades__domain",
        )
        .get()
    )


def anonymised_theme_counts(since: date) -> list[ThemeCount]:
    """How many audits since ``since`` found each active learning theme, most first: a name and
    a number only, for participation groups. A theme found in fewer than
    ``PARTICIPATION_THEME_MINIMUM`` audits is left out, so no count points to one case.
    Two queries, whatever the size."""
    tagged: dict[int, set[int]] = defaultdict(set)
    grading_rows = LearningTheme.gradings.through.objects.filter(
        grading__case_audit__round__period__gte=since.replace(day=1),
        grading__case_audit__status__in=REVEALED_STATES,
    ).values_list("learningtheme_id", "grading__case_audit_id")
    moderation_rows = Moderation.themes.through.objects.filter(
        moderation__case_audit__round__period__gte=since.replace(day=1)
    ).values_list("learningtheme_id", "moderation__case_audit_id")
    for theme_id, audit_id in [*grading_rows, *moderation_rows]:
        tagged[theme_id].add(audit_id)
    names = dict(
        LearningTheme.objects.filter(pk__in=tagged, is_active=True).values_list("pk", "name")
    )
    counts = [
        ThemeCount(name=names[pk], audits=len(audits))
        for pk, audits in tagged.items()
        if pk in names and len(audits) >= PARTICIPATION_THEME_MINIMUM
    ]
    return sorted(counts, key=lambda count: (-count.audits, count.name))
