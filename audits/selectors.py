"""Reads of the looped audit, scoped to the person asking.

Blindness lives here, in one place: ``gradings_visible_to`` and ``conversations_visible_to`` show
another auditor's work only once both gradings are submitted, and ``gradings_revealed`` holds only
gradings whose audit has both in. Views, the admin, the moderation app and any export read
gradings through these functions.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casework.models import TeamMembership
from casework.selectors import areas_led_by, line_managers_of, teams_managed_by
from qaf.roles import Role

from .models import (
    AuditDomain,
    AuditorCapacity,
    AuditQuestion,
    AuditRound,
    AuditTemplate,
    CaseAudit,
    Conversation,
    ConversationAnswer,
    ConversationQuestion,
    Grade,
    Grading,
)

Status = CaseAudit.Status


# Templates -------------------------------------------------------------------------------------


def audit_template_current() -> AuditTemplate | None:
    return AuditTemplate.objects.filter(status=AuditTemplate.Status.PUBLISHED).first()


def audit_template_with_domains(pk: int) -> AuditTemplate:
    return AuditTemplate.objects.prefetch_related(
        Prefetch(
            "domains",
            queryset=AuditDomain.objects.prefetch_related(
                Prefetch("questions", queryset=AuditQuestion.objects.order_by("position", "pk"))
            ),
        )
    ).get(pk=pk)


def domains_for(case_audit: CaseAudit) -> list[AuditDomain]:
    """The domains this case is graded on: its template version's, for its case type."""
    cached = getattr(case_audit, "_domains", None)
    if cached is not None:
        return cached
    template_id = case_audit.template_id
    if template_id is None:
        current = audit_template_current()
        template_id = current.pk if current else None
    domains = list(
        AuditDomain.objects.filter(template_id=template_id).prefetch_related(
            Prefetch("questions", queryset=AuditQuestion.objects.order_by("position", "pk"))
        )
    )
    case_audit._domains = [d for d in domains if d.applies_to(case_audit.case_kind)]
    return case_audit._domains


# Who may open which audit ----------------------------------------------------------------------


def sees_every_audit(user) -> bool:
    return user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR)


def case_audits_visible_to(user) -> QuerySet[CaseAudit]:
    """Audits ``user`` may open: QA officers and directors all; senior managers their service
    area's; team managers their teams' and the ones they grade; peer auditors those assigned."""
    audits = CaseAudit.objects.select_related(
        "child", "episode", "team", "round", "team_manager", "peer_auditor", "social_worker"
    )
    if not user.is_authenticated:
        return audits.none()
    if sees_every_audit(user):
        return audits
    managed_teams = teams_managed_by(user).values("pk")
    areas = areas_led_by(user).values("pk")
    return audits.filter(
        Q(team_manager=user)
        | Q(peer_auditor=user)
        | Q(team_id__in=managed_teams)
        | Q(team__service_area_id__in=areas)
    )


def auditor_role(case_audit: CaseAudit, user) -> str | None:
    """Which grading ``user`` writes for ``case_audit``, if any."""
    if user.pk is None:
        return None
    if case_audit.team_manager_id == user.pk:
        return Grading.Role.TEAM_MANAGER
    if case_audit.peer_auditor_id == user.pk:
        return Grading.Role.PEER_AUDITOR
    return None


# Blindness -------------------------------------------------------------------------------------


def gradings_visible_to(user, *, case_audit: CaseAudit) -> QuerySet[Grading]:
    """The gradings of ``case_audit`` that ``user`` may read: their own, and both once both are
    submitted. The caller has already checked that ``user`` may open the audit."""
    gradings = Grading.objects.filter(case_audit=case_audit)
    if not case_audit.gradings_revealed:
        gradings = gradings.filter(auditor=user)
    return gradings


def gradings_revealed() -> QuerySet[Grading]:
    """Every grading whose audit has both gradings in: the only ones reports may count."""
    return Grading.objects.exclude(case_audit__status__in=CaseAudit.GRADING_STATES)


def conversations_visible_to(user, *, case_audit: CaseAudit) -> QuerySet[Conversation]:
    """The peer auditor's conversations are their evidence: blind like their grading."""
    conversations = (
        Conversation.objects.filter(case_audit=case_audit)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("answers", ConversationAnswer.objects.select_related("question"))
        )
    )
    if not case_audit.gradings_revealed:
        conversations = conversations.filter(recorded_by=user)
    return conversations


