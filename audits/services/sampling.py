"""Monthly whole-service sampling (DESIGN.md, "Monthly whole-service sampling").

Every team is sampled: a set number of open cases per team, spread over case types, drawn at
random from a seed recorded on the round, leaving out cases audited in the twelve months before
and closed cases. Each case gets its team manager and a peer auditor from outside the team who is
neither the social worker nor their line manager, least-loaded first within capacity. Running it
twice for a month, even at the same moment, yields one sample.
"""

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from casework.models import Allocation, Episode, Team
from casework.selectors import Staffing, open_case_episodes, qa_officers
from qaf import availability
from qaf.notifications import NotificationMessage, notification_send_many
from qaf.roles import Role
from qaf.workdays import add_months, last_working_day

from ..errors import AuditError
from ..models import AuditorCapacity, AuditRound, CaseAudit, TeamSampleSize
from ..selectors import Independence
from .history import history_stamp

# The first key of PostgreSQL's two-key advisory lock: "AUDI" in ASCII. The second is YYYYMM.
_ADVISORY_LOCK_KEY = 0x41554449


@dataclass(frozen=True)
class PlannedAudit:
    """One case of a draw: who it is for and who audits it (or why nobody could be found)."""

    child_pk: int
    child_ref: str
    episode_pk: int | None
    case_kind: str
    team_pk: int
    team_name: str
    social_worker_pk: int | None
    team_manager_pk: int | None
    peer_auditor_pk: int | None
    note: str = ""

    @property
    def case_kind_label(self) -> str:
        return Episode.Kind(self.case_kind).label


@dataclass
class SamplingResult:
    period: date
    seed: int
    created: bool
    dry_run: bool
    round: AuditRound | None = None
    planned: list[PlannedAudit] = field(default_factory=list)
    team_names: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.planned)

    def per_team(self) -> dict[str, int]:
        """Cases per team, every team listed (a team with no open case shows 0)."""
        counts = Counter(item.team_name for item in self.planned)
        return {name: counts.get(name, 0) for name in self.team_names}

    @property
    def needing_assignment(self) -> list[PlannedAudit]:
        return [
            item
            for item in self.planned
            if item.peer_auditor_pk is None or not item.team_manager_pk
        ]


def parse_period(text: str) -> date:
    """'2026-11' -> 1 November 2026."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError) as error:
        raise AuditError(f"'{text}' is not a month. Write it as YYYY-MM, e.g. 2026-11.") from error


def seed_for(period: date) -> int:
    """The draw's seed: fixed for a month, so a dry run and a re-draw give the same sample."""
    digest = hashlib.sha256(f"qaf-audit-sample-{period:%Y-%m}".encode()).hexdigest()
    return int(digest[:15], 16)


def months_before(period: date, months: int) -> date:
    return add_months(period, -months)


def cases_per_team(team: Team) -> int:
    size = getattr(team, "audit_sample_size", None)
    return size.cases_per_month if size else settings.QAF_AUDIT_CASES_PER_TEAM


def sample_month(*, period: date, by=None, dry_run: bool = False) -> SamplingResult:
    """Draw the whole-service sample for ``period``'s month, once.

    A second run, or a run at the same time in another worker, finds the first run's round and
    changes nothing. A dry run draws the same sample without saving or telling anyone.
    """
    period = period.replace(day=1)
    if dry_run:
        existing = AuditRound.objects.filter(period=period).first()
        if existing is not None:
            return _result_from_round(existing, created=False, dry_run=True)
        return _draw(period, dry_run=True)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    [_ADVISORY_LOCK_KEY, period.year * 100 + period.month],
                )
        existing = AuditRound.objects.select_for_update().filter(period=period).first()
        if existing is not None:
            return _result_from_round(existing, created=False, dry_run=False)
        result = _draw(period, dry_run=False)
        try:
            with transaction.atomic():
                audit_round = AuditRound.objects.create(
                    period=period,
                    seed=result.seed,
                    due_date=last_working_day(period.year, period.month),
                    sampled_by=by,
                )
        except IntegrityError:
            # Another run (without the PostgreSQL lock, e.g. on SQLite) got there first.
            return _result_from_round(
                AuditRound.objects.get(period=period), created=False, dry_run=False
            )
        # In bulk, with their history rows, so that the queries do not grow with the sample.
        bulk_create_with_history(
            [
                CaseAudit(
                    round=audit_round,
                    child_id=item.child_pk,
                    episode_id=item.episode_pk,
                    case_kind=item.case_kind,
                    team_id=item.team_pk,
                    social_worker_id=item.social_worker_pk,
                    team_manager_id=item.team_manager_pk,
                    peer_auditor_id=item.peer_auditor_pk,
                    assignment_note=item.note,
                    due_date=audit_round.due_date,
                )
                for item in result.planned
            ],
            CaseAudit,
            default_user=by,
            default_change_reason=f"Sampled in {period:%B %Y}",
        )
        result.round = audit_round
        result.created = True
        _tell_auditors(audit_round, result)
    return result


