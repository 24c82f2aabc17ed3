"""Writing a parsed snapshot into casework: one transaction, bulk operations keyed by ids.

The rules (docs/case-data-imports.md says them in plain words):

- Children are matched by their case-management ID, episodes by child, kind and start date.
  A value the file leaves blank never erases one already held.
- The file names each child's allocated worker *as at* the snapshot date. A different worker from
  the one held closes the old allocation on that date and opens a new one from it.
- A worker named only on rows whose episode the file shows as ended is history, not the current
  worker: when the child has no open case in the file, the allocation closes on the last end date.
- A complete snapshot lists every open case, so an open case it does not list has closed: it ends
  on the snapshot date, and so does the child's allocation when no open case is left.
- Importing the same snapshot again changes nothing.
"""

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from casework.models import Allocation, Child, Episode, ServiceArea, Team, TeamMembership
from qaf.models import normalise_name
from qaf.roles import Role, role_group

from .bulk import insert_rows
from .records import EPISODE_DETAIL_FIELDS, EpisodeRecord, ParsedImport, Problem
from .rows import KIND_LABELS

# Rows per IN (...) query; within every database's limit on query parameters.
BATCH = 5000
CHILD_FIELDS = ("display_name", "date_of_birth", "gender", "ethnicity", "disability")
_UNRECORDED = {"", None, Child.Gender.NOT_RECORDED, Child.Disability.NOT_RECORDED}
# Nine months: assessments and protection plans can rightly start before a child is born.
BEFORE_BIRTH_ALLOWANCE = dt.timedelta(days=280)
ADULT_AGE = {Episode.Kind.CARE_LEAVER: 26}
DEFAULT_ADULT_AGE = 18


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do)."""

    as_at: dt.date
    counts: dict
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Problem.REJECTED]

    @property
    def doubtful(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Problem.DOUBTFUL]


def case_import_apply(
    *, parsed: ParsedImport, as_at: dt.date, dry_run: bool = False
) -> ImportOutcome:
    """Write ``parsed`` as the snapshot at ``as_at``, all or nothing; roll back if ``dry_run``."""
    problems = [*parsed.problems, *review_dates(parsed, as_at)]
    notes = list(parsed.notes)
    with transaction.atomic():
        counts = _Snapshot(parsed, as_at, problems, notes).apply()
        if dry_run:
            transaction.set_rollback(True)
    problems.sort(key=_file_order)
    return ImportOutcome(
        as_at=as_at, counts=counts, problems=problems, notes=notes, dry_run=dry_run
    )


def review_dates(parsed: ParsedImport, as_at: dt.date) -> list[Problem]:
    """Dates that are readable but doubtful once the snapshot date is known."""
    found: list[Problem] = []
    for episode in parsed.episodes:
        child = parsed.children[episode.child_id]
        start_column = episode.headers.get("start_date", "start date")
        if episode.start_date and episode.start_date > as_at and not episode.start_derived:
            found.append(
                Problem(
                    Problem.DOUBTFUL,
                    episode.sheet,
                    episode.row,
                    start_column,
                    f"{episode.start_date:%d/%m/%Y} is after the snapshot date "
                    f"({as_at:%d/%m/%Y}); check the date",
                )
            )
        dob = child.date_of_birth
        if dob is None:
            continue
        if (
            episode.start_date
            and not episode.start_derived
            and episode.start_date < dob - BEFORE_BIRTH_ALLOWANCE
        ):
            found.append(
                Problem(
                    Problem.DOUBTFUL,
                    episode.sheet,
                    episode.row,
                    start_column,
                    f"{episode.start_date:%d/%m/%Y} is more than nine months before the child's "
                    f"date of birth ({dob:%d/%m/%Y}); one of the two is probably wrong",
                )
            )
        is_open = episode.end_date is None or episode.end_date > as_at
        if is_open and episode.kind in Episode.CASE_KINDS:
            age = _age(dob, as_at)
            limit = ADULT_AGE.get(episode.kind, DEFAULT_ADULT_AGE)
            if age >= limit:
                found.append(
                    Problem(
                        Problem.DOUBTFUL,
                        episode.sheet,
                        episode.row,
                        episode.headers.get("date_of_birth", "date of birth"),
                        f"the child is {age} at the snapshot date ({as_at:%d/%m/%Y}), too old "
                        f"for an open {KIND_LABELS[episode.kind].lower()} case; check the date "
                        "of birth or whether the case has closed",
                    )
                )
    return found


# Team and worker names recur on thousands of rows; each is normalised once.
name_key = functools.lru_cache(maxsize=65536)(normalise_name)


def _file_order(problem: Problem) -> tuple:
    """List 2 before List 10, then by row: the order a data officer reads the file in."""
    number = re.search(r"\d+", problem.sheet)
    return (int(number.group()) if number else 0, problem.sheet, problem.row or 0)


def _recorded(value) -> bool:
    return value not in _UNRECORDED


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _held_children(ids: list[str]) -> Iterator[tuple]:
    """The children already held with these IDs (and perhaps others), as value tuples."""
    fields = ("pk", "child_id", *CHILD_FIELDS)
    if Child.objects.count() <= 2 * len(ids):
        # The file covers much of the service: one read of every child beats many IN queries.
        yield from Child.objects.values_list(*fields).iterator(chunk_size=BATCH)
        return
    for batch in _batches(ids):
        yield from Child.objects.filter(child_id__in=batch).values_list(*fields)


def _batches(items: list) -> Iterator[list]:
    size = min(BATCH, (connection.features.max_query_params or BATCH) - 10)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Snapshot:
    def __init__(self, parsed: ParsedImport, as_at: dt.date, problems: list, notes: list):
        self.known_children: list[int] = []
        self.parsed = parsed
        self.as_at = as_at
        self.problems = problems
        self.notes = notes
        self.counts = Counter()

    def apply(self) -> dict:
        teams = self._teams()
        workers = self._workers(teams)
        children = self._children()
        in_file = self._episodes(children, teams)
        named = self._allocations(children, teams, workers)
        if self.parsed.complete_kinds:
            self._close_absent(in_file, named)
        episodes_by_kind = Counter(record.kind for record in self.parsed.episodes)
        return {
            "rows": self.parsed.rows_read,
            "rows_rejected": self.parsed.rows_rejected,
            "rows_doubtful": len(
                {
                    (problem.sheet, problem.row)
                    for problem in self.problems
                    if problem.severity == Problem.DOUBTFUL
                }
            ),
            "children": len(self.parsed.children),
            "children_created": self.counts["children_created"],
            "children_updated": self.counts["children_updated"],
            "episodes": {kind: episodes_by_kind[kind] for kind in Episode.Kind.values},
            "episodes_created": self.counts["episodes_created"],
            "episodes_updated": self.counts["episodes_updated"],
            "episodes_closed_not_in_file": self.counts["episodes_closed_not_in_file"],
            "teams": self.counts["teams"],
            "teams_created": self.counts["teams_created"],
            "workers": self.counts["workers"],
            "workers_created": self.counts["workers_created"],
            "allocations_opened": self.counts["allocations_opened"],
            "allocations_closed": self.counts["allocations_closed"],
        }

    # --- teams and workers ----------------------------------------------------------------

    def _teams(self) -> dict[str, Team]:
        """Teams by normalised name; those named in the file and not yet known are created."""
        named: dict[str, str] = {}
        for record in self.parsed.episodes:
            if record.team_name:
                named.setdefault(name_key(record.team_name), record.team_name)
        teams = {name_key(team.name): team for team in Team.objects.all()}
        new = [Team(name=named[key][:120]) for key in named if key not in teams]
        if new:
            area, _ = ServiceArea.objects.get_or_create(
                name=settings.CASEWORK_IMPORT_UNASSIGNED_AREA
            )
            for team in new:
                team.service_area = area
            Team.objects.bulk_create(new)
            teams.update({name_key(team.name): team for team in new})
            self.notes.append(
                f"{len(new)} new team{'s' if len(new) != 1 else ''} "
                f"{'were' if len(new) != 1 else 'was'} put in the service area "
                f"'{settings.CASEWORK_IMPORT_UNASSIGNED_AREA}'; move "
                f"{'them' if len(new) != 1 else 'it'} to the right one in the admin."
            )
        self.counts["teams"] = len(named)
        self.counts["teams_created"] = len(new)
        return teams

    def _workers(self, teams: dict[str, Team]) -> dict[str, object]:
        """Staff by normalised name; a worker the service does not know yet gets an account."""
        User = get_user_model()
        named: dict[str, str] = {}
        team_of: dict[str, Counter] = defaultdict(Counter)
        for record in self.parsed.episodes:
            if record.worker_name:
                key = name_key(record.worker_name)
                named.setdefault(key, record.worker_name)
                if record.team_name:
                    team_of[key][name_key(record.team_name)] += 1
        workers: dict[str, object] = {}
        names = list(named)
        for batch in _batches(names):
            for user in User.objects.filter(normalised_name__in=batch).order_by("-is_active", "pk"):
                if user.normalised_name in workers:
                    if user.is_active:
                        self.notes.append(
                            f"More than one account is named '{named[user.normalised_name]}'; "
                            f"cases were allocated to {workers[user.normalised_name].username}."
                        )
                    continue
                workers[user.normalised_name] = user
        missing = [key for key in names if key not in workers]
        if missing:
            taken = set(User.objects.values_list("username", flat=True))
            unusable = make_password(None)
            new_users = []
            for key in missing:
                full_name = named[key][:150]
                user = User(
                    username=_username(full_name, taken),
                    full_name=full_name,
                    normalised_name=key,
                    job_title="Social worker",
                    password=unusable,
                )
                new_users.append(user)
            User.objects.bulk_create(new_users)
            practitioner = role_group(Role.PRACTITIONER)
            role_link = User.groups.through
            role_link.objects.bulk_create(
                [role_link(user_id=user.pk, group_id=practitioner.pk) for user in new_users]
            )
            memberships = []
            for user in new_users:
                usual_team = team_of[user.normalised_name].most_common(1)
                if usual_team and usual_team[0][0] in teams:
                    memberships.append(
                        TeamMembership(
                            user=user,
                            team=teams[usual_team[0][0]],
                            role=TeamMembership.Role.PRACTITIONER,
                            start_date=self.as_at,
                        )
                    )
            TeamMembership.objects.bulk_create(memberships)
            workers.update({user.normalised_name: user for user in new_users})
        self.counts["workers"] = len(named)
        self.counts["workers_created"] = len(missing)
        return workers

    # --- children and episodes ------------------------------------------------------------

    def _children(self) -> dict[str, int]:
        """Child primary keys by case-management ID, creating and updating as the file says."""
        records = self.parsed.children
        ids = list(records)
        pks: dict[str, int] = {}
        changed: list[Child] = []
        for pk, child_id, *held in _held_children(ids):
            if child_id in records:
                pks[child_id] = pk
                record = records[child_id]
                update = {
                    name: value
                    for name, value in zip(CHILD_FIELDS, held, strict=True)
                    if _recorded(getattr(record, name)) and getattr(record, name) != value
                }
                if update:
                    child = Child(pk=pk, child_id=child_id)
                    for name, value in zip(CHILD_FIELDS, held, strict=True):
                        setattr(child, name, value)
                    for name in update:
                        setattr(child, name, getattr(record, name))
                    changed.append(child)
        now = timezone.now()
        new = [child_id for child_id in ids if child_id not in pks]
        insert_rows(
            Child,
            ("child_id", *CHILD_FIELDS, "created_at", "updated_at"),
            [
                (child_id, *(getattr(records[child_id], name) for name in CHILD_FIELDS), now, now)
                for child_id in new
            ],
        )
        for child in changed:
            child.updated_at = now
        Child.objects.bulk_update(changed, [*CHILD_FIELDS, "updated_at"], batch_size=500)
        created = set(new)
        if new:
            # The rows just inserted carry this transaction's timestamp: one query finds them.
            pks.update(
                (child_id, pk)
                for child_id, pk in Child.objects.filter(created_at=now).values_list(
                    "child_id", "pk"
                )
                if child_id in created
            )
            if len(created) > len(pks.keys() & created):
                for batch in _batches(new):
                    pks.update(
                        Child.objects.filter(child_id__in=batch).values_list("child_id", "pk")
                    )
        self.counts["children_created"] = len(new)
        self.counts["children_updated"] = len(changed)
        # Only children known before this import can have episodes or allocations to match.
        self.known_children = [pk for child_id, pk in pks.items() if child_id not in created]
        return pks

    def _episodes(self, children: dict[str, int], teams: dict[str, Team]) -> set[tuple]:
        """Create and update episodes; return the (child, kind, start) of every one in the file."""
        held_fields = ("pk", "child_id", "kind", "start_date", "end_date", "team_id")
        by_key: dict[tuple, tuple] = {}
        open_by_kind: dict[tuple, tuple] = {}
        for batch in _batches(self.known_children):
            for held in (
                Episode.objects.filter(child_id__in=batch)
                .order_by("start_date")
                .values_list(*held_fields, *EPISODE_DETAIL_FIELDS)
            ):
                by_key[(held[1], held[2], held[3])] = held
                if held[4] is None:
                    open_by_kind[(held[1], held[2])] = held

        new: list[tuple] = []
        changed: list[Episode] = []
        changed_fields: set[str] = set()
        in_file: set[tuple] = set()
        for record in self.parsed.episodes:
            child_pk = children[record.child_id]
            team = teams.get(name_key(record.team_name)) if record.team_name else None
            held = None
            if record.start_derived:
                # No start date in the file: the open episode of this kind is this one.
                held = open_by_kind.get((child_pk, record.kind))
                if record.start_date is None or record.start_date > self.as_at:
                    record.start_date = self.as_at
            if held is None:
                held = by_key.get((child_pk, record.kind, record.start_date))
            if held is None:
                key = (child_pk, record.kind, record.start_date)
                if key not in in_file:
                    in_file.add(key)
                    new.append(
                        (
                            child_pk,
                            record.kind,
                            team.pk if team else None,
                            record.start_date,
                            record.end_date,
                            record.source_reference,
                            *(record.details.get(name) for name in EPISODE_DETAIL_FIELDS),
                        )
                    )
                continue
            in_file.add((held[1], held[2], held[3]))
            update = self._episode_changes(held, record, team)
            if update:
                episode = Episode(
                    **dict(zip((*held_fields, *EPISODE_DETAIL_FIELDS), held, strict=True))
                )
                for name, value in update.items():
                    setattr(episode, name, value)
                changed.append(episode)
                changed_fields.update(update)
        insert_rows(
            Episode,
            (
                "child_id",
                "kind",
                "team_id",
                "start_date",
                "end_date",
                "source_reference",
                *EPISODE_DETAIL_FIELDS,
            ),
            new,
        )
        if changed:
            Episode.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        self.counts["episodes_created"] = len(new)
        self.counts["episodes_updated"] = len(changed)
        return in_file

    def _episode_changes(self, held: tuple, record: EpisodeRecord, team) -> dict:
        _, _, _, start_date, end_date, team_id, *details = held
        update = {}
        if team is not None and team_id != team.pk:
            update["team_id"] = team.pk
        if (
            record.end_date is not None
            and end_date != record.end_date
            and record.end_date >= start_date
        ):
            update["end_date"] = record.end_date
        for name, value in zip(EPISODE_DETAIL_FIELDS, details, strict=True):
            new_value = record.details.get(name)
            if new_value is not None and new_value != value:
                update[name] = new_value
        return update

    # --- allocations ----------------------------------------------------------------------

    def _allocations(self, children, teams, workers) -> set[int]:
        """Open, close or keep each child's allocation; return the children given a worker."""
        rows_by_child: dict[str, list[EpisodeRecord]] = defaultdict(list)
        open_case_in_file: set[str] = set()
        for record in self.parsed.episodes:
            if record.worker_name:
                rows_by_child[record.child_id].append(record)
            if record.kind in Episode.CASE_KINDS and (
                record.end_date is None or record.end_date > self.as_at
            ):
                open_case_in_file.add(record.child_id)

        current: dict[int, Allocation] = {}
        for batch in _batches(self.known_children):
            current.update(
                (allocation.child_id, allocation)
                for allocation in Allocation.objects.filter(
                    child_id__in=batch, end_date__isnull=True
                )
            )

        to_open: list[tuple] = []
        to_close: list[Allocation] = []
        to_change: list[Allocation] = []
        named: set[int] = set()
        for child_id, rows in rows_by_child.items():
            child_pk = children[child_id]
            rows.sort(
                key=lambda row: (
                    not row.ended_in_file,
                    row.precedence,
                    row.start_date or dt.date.min,
                ),
                reverse=True,
            )
            chosen = rows[0]
            allocation = current.get(child_pk)
            if chosen.ended_in_file:
                # Every row naming a worker is about an ended episode: the case has closed.
                if allocation is not None and child_id not in open_case_in_file:
                    closed_on = max(row.end_date for row in rows if row.end_date)
                    allocation.end_date = min(max(closed_on, allocation.start_date), self.as_at)
                    if allocation.start_date <= self.as_at:
                        to_close.append(allocation)
                continue
            self._report_other_workers(chosen, rows)
            worker = workers[name_key(chosen.worker_name)]
            team = teams.get(name_key(chosen.team_name)) if chosen.team_name else None
            named.add(child_pk)
            if allocation is None:
                to_open.append((child_pk, worker, team))
            elif allocation.worker_id == worker.pk:
                if team is not None and allocation.team_id != team.pk:
                    allocation.team = team
                    to_change.append(allocation)
            elif allocation.start_date > self.as_at:
                self.problems.append(
                    Problem(
                        Problem.DOUBTFUL,
                        chosen.sheet,
                        chosen.row,
                        chosen.headers.get("worker", "worker"),
                        f"the allocation held from {allocation.start_date:%d/%m/%Y} is newer "
                        "than this snapshot, so it was left as it is",
                    )
                )
            elif allocation.start_date == self.as_at:
                # Opened by an earlier import of this same snapshot date: a correction.
                allocation.worker = worker
                allocation.team = team
                to_change.append(allocation)
                self.counts["allocations_opened"] += 1
            else:
                allocation.end_date = self.as_at
                to_close.append(allocation)
                to_open.append((child_pk, worker, team))

        # Close before opening: a child has at most one open allocation at a time.
        Allocation.objects.bulk_update(to_close, ["end_date"], batch_size=500)
        Allocation.objects.bulk_update(to_change, ["worker", "team"], batch_size=500)
        insert_rows(
            Allocation,
            ("child_id", "worker_id", "team_id", "start_date"),
            [
                (child_pk, worker.pk, team.pk if team else None, self.as_at)
                for child_pk, worker, team in to_open
            ],
        )
        self.counts["allocations_opened"] += len(to_open)
        self.counts["allocations_closed"] += len(to_close)
        return named

    def _report_other_workers(self, chosen: EpisodeRecord, rows: list[EpisodeRecord]) -> None:
        chosen_key = name_key(chosen.worker_name)
        for row in rows[1:]:
            if row.ended_in_file or name_key(row.worker_name) == chosen_key:
                continue
            self.problems.append(
                Problem(
                    Problem.DOUBTFUL,
                    row.sheet,
                    row.row,
                    row.headers.get("worker", "worker"),
                    f"names {row.worker_name}, but {chosen.sheet} row {chosen.row} names "
                    f"{chosen.worker_name}; the child was allocated to {chosen.worker_name}",
                )
            )

    # --- cases the snapshot no longer lists -----------------------------------------------

    def _close_absent(self, in_file: set[tuple], named: set[int]) -> None:
        kinds = [kind for kind in Episode.CASE_KINDS if kind in self.parsed.complete_kinds]
        candidates = Episode.objects.filter(
            end_date__isnull=True,
            kind__in=kinds,
            source_reference__startswith=self.parsed.source_family,
            start_date__lte=self.as_at,
        ).values_list("pk", "child_id", "kind", "start_date")
        closing = [
            (pk, child_pk)
            for pk, child_pk, kind, start_date in candidates
            if (child_pk, kind, start_date) not in in_file
        ]
        if not closing:
            return
        for batch in _batches([pk for pk, _ in closing]):
            Episode.objects.filter(pk__in=batch).update(end_date=self.as_at)
        self.counts["episodes_closed_not_in_file"] = len(closing)
        self.notes.append(
            f"{len(closing)} open case{'s' if len(closing) != 1 else ''} from earlier imports "
            f"{'are' if len(closing) != 1 else 'is'} not in this file, so "
            f"{'they were' if len(closing) != 1 else 'it was'} closed as at "
            f"{self.as_at:%d/%m/%Y}."
        )
        children = sorted({child_pk for _, child_pk in closing} - named)
        still_open = set()
        for batch in _batches(children):
            still_open.update(
                Episode.objects.filter(
                    child_id__in=batch, end_date__isnull=True, kind__in=Episode.CASE_KINDS
                ).values_list("child_id", flat=True)
            )
        without_case = [child_pk for child_pk in children if child_pk not in still_open]
        for batch in _batches(without_case):
            self.counts["allocations_closed"] += Allocation.objects.filter(
                child_id__in=batch, end_date__isnull=True, start_date__lte=self.as_at
            ).update(end_date=self.as_at)


_NOT_USERNAME = re.compile(r"[^a-z0-9.]+")


def _username(full_name: str, taken: set[str]) -> str:
    """A readable, unique username such as 'dustin.hazlett' (or 'dustin.hazlett.2')."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    base = _NOT_USERNAME.sub(".", ascii_name.casefold()).strip(".")[:140] or "worker"
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}.{number}"
    taken.add(username)
    return username