def conversation_questions_offered() -> list[ConversationQuestion]:
    """The active questions a new conversation may ask (the form keeps those for the person
    spoken with)."""
    return list(ConversationQuestion.objects.filter(active=True))


def grading_of(user, *, case_audit: CaseAudit) -> Grading | None:
    """``user``'s own grading of ``case_audit``, with its domain grades."""
    return (
        gradings_visible_to(user, case_audit=case_audit)
        .filter(auditor=user)
        .prefetch_related("domain_grades")
        .first()
    )


def grade_label(value: str) -> str:
    return Grade(value).label if value in Grade.values else "Not graded"


@dataclass(frozen=True)
class ComparisonRow:
    title: str
    manager_grade: str
    peer_grade: str
    manager_evidence: str = ""
    peer_evidence: str = ""
    domain_pk: int | None = None  # None for the overall grade

    @property
    def steps_apart(self) -> int | None:
        if not (self.manager_grade and self.peer_grade):
            return None
        return abs(Grade.step(self.manager_grade) - Grade.step(self.peer_grade))

    @property
    def agree(self) -> bool:
        return self.steps_apart == 0

    @property
    def manager_label(self) -> str:
        return grade_label(self.manager_grade)

    @property
    def peer_label(self) -> str:
        return grade_label(self.peer_grade)


@dataclass(frozen=True)
class Comparison:
    domains: list[ComparisonRow]
    overall: ComparisonRow
    manager: Grading
    peer: Grading

    @property
    def domains_agreeing(self) -> int:
        return sum(1 for row in self.domains if row.agree)

    def reasons(self, *, overall_routes: bool, step_threshold: int | None) -> list[str]:
        """Why the two gradings must be moderated; empty when they count as agreed.

        A different overall grade routes when ``overall_routes``; a domain routes when its two
        grades are ``step_threshold`` or more steps apart (never when it is 0 or None).
        """
        reasons = []
        overall = self.overall
        if overall_routes and overall.manager_grade != overall.peer_grade:
            reasons.append(
                f"The overall grades differ: the team manager gave "
                f"{Grade(overall.manager_grade).label}, the peer auditor "
                f"{Grade(overall.peer_grade).label}."
            )
        if step_threshold:
            for row in self.domains:
                steps = row.steps_apart or 0
                if steps >= step_threshold:
                    reasons.append(
                        f"{row.title}: the grades are {steps} steps apart "
                        f"({Grade(row.manager_grade).label} and {Grade(row.peer_grade).label})."
                    )
        return reasons


def grading_comparison(*, case_audit: CaseAudit) -> Comparison | None:
    """Both gradings side by side, domain by domain; None until both are submitted.

    Once both are in, anyone who may open the audit may read both, so this needs no user: the
    moderation app calls it to decide where the audit goes and to build the moderator's form.
    """
    if not case_audit.gradings_revealed:
        return None
    gradings = {
        g.role: g
        for g in gradings_revealed().filter(case_audit=case_audit).prefetch_related("domain_grades")
    }
    manager = gradings.get(Grading.Role.TEAM_MANAGER)
    peer = gradings.get(Grading.Role.PEER_AUDITOR)
    if manager is None or peer is None:
        return None
    manager_grades = {dg.domain_id: dg for dg in manager.domain_grades.all()}
    peer_grades = {dg.domain_id: dg for dg in peer.domain_grades.all()}
    rows = []
    for domain in domains_for(case_audit):
        mine, theirs = manager_grades.get(domain.pk), peer_grades.get(domain.pk)
        rows.append(
            ComparisonRow(
                title=domain.title,
                manager_grade=mine.grade if mine else "",
                peer_grade=theirs.grade if theirs else "",
                manager_evidence=mine.evidence if mine else "",
                peer_evidence=theirs.evidence if theirs else "",
                domain_pk=domain.pk,
            )
        )
    overall = ComparisonRow(
        title="Overall", manager_grade=manager.overall_grade, peer_grade=peer.overall_grade
    )
    return Comparison(domains=rows, overall=overall, manager=manager, peer=peer)