def _result_from_round(audit_round: AuditRound, *, created: bool, dry_run: bool) -> SamplingResult:
    audits = audit_round.case_audits.select_related("child", "team").order_by("team__name", "pk")
    return SamplingResult(
        period=audit_round.period,
        seed=audit_round.seed,
        created=created,
        dry_run=dry_run,
        round=audit_round,
        team_names=list(
            Team.objects.filter(awaiting_review=False)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        planned=[
            PlannedAudit(
                child_pk=audit.child_id,
                child_ref=audit.child.child_id,
                episode_pk=audit.episode_id,
                case_kind=audit.case_kind,
                team_pk=audit.team_id,
                team_name=audit.team.name,
                social_worker_pk=audit.social_worker_id,
                team_manager_pk=audit.team_manager_id,
                peer_auditor_pk=audit.peer_auditor_id,
                note=audit.assignment_note,
            )
            for audit in audits
        ],
    )


def _draw(period: date, *, dry_run: bool) -> SamplingResult:
    seed = seed_for(period)
    # Teams an import named that a QA officer has not yet recognised are not sampled.
    teams = list(
        Team.objects.filter(awaiting_review=False)
        .select_related("audit_sample_size")
        .order_by("name")
    )
    recently_audited = CaseAudit.objects.filter(
        round__period__gte=months_before(period, 12), round__period__lt=period
    ).values("child_id")
    team_names = {team.pk: team.name for team in teams}
    # Only the columns the draw needs: at tens of thousands of open cases whole rows cost seconds.
    episodes = (
        open_case_episodes()
        .filter(team__isnull=False)
        .exclude(child_id__in=recently_audited)
        .order_by("child__child_id", "-start_date", "-pk")
        .values_list("pk", "child_id", "team_id", "kind", "child__child_id", named=True)
    )
    # A child with two open episodes is one case: the latest episode says which team holds it.
    cases_by_team: dict[int, list] = defaultdict(list)
    seen_children: set[int] = set()
    for episode in episodes:
        if episode.child_id not in seen_children:
            seen_children.add(episode.child_id)
            cases_by_team[episode.team_id].append(episode)

    chosen = []
    for team in teams:
        # A seeded generator on purpose: the draw must be reproducible, not unpredictable.
        rng = random.Random(f"{seed}-team-{team.pk}")  # noqa: S311
        chosen.extend(_spread_over_case_types(cases_by_team[team.pk], cases_per_team(team), rng))

    workers = dict(
        Allocation.objects.filter(
            end_date__isnull=True, child_id__in=[e.child_id for e in chosen]
        ).values_list("child_id", "worker_id")
    )
    staffing = Staffing()
    peers, capacity = _peer_auditors(period)
    peer_rng = random.Random(f"{seed}-peers")  # noqa: S311
    # Ties in load are broken by a draw from the seed, so nobody is always first.
    tiebreak = {peer: peer_rng.random() for peer in sorted(peers)}
    load: Counter = Counter()

    planned = []
    for episode in chosen:
        worker = workers.get(episode.child_id)
        notes = []
        managers = [m for m in staffing.managers.get(episode.team_id, []) if m != worker]
        team_manager = managers[0] if managers else None
        if team_manager is None:
            notes.append(
                f"{team_names[episode.team_id]} has no team manager who can grade this case."
            )
        independence = Independence(
            team_members=frozenset(staffing.members.get(episode.team_id, ())),
            social_worker=worker,
            line_managers=frozenset(staffing.line_managers_of(worker)),
            team_manager=team_manager,
        )
        independent = [peer for peer in peers if independence.allows(peer)]
        free = [peer for peer in independent if load[peer] < capacity[peer]]
        peer = min(free, key=lambda p: (load[p], tiebreak[p])) if free else None
        if peer is not None:
            load[peer] += 1
        elif independent:
            notes.append(
                f"Every eligible peer auditor ({len(independent)}) is at their monthly capacity."
            )
        else:
            notes.append(
                "No peer auditor works outside this team and apart from the social worker and "
                "their line manager."
            )
        planned.append(
            PlannedAudit(
                child_pk=episode.child_id,
                child_ref=episode.child__child_id,
                episode_pk=episode.pk,
                case_kind=episode.kind,
                team_pk=episode.team_id,
                team_name=team_names[episode.team_id],
                social_worker_pk=worker,
                team_manager_pk=team_manager,
                peer_auditor_pk=peer,
                note=" ".join(notes),
            )
        )
    return SamplingResult(
        period=period,
        seed=seed,
        created=False,
        dry_run=dry_run,
        planned=planned,
        team_names=[team.name for team in teams],
    )


def _spread_over_case_types(episodes: list, wanted: int, rng: random.Random) -> list:
    """Take ``wanted`` cases at random, one case type at a time, so every type gets a turn."""
    by_kind: dict[str, list] = defaultdict(list)
    for episode in episodes:  # already in a fixed order (by child ID)
        by_kind[episode.kind].append(episode)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for kind in kinds:
        rng.shuffle(by_kind[kind])
    chosen: list = []
    while len(chosen) < wanted and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(chosen) < wanted:
                chosen.append(by_kind[kind].pop())
    return chosen


def _peer_auditors(period: date) -> tuple[list[int], dict[int, int]]:
    """Peer auditors and their capacity; anyone on leave in the month is left out."""
    away = availability.on_leave_in(period)
    peers = [
        peer
        for peer in get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PEER_AUDITOR.value)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
        if peer not in away
    ]
    overrides = dict(
        AuditorCapacity.objects.filter(auditor_id__in=peers).values_list(
            "auditor_id", "audits_per_month"
        )
    )
    default = settings.QAF_AUDIT_PEER_CAPACITY
    return peers, {peer: overrides.get(peer, default) for peer in peers}


