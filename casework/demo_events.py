"""Two years of case history for the demo children, as case events.

Every demo child's episodes get the dated events a case-management system would hold: the
referral and assessment that opened the case (most assessments authorised within 45 working
days, some later), strategy discussions and initial conferences (most within 15 working days),
plans with their reviews and statutory visits (the child seen alone mostly), placements for
looked-after children (a few moved three or more times in a year), re-referrals and second child
protection plans. Dates follow the calendar and are never after today. The episode's latest dates
are set from its events, so the case page and the history agree.
"""

import random
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from qaf.workdays import add_months, add_working_days

from .imports.bulk import insert_complete_rows
from .models import CaseEvent, Child, Episode

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType
HISTORY_DAYS = 2 * 365
PLACEMENT_TYPES = ("U1", "U3", "U4", "U5", "U6", "R1", "H5", "K2")
PLAN_OF_KIND = {
    Episode.Kind.CIN: PlanType.CIN,
    Episode.Kind.CP: PlanType.CP,
    Episode.Kind.CLA: PlanType.CLA,
    Episode.Kind.CARE_LEAVER: PlanType.PATHWAY,
}
# How often each kind of case is visited, in calendar days: (usual gap, longest usual gap).
VISIT_GAPS = {
    Episode.Kind.CP: (7, 14),
    Episode.Kind.CIN: (20, 45),
    Episode.Kind.CLA: (28, 42),
    Episode.Kind.CARE_LEAVER: (40, 60),
}
EPISODE_DATES = (
    "assessment_authorised_date",
    "strategy_discussion_date",
    "icpc_date",
    "latest_review_date",
    "last_statutory_visit_date",
    "last_seen_alone_date",
)


def seed_case_events(*, today: date, rng: random.Random, prefix: str) -> int:
    """Create the demo children's case history once; return how many events were created."""
    if CaseEvent.objects.filter(source=CaseEvent.Source.DEMO).exists():
        return 0
    demo_children = Child.objects.filter(child_id__startswith=prefix).order_by("pk")
    children = {child.pk: child for child in demo_children}
    episodes: dict[int, list[Episode]] = {pk: [] for pk in children}
    for episode in Episode.objects.filter(child__in=children.keys()).order_by("start_date", "pk"):
        episodes[episode.child_id].append(episode)

    history = _History(today, rng)
    for pk, child in children.items():
        history.child(child, episodes[pk])
    _insert(history.events)
    _update_episodes(history.changed)
    return len(history.events)


EVENT_COLUMNS = (
    "child_id",
    "episode_id",
    "kind",
    "plan_type",
    "started_on",
    "ended_on",
    "seen_alone",
    "detail",
    "source",
    "created_at",
)


def _insert(events: list[CaseEvent]) -> None:
    """The events in one statement (COPY on PostgreSQL): bulk_create prepares each value on its
    own, which costs seconds for a demo's ten thousand events."""
    now = timezone.now()
    insert_complete_rows(
        CaseEvent,
        EVENT_COLUMNS,
        [
            [now if name == "created_at" else getattr(event, name) for name in EVENT_COLUMNS]
            for event in events
        ],
    )


def _prepared(obj, field):
    return field.get_db_prep_save(getattr(obj, field.attname), connection)