# Progress --------------------------------------------------------------------------------------

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
GRADED_BY_ONE = "Graded by one"
GRADED_BY_BOTH = "Graded by both"
PROGRESS_COLUMNS = (NOT_STARTED, IN_PROGRESS, GRADED_BY_ONE, GRADED_BY_BOTH)


def with_progress(audits: QuerySet[CaseAudit]) -> QuerySet[CaseAudit]:
    """Annotate how many gradings each audit has started and submitted (one query for all).

    Counted in subqueries on the audit's key, not with a join and GROUP BY, which on PostgreSQL
    would group by every column of every table the list joins.
    """
    gradings = Grading.objects.filter(case_audit=OuterRef("pk")).order_by().values("case_audit")
    started = gradings.annotate(n=Count("pk")).values("n")
    submitted = gradings.filter(submitted_at__isnull=False).annotate(n=Count("pk")).values("n")
    return audits.annotate(
        gradings_started=Coalesce(Subquery(started), 0),
        gradings_submitted=Coalesce(Subquery(submitted), 0),
    )


def progress_of(audit: CaseAudit) -> str:
    """Where an audit is in the round: not started, in progress, graded by one, or by both."""
    if audit.status not in CaseAudit.GRADING_STATES:
        return GRADED_BY_BOTH
    submitted = getattr(audit, "gradings_submitted", 0)
    if submitted >= 2:
        return GRADED_BY_BOTH
    if submitted == 1:
        return GRADED_BY_ONE
    if audit.status == Status.IN_PROGRESS or getattr(audit, "gradings_started", 0):
        return IN_PROGRESS
    return NOT_STARTED


@dataclass
class TeamProgress:
    team_pk: int
    team_name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(column, 0) for column in PROGRESS_COLUMNS]


def round_progress(audit_round: AuditRound) -> tuple[list[TeamProgress], TeamProgress]:
    """Each team's audits in the round by progress, and the whole service's, in one query."""
    teams: dict[int, TeamProgress] = {}
    total = TeamProgress(team_pk=0, team_name="Whole service")
    audits = with_progress(CaseAudit.objects.filter(round=audit_round)).values_list(
        "team_id", "team__name", "status", "gradings_started", "gradings_submitted"
    )
    for team_pk, team_name, status, started, submitted in audits:
        row = teams.setdefault(team_pk, TeamProgress(team_pk=team_pk, team_name=team_name))
        audit = CaseAudit(status=status)
        audit.gradings_started, audit.gradings_submitted = started, submitted
        progress = progress_of(audit)
        row.counts[progress] += 1
        total.counts[progress] += 1
    return sorted(teams.values(), key=lambda row: row.team_name), total


def rounds_with_counts() -> QuerySet[AuditRound]:
    return (
        AuditRound.objects.annotate(
            audits=Count("case_audits", distinct=True),
            unassigned=Count(
                "case_audits",
                filter=Q(case_audits__peer_auditor__isnull=True)
                | Q(case_audits__team_manager__isnull=True),
                distinct=True,
            ),
        )
        .select_related("sampled_by")
        .order_by("-period")
    )


def round_case_audits(audit_round: AuditRound) -> QuerySet[CaseAudit]:
    return with_progress(
        CaseAudit.objects.filter(round=audit_round).select_related(
            "child", "team", "team_manager", "peer_auditor"
        )
    ).order_by("team__name", "child__child_id")


# Assignment ------------------------------------------------------------------------------------


def peer_loads(audit_round: AuditRound) -> Counter:
    return Counter(
        dict(
            CaseAudit.objects.filter(round=audit_round, peer_auditor__isnull=False)
            .values("peer_auditor")
            .annotate(n=Count("pk"))
            .values_list("peer_auditor", "n")
        )
    )


def assignment_problem(
    case_audit: CaseAudit, *, role: str, auditor, independence: "Independence | None" = None
) -> str | None:
    """Why ``auditor`` cannot do ``role``'s grading of ``case_audit``, or None if they can.

    ``independence`` (from ``independence_of``) lets a caller check many people in a fixed
    number of queries.
    """
    name = auditor.display_name
    if not auditor.is_active:
        return f"{name} cannot sign in."
    if case_audit.social_worker_id == auditor.pk:
        return f"{name} is the case's social worker."
    if role == Grading.Role.TEAM_MANAGER:
        if not auditor.has_role(Role.TEAM_MANAGER):
            return f"{name} is not a team manager."
        if case_audit.peer_auditor_id == auditor.pk:
            return f"{name} is already the case's peer auditor."
        return None
    if not auditor.has_role(Role.PEER_AUDITOR):
        return f"{name} is not a peer auditor."
    independence = independence or independence_of(case_audit)
    conflict = independence.conflict(auditor.pk)
    if conflict is None:
        return None
    return f"{name} " + conflict.format(team=case_audit.team)