def _tell_auditors(audit_round: AuditRound, result: SamplingResult) -> None:
    """One message per auditor listing their cases, and one to QA if some need a hand.

    The messages are written in bulk and emailed after the round commits, so the number of
    queries does not grow with the number of cases or auditors.
    """
    month = f"{audit_round.period:%B %Y}"
    due = f"{audit_round.due_date.day} {audit_round.due_date:%B %Y}"
    cases_of: dict[int, list[str]] = defaultdict(list)
    for item in result.planned:
        if item.team_manager_pk:
            cases_of[item.team_manager_pk].append(_case_line(item, "team manager"))
        if item.peer_auditor_pk:
            cases_of[item.peer_auditor_pk].append(_case_line(item, "peer auditor"))
    home = reverse("home")
    messages = [
        NotificationMessage(
            recipient_id=auditor_pk,
            subject=f"{len(lines)} case{'s' if len(lines) != 1 else ''} to audit by {due}",
            body=(
                f"The {month} audit round has started. Your cases:\n\n"
                + "\n".join(sorted(lines))
                + "\n\nOpen My work to start."
            ),
            url=home,
            dedupe_key=f"audits:round:{audit_round.period:%Y-%m}:assigned",
        )
        for auditor_pk, lines in cases_of.items()
    ]
    if result.needing_assignment:
        count = len(result.needing_assignment)
        url = reverse("audits:round", args=[audit_round.pk])
        qa_officer_pks = qa_officers().values_list("pk", flat=True)
        messages.extend(
            NotificationMessage(
                recipient_id=qa_officer,
                subject=f"{count} case{'s' if count != 1 else ''} in {month} need an auditor",
                body="The sampling rules could not assign every case. Assign them by hand.",
                url=url,
                dedupe_key=f"audits:round:{audit_round.period:%Y-%m}:unassigned",
            )
            for qa_officer in qa_officer_pks
        )
    notification_send_many(messages=messages)


def _case_line(item: PlannedAudit, role: str) -> str:
    """A case as a line of a message: its case-management ID only, never the child's name."""
    return f"- {item.child_ref}, {item.case_kind_label.lower()}, {item.team_name} (as {role})"


@transaction.atomic
def sampling_settings_update(
    *, by, cases_per_team: dict[Team, int], capacities: dict[object, int]
) -> None:
    """Set the number of cases sampled per team and each peer auditor's monthly capacity."""
    for team, number in cases_per_team.items():
        if not 0 <= number <= settings.QAF_AUDIT_MAX_CASES_PER_TEAM:
            raise AuditError(
                f"Cases a month for {team} must be between 0 and "
                f"{settings.QAF_AUDIT_MAX_CASES_PER_TEAM}."
            )
        row = TeamSampleSize.objects.filter(team=team).first() or TeamSampleSize(team=team)
        if row.pk is None or row.cases_per_month != number:
            row.cases_per_month = number
            history_stamp(row, by=by, reason="Sample size changed")
            row.save()
    for auditor, number in capacities.items():
        if not 0 <= number <= settings.QAF_AUDIT_MAX_PEER_CAPACITY:
            raise AuditError(
                f"Cases a month for {auditor} must be between 0 and "
                f"{settings.QAF_AUDIT_MAX_PEER_CAPACITY}."
            )
        row = AuditorCapacity.objects.filter(auditor=auditor).first() or AuditorCapacity(
            auditor=auditor
        )
        if row.pk is None or row.audits_per_month != number:
            row.audits_per_month = number
            history_stamp(row, by=by, reason="Capacity changed")
            row.save()
