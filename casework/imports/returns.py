"""Writing a parsed statutory return (SSDA903 or CIN census) as case events: one transaction.

The rules, shared by both returns:

- Children are matched to those held by their child identifier. A child the return's own
  child table names but the service does not hold yet is added, with the return's date of
  birth, sex and ethnicity; a value already held is never overwritten by the return.
- A row for a child the child table does not name is still read when the service holds the
  child (reported as doubtful); otherwise it is rejected, with its table and row.
- Every episode, placement, legal status, review, missing episode, social worker episode,
  referral, assessment, section 47, conference and plan is a ``CaseEvent`` of the return's
  source, matched by child, kind, plan type and start date: importing the same return again
  writes nothing. The events stay beside the case data (the practice KPIs read the case data
  only); the cross-check pages compare the two.
- Allocation history is not touched: social worker episodes are events of their own.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from casework.models import CaseEvent, Child

from .apply import ImportOutcome
from .bulk import batches, insert_complete_rows
from .records import ChildRecord, Problem

_UNRECORDED = {"", None, Child.Gender.NOT_RECORDED, Child.Disability.NOT_RECORDED}
CHILD_FIELDS = ("date_of_birth", "gender", "ethnicity", "disability")


@dataclass(slots=True)
class ReturnEvent:
    """One event a return gives, with the table and row it came from."""

    child_id: str
    kind: str
    plan_type: str
    started_on: dt.date
    ended_on: dt.date | None
    detail: str
    table: str
    row: int


@dataclass
class ParsedReturn:
    """Everything read from one return, before anything is written."""

    source: str  # CaseEvent.Source (the same value as ImportRun.Source)
    year: int
    child_table: str  # the table that names the children: 'header' or 'Child'
    children: dict[str, ChildRecord]
    events: list[ReturnEvent]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 3, 31)


def return_apply(*, parsed: ParsedReturn, dry_run: bool = False) -> ImportOutcome:
    """Write ``parsed``, all or nothing; roll back if ``dry_run``."""
    problems = list(parsed.problems)
    with transaction.atomic():
        counts = _apply(parsed, problems)
        if dry_run:
            transaction.set_rollback(True)
    problems.sort(key=lambda problem: (problem.sheet, problem.row or 0))
    return ImportOutcome(
        as_at=parsed.year_end,
        counts=counts,
        problems=problems,
        notes=list(parsed.notes),
        dry_run=dry_run,
    )


def _apply(parsed: ParsedReturn, problems: list[Problem]) -> dict:
    counts = dict(parsed.counts)
    wanted_ids = sorted(set(parsed.children) | {event.child_id for event in parsed.events})
    held: dict[str, tuple] = {}
    for batch in batches(wanted_ids):
        for row in Child.objects.filter(child_id__in=batch).values_list(
            "child_id", "pk", *CHILD_FIELDS
        ):
            held[row[0]] = row[1:]
    children = {child_id: values[0] for child_id, values in held.items()}

    created = _create_children(parsed, held, children)
    counts["children_updated"] = _fill_in_children(parsed, held)
    counts["children_created"] = created
    counts["children"] = len(parsed.children)

    # Rows for children the child table does not name.
    unnamed: dict[str, tuple[str, int]] = {}
    for event in parsed.events:
        if event.child_id not in parsed.children and event.child_id not in unnamed:
            unnamed[event.child_id] = (event.table, event.row)
    for child_id, (table, row) in unnamed.items():
        if child_id in children:
            problems.append(
                Problem(
                    Problem.DOUBTFUL,
                    table,
                    row,
                    "CHILD",
                    f"child {child_id} is not in the {parsed.child_table} table; the rows were "
                    "matched to the child the service already holds",
                )
            )
        else:
            problems.append(
                Problem(
                    Problem.REJECTED,
                    table,
                    row,
                    "CHILD",
                    f"child {child_id} is not in the {parsed.child_table} table and the service "
                    "holds no child with this identifier; this child's rows were not imported",
                )
            )
    events = [event for event in parsed.events if event.child_id in children]
    counts["rows_rejected_unknown_child"] = len(parsed.events) - len(events)
    created_events, updated_events, by_kind = _write_events(parsed.source, events, children)
    counts["events_created"] = created_events
    counts["events_updated"] = updated_events
    counts["events"] = dict(sorted(by_kind.items()))
    counts["rejected"] = sum(1 for problem in problems if problem.severity == Problem.REJECTED)
    return counts


def _create_children(parsed: ParsedReturn, held: dict, children: dict) -> int:
    new = [record for child_id, record in parsed.children.items() if child_id not in held]
    if not new:
        return 0
    Child.objects.bulk_create(
        [
            Child(
                child_id=record.child_id,
                date_of_birth=record.date_of_birth,
                gender=record.gender,
                ethnicity=record.ethnicity,
                disability=record.disability,
            )
            for record in new
        ],
        batch_size=2000,
    )
    for batch in batches([record.child_id for record in new]):
        children.update(Child.objects.filter(child_id__in=batch).values_list("child_id", "pk"))
    return len(new)


def _fill_in_children(parsed: ParsedReturn, held: dict) -> int:
    """Give held children the values the return has and the service did not record."""
    changed = []
    touched: set[str] = set()
    for child_id, values in held.items():
        record = parsed.children.get(child_id)
        if record is None:
            continue
        pk, *current = values
        update = {
            name: getattr(record, name)
            for name, value in zip(CHILD_FIELDS, current, strict=True)
            if value in _UNRECORDED and getattr(record, name) not in _UNRECORDED
        }
        if update:
            child = Child(pk=pk, **dict(zip(CHILD_FIELDS, current, strict=True)))
            for name, value in update.items():
                setattr(child, name, value)
            changed.append(child)
            touched.update(update)
    if changed:
        Child.objects.bulk_update(changed, sorted(touched), batch_size=500)
    return len(changed)


def _write_events(source: str, events: list[ReturnEvent], children: dict) -> tuple:
    wanted: dict[tuple, list] = {}
    for event in events:
        key = (children[event.child_id], event.kind, event.plan_type, event.started_on)
        held = wanted.get(key)
        if held is None:
            wanted[key] = [event.ended_on, event.detail]
        else:
            held[0] = held[0] or event.ended_on
            held[1] = held[1] or event.detail
    held_events: dict[tuple, tuple] = {}
    for batch in batches(sorted({key[0] for key in wanted})):
        for pk, child_pk, kind, plan_type, started_on, ended_on, detail in CaseEvent.objects.filter(
            child_id__in=batch, source=source
        ).values_list("pk", "child_id", "kind", "plan_type", "started_on", "ended_on", "detail"):
            held_events[(child_pk, kind, plan_type, started_on)] = (pk, ended_on, detail)
    now = timezone.now()
    new, changed = [], []
    for key, (ended_on, detail) in wanted.items():
        held = held_events.get(key)
        if held is None:
            new.append((*key, ended_on, None, detail, None, source, now))
            continue
        pk, held_end, held_detail = held
        if (ended_on is not None and ended_on != held_end) or (detail and detail != held_detail):
            changed.append(
                CaseEvent(pk=pk, ended_on=ended_on or held_end, detail=detail or held_detail)
            )
    insert_complete_rows(
        CaseEvent,
        (
            "child_id",
            "kind",
            "plan_type",
            "started_on",
            "ended_on",
            "seen_alone",
            "detail",
            "episode_id",
            "source",
            "created_at",
        ),
        new,
    )
    if changed:
        CaseEvent.objects.bulk_update(changed, ["ended_on", "detail"], batch_size=500)
    return len(new), len(changed), Counter(kind for _, kind, _, _ in wanted)