@dataclass(frozen=True)
class Independence:
    """The peer-independence rule, in one place: a case's peer auditor is none of the case's
    social worker, its team manager, a member of its team or the social worker's line manager.
    The monthly sampling and assignment by hand both ask it."""

    team_members: frozenset[int]
    social_worker: int | None
    line_managers: frozenset[int]
    team_manager: int | None

    def conflict(self, person_pk: int) -> str | None:
        """Why ``person_pk`` is too close to the case to peer-audit it (to be completed with the
        person's name and formatted with the case's ``team``), or None."""
        if person_pk == self.social_worker:
            return "is the case's social worker."
        if person_pk == self.team_manager:
            return "is already the case's team manager."
        if person_pk in self.team_members:
            return "works in {team}, the case's own team."
        if person_pk in self.line_managers:
            return "is the social worker's line manager."
        return None

    def allows(self, person_pk: int) -> bool:
        return self.conflict(person_pk) is None


def independence_of(case_audit: CaseAudit) -> Independence:
    """The people too close to ``case_audit`` to be its peer auditor, in two queries."""
    team_members = TeamMembership.objects.filter(
        team_id=case_audit.team_id, end_date__isnull=True
    ).values_list("user_id", flat=True)
    line_managers = (
        line_managers_of(case_audit.social_worker_id).values_list("pk", flat=True)
        if case_audit.social_worker_id
        else []
    )
    return Independence(
        team_members=frozenset(team_members),
        social_worker=case_audit.social_worker_id,
        line_managers=frozenset(line_managers),
        team_manager=case_audit.team_manager_id,
    )


@dataclass(frozen=True)
class Candidate:
    user: object
    load: int
    capacity: int

    @property
    def full(self) -> bool:
        return self.load >= self.capacity


def assignment_candidates(case_audit: CaseAudit, *, role: str) -> list[Candidate]:
    """Everyone who may take ``role``'s grading, least loaded first, with their load this month."""
    group = Role.TEAM_MANAGER if role == Grading.Role.TEAM_MANAGER else Role.PEER_AUDITOR
    User = get_user_model()
    people = (
        User.objects.filter(is_active=True, groups__name=group.value)
        .distinct()
        .order_by("full_name", "username")
    )
    # Everyone's roles in one flat query: a prefetch builds a related manager per person, which
    # with a hundred auditors costs more than the rest of the page.
    role_names: dict[int, set[str]] = {}
    for user_id, name in User.groups.through.objects.filter(
        user__in=User.objects.filter(is_active=True, groups__name=group.value).values("pk")
    ).values_list("user_id", "group__name"):
        role_names.setdefault(user_id, set()).add(name)
    loads = peer_loads(case_audit.round)
    manager_loads = Counter(
        dict(
            CaseAudit.objects.filter(round=case_audit.round, team_manager__isnull=False)
            .values("team_manager")
            .annotate(n=Count("pk"))
            .values_list("team_manager", "n")
        )
    )
    capacities = dict(AuditorCapacity.objects.values_list("auditor_id", "audits_per_month"))
    independence = independence_of(case_audit)
    candidates = []
    current = (
        case_audit.team_manager_id
        if role == Grading.Role.TEAM_MANAGER
        else case_audit.peer_auditor_id
    )
    for person in people:
        if person.pk == current:
            continue
        person._role_names = frozenset(role_names.get(person.pk, ()))
        if assignment_problem(case_audit, role=role, auditor=person, independence=independence):
            continue
        if role == Grading.Role.TEAM_MANAGER:
            candidates.append(Candidate(person, manager_loads[person.pk], 0))
        else:
            capacity = capacities.get(person.pk, settings.QAF_AUDIT_PEER_CAPACITY)
            candidates.append(Candidate(person, loads[person.pk], capacity))
    return sorted(candidates, key=lambda c: (c.load, c.user.display_name))
