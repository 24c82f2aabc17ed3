"""Writing a parsed snapshot into casework: one transaction, bulk operations keyed by ids.

The rules (docs/case-data-imports.md says them in plain words):

- Children are matched by their case-management ID, episodes by child, kind and start date.
  A value the file leaves blank never erases one already held.
- Teams and workers are matched by normalised name and created when new (staff.py).
- Allocations follow the worker each snapshot names; cases a complete snapshot no longer lists
  have closed (allocations.py).
- Importing the same snapshot again changes nothing.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from casework.models import CaseEvent, Child, Episode, Team

from .allocations import AllocationsMixin
from .bulk import IN_BATCH, batches, insert_rows
from .events import EventsMixin
from .records import EPISODE_DETAIL_FIELDS, EpisodeRecord, ParsedImport, Problem
from .review import review_dates
from .staff import StaffMixin, name_key

CHILD_FIELDS = ("display_name", "date_of_birth", "gender", "ethnicity", "disability")
_UNRECORDED = {"", None, Child.Gender.NOT_RECORDED, Child.Disability.NOT_RECORDED}


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


def _file_order(problem: Problem) -> tuple:
    """List 2 before List 10, then by row: the order a data officer reads the file in."""
    number = re.search(r"\d+", problem.sheet)
    return (int(number.group()) if number else 0, problem.sheet, problem.row or 0)


def _recorded(value) -> bool:
    return value not in _UNRECORDED


def _held_children(ids: list[str]) -> Iterator[tuple]:
    """The children already held with these IDs (and perhaps others), as value tuples."""
    fields = ("pk", "child_id", *CHILD_FIELDS)
    if Child.objects.count() <= 2 * len(ids):
        # The file covers much of the service: one read of every child beats many IN queries.
        yield from Child.objects.values_list(*fields).iterator(chunk_size=IN_BATCH)
        return
    for batch in batches(ids):
        yield from Child.objects.filter(child_id__in=batch).values_list(*fields)


class _Snapshot(StaffMixin, AllocationsMixin, EventsMixin):
    """One import's writes, step by step; the counts say what each step did."""

    def __init__(self, parsed: ParsedImport, as_at: dt.date, problems: list, notes: list):
        self.known_children: list[int] = []
        # The (child, kind, start) of each record's episode, in the order of parsed.episodes.
        self.episode_keys: list[tuple | None] = []
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
        events_by_kind = self._events(children, self.episode_keys)
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
            "events": {kind: events_by_kind[kind] for kind in CaseEvent.Kind.values},
            "events_created": self.counts["events_created"],
            "events_updated": self.counts["events_updated"],
            "teams": self.counts["teams"],
            "teams_created": self.counts["teams_created"],
            "workers": self.counts["workers"],
            "workers_created": self.counts["workers_created"],
            "allocations_opened": self.counts["allocations_opened"],
            "allocations_closed": self.counts["allocations_closed"],
        }

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
                for batch in batches(new):
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
        for batch in batches(self.known_children):
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
                self.episode_keys.append(key)
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
            self.episode_keys.append((held[1], held[2], held[3]))
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
