"""Allocation history from snapshots, and cases a complete snapshot no longer lists.

- The file names each child's allocated worker *as at* the snapshot date. A different worker from
  the one held closes the old allocation on that date and opens a new one from it.
- A worker named only on rows whose episode the file shows as ended is history, not the current
  worker: when the child has no open case in the file, the allocation closes on the last end date.
- A complete snapshot lists every open case, so an open case it does not list has closed: it ends
  on the snapshot date, and so does the child's allocation when no open case is left.
"""

import datetime as dt
from collections import defaultdict

from casework.models import Allocation, Episode

from .bulk import batches, insert_rows
from .records import EpisodeRecord, Problem
from .staff import name_key


class AllocationsMixin:
    """The allocation and closing steps of a snapshot (see apply._Snapshot)."""

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
        for batch in batches(self.known_children):
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
        for batch in batches([pk for pk, _ in closing]):
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
        for batch in batches(children):
            still_open.update(
                Episode.objects.filter(
                    child_id__in=batch, end_date__isnull=True, kind__in=Episode.CASE_KINDS
                ).values_list("child_id", flat=True)
            )
        without_case = [child_pk for child_pk in children if child_pk not in still_open]
        for batch in batches(without_case):
            self.counts["allocations_closed"] += Allocation.objects.filter(
                child_id__in=batch, end_date__isnull=True, start_date__lte=self.as_at
            ).update(end_date=self.as_at)