def _update_episodes(episodes: list[Episode]) -> None:
    """Set each episode's latest dates from its events, in one prepared statement."""
    fields = [Episode._meta.get_field(name) for name in EPISODE_DATES]
    quote = connection.ops.quote_name
    statement = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(Episode._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(Episode._meta.pk.column),
    )
    rows = [
        [
            *(
                field.get_db_prep_save(getattr(episode, field.attname), connection)
                for field in fields
            ),
            episode.pk,
        ]
        for episode in episodes
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


class _History:
    def __init__(self, today: date, rng: random.Random):
        self.today = today
        self.rng = rng
        self.since = today - timedelta(days=HISTORY_DAYS)
        self.events: list[CaseEvent] = []
        self.changed: list[Episode] = []
        self._keys: set[tuple] = set()

    def add(self, child, kind, started_on, *, plan_type="", ended_on=None, episode=None, **extra):
        """One event, if it is not in the future and not already there; return it or None."""
        if started_on > self.today:
            return None
        if ended_on is not None and (ended_on > self.today or ended_on < started_on):
            ended_on = None
        key = (child.pk, kind, plan_type, started_on)
        if key in self._keys:
            return None
        self._keys.add(key)
        event = CaseEvent(
            child=child,
            episode=episode,
            kind=kind,
            plan_type=plan_type,
            started_on=started_on,
            ended_on=ended_on,
            source=CaseEvent.Source.DEMO,
            **extra,
        )
        self.events.append(event)
        return event

    # --- timescales -------------------------------------------------------------------------

    def assessment_days(self) -> int:
        """Working days to authorise an assessment: most within 45, some well over."""
        if self.rng.random() < 0.82:
            return self.rng.randint(8, 45)
        return self.rng.randint(46, 75)

    def icpc_days(self) -> int:
        """Working days from the strategy discussion to the initial conference."""
        if self.rng.random() < 0.8:
            return self.rng.randint(6, 15)
        return self.rng.randint(16, 26)

    # --- one child --------------------------------------------------------------------------

    def child(self, child: Child, episodes: list[Episode]) -> None:
        rng = self.rng
        case = next(
            (episode for episode in reversed(episodes) if episode.kind in PLAN_OF_KIND),
            None,
        )
        assessments = [e for e in episodes if e.kind == Episode.Kind.ASSESSMENT]
        for assessment in assessments:
            self.assessment(child, assessment)
        first = min((episode.start_date for episode in episodes), default=None)
        if first is None:
            return
        if case is not None and not assessments and case.kind != Episode.Kind.CARE_LEAVER:
            # The referral and assessment that opened the case, before the episode held here.
            referral = case.start_date - timedelta(days=rng.randint(30, 60))
            self.add(child, Kind.REFERRAL, referral)
            start = add_working_days(referral, rng.randint(0, 2))
            self.add(
                child,
                Kind.ASSESSMENT,
                start,
                ended_on=add_working_days(start, self.assessment_days()),
            )
            first = referral
        # Re-referrals: a referral within the year before this one (a third of them); an older
        # one for some more. Each was assessed and closed.
        draw = rng.random()
        if draw < 0.22:
            self.earlier_referral(child, first - timedelta(days=rng.randint(60, 330)))
        elif draw < 0.32:
            self.earlier_referral(child, first - timedelta(days=rng.randint(400, 700)))
        if case is None:
            return
        if case.kind == Episode.Kind.CP:
            self.child_protection(child, case)
        elif case.kind == Episode.Kind.CIN:
            self.child_in_need(child, case)
        elif case.kind == Episode.Kind.CLA:
            self.looked_after(child, case)
        elif case.kind == Episode.Kind.CARE_LEAVER:
            self.care_leaver(child, case)
        self.changed.append(case)

    def earlier_referral(self, child, referral: date) -> None:
        self.add(child, Kind.REFERRAL, referral)
        start = add_working_days(referral, self.rng.randint(0, 3))
        self.add(
            child, Kind.ASSESSMENT, start, ended_on=add_working_days(start, self.rng.randint(5, 30))
        )

    def assessment(self, child, episode: Episode) -> None:
        rng = self.rng
        self.add(child, Kind.REFERRAL, episode.start_date - timedelta(days=rng.randint(0, 3)))
        authorised = add_working_days(episode.start_date, self.assessment_days())
        if authorised > self.today or (
            episode.end_date is None and rng.random() < 0.1 and authorised > self.since
        ):
            authorised = None  # still being assessed
        self.add(child, Kind.ASSESSMENT, episode.start_date, ended_on=authorised, episode=episode)
        episode.assessment_authorised_date = authorised
        self.changed.append(episode)

    def child_protection(self, child, episode: Episode) -> None:
        rng = self.rng
        if rng.random() < 0.18:
            # A second plan: an earlier one ended between four months and two years before.
            previous_end = episode.start_date - timedelta(days=rng.randint(120, 700))
            previous_start = previous_end - timedelta(days=rng.randint(150, 450))
            strategy = add_working_days(previous_start, -self.icpc_days())
            self.add(child, Kind.STRATEGY_DISCUSSION, strategy)
            self.add(child, Kind.SECTION_47, strategy)
            self.add(child, Kind.ICPC, previous_start)
            self.add(
                child,
                Kind.PLAN,
                previous_start,
                plan_type=PlanType.CP,
                ended_on=previous_end,
                detail=rng.choice(("Neglect", "Emotional abuse", "Physical abuse")),
            )
        icpc = episode.plan_start_date or episode.start_date
        strategy = add_working_days(icpc, -self.icpc_days())
        self.add(child, Kind.STRATEGY_DISCUSSION, strategy, episode=episode)
        self.add(child, Kind.SECTION_47, strategy, episode=episode)
        self.add(child, Kind.ICPC, icpc, episode=episode)
        self.add(
            child,
            Kind.PLAN,
            icpc,
            plan_type=PlanType.CP,
            ended_on=episode.end_date,
            episode=episode,
            detail=rng.choice(("Neglect", "Neglect", "Emotional abuse", "Physical abuse")),
        )
        episode.strategy_discussion_date = strategy
        episode.icpc_date = icpc
        # Reviews: the first within three months of the conference, then every six months.
        self.reviews(child, episode, icpc, Kind.RCPC, PlanType.CP, first_months=3)
        self.visits(child, episode, icpc, PlanType.CP)

    def child_in_need(self, child, episode: Episode) -> None:
        rng = self.rng
        start = episode.plan_start_date or episode.start_date
        end = episode.end_date
        self.add(child, Kind.PLAN, start, plan_type=PlanType.CIN, ended_on=end, episode=episode)
        if rng.random() < 0.2:
            # A strategy discussion and enquiry during the plan that did not lead to a conference.
            span = max(1, (min(episode.end_date or self.today, self.today) - start).days)
            strategy = start + timedelta(days=rng.randint(0, span))
            self.add(child, Kind.STRATEGY_DISCUSSION, strategy, episode=episode)
            self.add(child, Kind.SECTION_47, strategy, episode=episode)
        self.reviews(child, episode, start, Kind.REVIEW, PlanType.CIN, first_months=3)
        self.visits(child, episode, start, PlanType.CIN)

    def looked_after(self, child, episode: Episode) -> None:
        rng = self.rng
        start = episode.start_date
        end = episode.end_date
        self.add(child, Kind.PLAN, start, plan_type=PlanType.CLA, ended_on=end, episode=episode)
        self.placements(child, episode)
        if rng.random() < 0.1:
            # Missing from placement, a few times, for a day or two each.
            stop = min(episode.end_date or self.today, self.today)
            for _ in range(rng.randint(1, 3)):
                day = stop - timedelta(days=rng.randint(5, 300))
                if day >= start:
                    self.add(
                        child,
                        Kind.MISSING,
                        day,
                        ended_on=day + timedelta(days=rng.randint(0, 2)),
                        episode=episode,
                    )
        # Reviews: within 20 working days, three months later, then every six months.
        first = add_working_days(start, rng.randint(10, 20) if rng.random() < 0.85 else 28)
        if self.add(child, Kind.REVIEW, first, plan_type=PlanType.CLA, episode=episode):
            episode.latest_review_date = first
        self.reviews(child, episode, first, Kind.REVIEW, PlanType.CLA, first_months=3)
        self.visits(child, episode, start, PlanType.CLA)

    def care_leaver(self, child, episode: Episode) -> None:
        start = episode.start_date
        self.add(child, Kind.PLAN, start, plan_type=PlanType.PATHWAY, episode=episode)
        self.reviews(child, episode, start, Kind.REVIEW, PlanType.PATHWAY, first_months=6)
        self.visits(child, episode, start, PlanType.PATHWAY)

    # --- series -------------------------------------------------------------------------

    def stop(self, episode: Episode) -> date:
        return min(episode.end_date or self.today, self.today)

    def reviews(self, child, episode, start, kind, plan_type, *, first_months) -> None:
        """Reviews on time mostly (a few days early), some late by one to five weeks."""
        rng = self.rng
        stop = self.stop(episode)
        due = add_months(start, first_months)
        latest = None
        while due <= stop:
            held = due - timedelta(days=rng.randint(0, 10))
            if rng.random() < 0.14:
                held = due + timedelta(days=rng.randint(7, 35))
            if held > stop:
                break
            if held >= self.since - timedelta(days=200):
                self.add(child, kind, held, plan_type=plan_type, episode=episode)
            latest = held
            due = add_months(held, 6)
        if latest is not None:
            episode.latest_review_date = latest

    def visits(self, child, episode, start, plan_type) -> None:
        """Statutory visits at the kind of case's usual gap, now and then late."""
        rng = self.rng
        usual, longest = VISIT_GAPS[episode.kind]
        stop = self.stop(episode)
        young = child.date_of_birth is not None and (stop - child.date_of_birth).days < 2 * 365
        day = start + timedelta(days=rng.randint(2, usual))
        last = last_alone = None
        while day <= stop:
            if day >= self.since:
                seen_alone = not young and rng.random() < 0.82
                if self.add(
                    child,
                    Kind.VISIT,
                    day,
                    plan_type=plan_type,
                    episode=episode,
                    seen_alone=seen_alone,
                ):
                    last = day
                    if seen_alone:
                        last_alone = day
            gap = rng.randint(usual, longest)
            if rng.random() < 0.1:
                gap = rng.randint(longest + 1, longest * 2)
            day += timedelta(days=gap)
        if last is not None:
            episode.last_statutory_visit_date = last
        if last_alone is not None:
            episode.last_seen_alone_date = last_alone

    def placements(self, child, episode: Episode) -> None:
        """The first placement when care began, then the moves the episode counts in the year."""
        rng = self.rng
        stop = self.stop(episode)
        moves = max(0, (episode.placements_last_12_months or 1) - 1)
        window = max(episode.start_date, stop - timedelta(days=364))
        days = sorted(
            {
                window + timedelta(days=rng.randint(1, max(1, (stop - window).days)))
                for _ in range(moves)
            }
        )
        starts = [episode.start_date, *(day for day in days if episode.start_date < day <= stop)]
        for index, started_on in enumerate(starts):
            ended_on = starts[index + 1] if index + 1 < len(starts) else episode.end_date
            self.add(
                child,
                Kind.PLACEMENT,
                started_on,
                ended_on=ended_on,
                episode=episode,
                detail=rng.choice(PLACEMENT_TYPES),
            )
