"""Case events from a snapshot: every dated referral, assessment, conference, plan, review, visit
and placement a row gives, kept as its own record (casework.CaseEvent) for the practice KPIs.

An episode keeps a case's latest dates; events keep each one. Successive snapshots therefore
build the history: this month's file names the latest visit, last month's named the one before.

- Events are matched by child, kind, plan type and start date within the file's source, so
  importing the same snapshot again writes nothing. A value the file leaves blank never erases
  one already held (an end date, "seen alone", a code).
- Visits and reviews carry the plan type of the case they belong to (a CP visit, a looked-after
  review); a review of a child protection plan is a review conference (``rcpc``). Placements and
  conferences have no plan type.
- The allocation history is not touched here (allocations.py).
"""

import datetime as dt
from collections import Counter

from django.utils import timezone

from casework.models import CaseEvent, Episode

from .bulk import batches, insert_complete_rows
from .records import EpisodeRecord

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType

# The plan each kind of case is, for its plan, reviews and visits ("" when it is not a plan).
PLAN_OF_KIND = {
    Episode.Kind.CIN: PlanType.CIN,
    Episode.Kind.CP: PlanType.CP,
    Episode.Kind.CLA: PlanType.CLA,
    Episode.Kind.CARE_LEAVER: PlanType.PATHWAY,
}
SOURCE_OF_FAMILY = {"Annex A": CaseEvent.Source.ANNEX_A, "Case list": CaseEvent.Source.CASE_CSV}
EVENT_FIELDS = ("ended_on", "seen_alone", "detail", "episode_id")

# (kind, plan_type, started_on) -> [ended_on, seen_alone, detail]
EventKey = tuple[str, str, dt.date]


def events_of(record: EpisodeRecord) -> dict[EventKey, list]:
    """The events one row gives, by their key within the child."""
    found: dict[EventKey, list] = {}
    details = record.details

    def add(kind, plan_type, started_on, ended_on=None, seen_alone=None, detail=""):
        if started_on is None:
            return
        if ended_on is not None and ended_on < started_on:
            ended_on = None
        key = (kind, plan_type, started_on)
        held = found.get(key)
        if held is None:
            found[key] = [ended_on, seen_alone, detail]
        else:
            # Two columns of one row give the same event: keep what either says.
            held[0] = held[0] or ended_on
            held[1] = held[1] if held[1] is not None else seen_alone
            held[2] = held[2] or detail

    kind = record.kind
    start = record.start_date
    plan = PLAN_OF_KIND.get(kind, PlanType.NONE)
    if kind == Episode.Kind.REFERRAL:
        add(Kind.REFERRAL, "", start)
    elif kind == Episode.Kind.ASSESSMENT:
        add(Kind.ASSESSMENT, "", start, record.end_date)
    elif kind == Episode.Kind.SECTION_47:
        add(Kind.SECTION_47, "", start)
    if kind in (Episode.Kind.CIN, Episode.Kind.CP, Episode.Kind.CLA):
        add(
            Kind.PLAN,
            plan,
            details.get("plan_start_date") or start,
            record.end_date,
            detail=record.event_codes.get("abuse_category", ""),
        )
    add(Kind.PLAN, PlanType.PATHWAY, details.get("pathway_plan_date"))
    add(Kind.STRATEGY_DISCUSSION, "", details.get("strategy_discussion_date"))
    add(Kind.ICPC, "", details.get("icpc_date"))
    if plan:
        review = details.get("latest_review_date")
        if kind == Episode.Kind.CP:
            add(Kind.RCPC, plan, review)
        else:
            add(Kind.REVIEW, plan, review)
        visit = details.get("last_statutory_visit_date")
        seen_alone_on = details.get("last_seen_alone_date")
        seen_alone = record.seen_alone
        if seen_alone is None and seen_alone_on is not None and visit is not None:
            seen_alone = seen_alone_on == visit
        add(Kind.VISIT, plan, visit, seen_alone=seen_alone)
        if seen_alone_on is not None and seen_alone_on != visit:
            add(Kind.VISIT, plan, seen_alone_on, seen_alone=True)
    add(
        Kind.PLACEMENT,
        "",
        details.get("placement_start_date"),
        detail=record.event_codes.get("placement_type", ""),
    )
    return found


class EventsMixin:
    """The case-events step of a snapshot (see apply._Snapshot)."""

    def _events(self, children: dict[str, int], episode_keys: list[tuple | None]) -> Counter:
        """Create and complete the events the file gives; return how many of each kind."""
        source = SOURCE_OF_FAMILY[self.parsed.source_family]
        wanted: dict[tuple, list] = {}
        for record, episode_key in zip(self.parsed.episodes, episode_keys, strict=True):
            child_pk = children[record.child_id]
            for (kind, plan_type, started_on), values in events_of(record).items():
                key = (child_pk, kind, plan_type, started_on)
                held = wanted.get(key)
                if held is None:
                    wanted[key] = [*values, episode_key]
                else:
                    # Two rows give the same event (a visit on both the CIN and CP lists'
                    # dates is two events; the same strategy discussion on two rows is one).
                    held[0] = held[0] or values[0]
                    held[1] = held[1] if held[1] is not None else values[1]
                    held[2] = held[2] or values[2]
        if not wanted:
            return Counter()
        episodes = self._episode_pks(children, {value[3] for value in wanted.values()})

        held_events: dict[tuple, tuple] = {}
        for batch in batches(self.known_children):
            for pk, child_pk, kind, plan_type, started_on, *values in CaseEvent.objects.filter(
                child_id__in=batch, source=source
            ).values_list("pk", "child_id", "kind", "plan_type", "started_on", *EVENT_FIELDS):
                held_events[(child_pk, kind, plan_type, started_on)] = (pk, *values)

        now = timezone.now()
        new: list[tuple] = []
        changed: list[CaseEvent] = []
        changed_fields: set[str] = set()
        for key, (ended_on, seen_alone, detail, episode_key) in wanted.items():
            episode_pk = episodes.get(episode_key)
            held = held_events.get(key)
            if held is None:
                new.append((*key, ended_on, seen_alone, detail, episode_pk, source, now))
                continue
            pk, held_end, held_seen, held_detail, held_episode = held
            update = {}
            if ended_on is not None and ended_on != held_end:
                update["ended_on"] = ended_on
            if seen_alone is not None and seen_alone != held_seen:
                update["seen_alone"] = seen_alone
            if detail and detail != held_detail:
                update["detail"] = detail
            if episode_pk is not None and episode_pk != held_episode:
                update["episode_id"] = episode_pk
            if update:
                event = CaseEvent(
                    pk=pk,
                    ended_on=held_end,
                    seen_alone=held_seen,
                    detail=held_detail,
                    episode_id=held_episode,
                )
                for name, value in update.items():
                    setattr(event, name, value)
                changed.append(event)
                changed_fields.update(update)
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
            CaseEvent.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        self.counts["events_created"] = len(new)
        self.counts["events_updated"] = len(changed)
        return Counter(kind for _, kind, _, _ in wanted)

    def _episode_pks(self, children: dict[str, int], keys: set) -> dict[tuple, int]:
        """Episode primary keys by (child, kind, start), for the episodes the events belong to."""
        keys.discard(None)
        if not keys:
            return {}
        child_pks = sorted({key[0] for key in keys})
        found: dict[tuple, int] = {}
        for batch in batches(child_pks):
            for pk, *key in Episode.objects.filter(child_id__in=batch).values_list(
                "pk", "child_id", "kind", "start_date"
            ):
                found[tuple(key)] = pk
        return found
