"""The statutory returns beside the case data: the same KPIs worked out from each, for one
collection year (1 April to 31 March), with the difference and the children behind it.

A return's figures come from its own events (the SSDA903's periods of care, placements,
reviews and social worker episodes; the CIN census's referrals, assessments and plans). The
case data's come from the Annex A workbook and the CSV case list: their events, looked-after
episodes and the allocation history. Each KPI is worked out the one way for both sides, so a
difference is a difference in the data, not in the sums.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from casework import selectors as casework_selectors
from casework.models import CaseEvent, ImportRun
from qaf.workdays import add_months, add_working_days, working_days_between

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType
ASSESSMENT_WORKING_DAYS = 45
FIRST_REVIEW_WORKING_DAYS = 20


@dataclass
class Figure:
    """One side's figure: how many (of how many), and which children the 'how many' counts."""

    numerator: int
    denominator: int | None = None
    children: set[str] = field(default_factory=set)

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        share = Decimal(100 * self.numerator) / Decimal(self.denominator)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CrossCheckRow:
    title: str
    definition: str
    unit: str  # "count" or "percent"
    from_return: Figure
    from_case_data: Figure

    @property
    def difference(self) -> Decimal | None:
        ours, theirs = self.from_case_data.value, self.from_return.value
        if ours is None or theirs is None:
            return None
        return theirs - ours

    @property
    def agrees(self) -> bool:
        return self.difference == 0 and self.only_in_return == self.only_in_case_data == []

    @property
    def only_in_return(self) -> list[str]:
        return sorted(self.from_return.children - self.from_case_data.children)

    @property
    def only_in_case_data(self) -> list[str]:
        return sorted(self.from_case_data.children - self.from_return.children)


def collection_year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def cross_check(run: ImportRun) -> list[CrossCheckRow]:
    """The cross-check of one imported return, for its collection year."""
    year = run.as_at.year
    if run.source == ImportRun.Source.SSDA903:
        return looked_after_cross_check(year)
    return children_in_need_cross_check(year)


# Children looked after (SSDA903) ----------------------------------------------------------------


def _open_on(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or end > day)


def reviews_in_timescale(start: dt.date, reviews: list[dt.date], year_end: dt.date) -> bool:
    """Were the child's reviews since ``start`` each held in time, with none overdue at the year's
    end? The first is due within 20 working days, the second 3 months after it, then every 6."""
    due = add_working_days(start, FIRST_REVIEW_WORKING_DAYS)
    held = sorted(day for day in set(reviews) if start <= day <= year_end)
    for number, review in enumerate(held, start=1):
        if review > due:
            return False
        due = add_months(review, 3 if number == 1 else 6)
    return due >= year_end


def looked_after_cross_check(year: int) -> list[CrossCheckRow]:
    first, last = collection_year(year)
    kinds = (Kind.PLAN, Kind.PLACEMENT, Kind.REVIEW, Kind.SOCIAL_WORKER)

    # From the return.
    starts: dict[str, dt.date] = {}
    placements: dict[str, set] = defaultdict(set)
    reviews: dict[str, list] = defaultdict(list)
    workers: dict[str, set] = defaultdict(set)
    for child, kind, plan_type, started, ended, detail in casework_selectors.events_for_cross_check(
        kinds=kinds, source=CaseEvent.Source.SSDA903, until=last
    ):
        if kind == Kind.PLAN and plan_type == PlanType.CLA and _open_on(started, ended, last):
            starts[child] = started
        elif kind == Kind.PLACEMENT and started >= first:
            placements[child].add(started)
        elif kind == Kind.REVIEW and plan_type == PlanType.CLA:
            reviews[child].append(started)
        elif kind == Kind.SOCIAL_WORKER and (ended is None or ended >= first):
            workers[child].add(detail)
    placement_counts = {child: len(days) for child, days in placements.items()}
    return_side = _looked_after_figures(starts, placement_counts, reviews, workers, last)

    # From the case data.
    case_starts: dict[str, dt.date] = {}
    case_placements: dict[str, set] = defaultdict(set)
    case_reviews: dict[str, list] = defaultdict(list)
    counted_placements: dict[str, int] = {}
    for (
        child,
        start,
        end,
        placement_count,
        latest_review,
    ) in casework_selectors.looked_after_episodes_for_cross_check(until=last):
        if _open_on(start, end, last):
            case_starts[child] = min(start, case_starts.get(child, start))
            if placement_count is not None:
                counted_placements[child] = placement_count
            if latest_review is not None:
                case_reviews[child].append(latest_review)
    for (
        child,
        kind,
        plan_type,
        started,
        _ended,
        _detail,
    ) in casework_selectors.events_for_cross_check(
        kinds=(Kind.PLACEMENT, Kind.REVIEW), source=None, until=last
    ):
        if kind == Kind.PLACEMENT and started >= first:
            case_placements[child].add(started)
        elif kind == Kind.REVIEW and plan_type == PlanType.CLA:
            case_reviews[child].append(started)
    # Annex A also gives each child's number of placements in the last 12 months.
    case_placement_counts = {child: len(days) for child, days in case_placements.items()}
    for child, count in counted_placements.items():
        case_placement_counts[child] = max(count, case_placement_counts.get(child, 0))
    case_workers: dict[str, set] = defaultdict(set)
    for child, worker in casework_selectors.allocations_for_cross_check(first=first, last=last):
        case_workers[child].add(worker)
    case_side = _looked_after_figures(
        case_starts, case_placement_counts, case_reviews, case_workers, last
    )

    texts = (
        (
            "Children looked after at the year's end",
            "Children in care on 31 March.",
            "count",
        ),
        (
            "Looked-after children with 3 or more placements in the year",
            "Of the children looked after on 31 March, those who started three or more "
            "placements in the year.",
            "percent",
        ),
        (
            "Looked-after children with reviews in timescale",
            "Of the children looked after on 31 March, those whose reviews were each held in "
            "time (the first within 20 working days, the second within 3 months, then every 6 "
            "months) and none overdue at the year's end.",
            "percent",
        ),
        (
            "Looked-after children with 3 or more social workers in the year",
            "Of the children looked after on 31 March, those who had three or more social "
            "workers in the year (the return's social worker episodes; the allocation history).",
            "percent",
        ),
    )
    return [
        CrossCheckRow(title, definition, unit, ours, theirs)
        for (title, definition, unit), ours, theirs in zip(
            texts, return_side, case_side, strict=True
        )
    ]


def _looked_after_figures(starts, placement_counts, reviews, workers, year_end) -> list[Figure]:
    looked_after = set(starts)
    total = len(looked_after)
    moved = {child for child in looked_after if placement_counts.get(child, 0) >= 3}
    in_time = {
        child
        for child in looked_after
        if reviews_in_timescale(starts[child], reviews.get(child, []), year_end)
    }
    changed = {child for child in looked_after if len(workers.get(child, ())) >= 3}
    return [
        Figure(total, None, looked_after),
        Figure(len(moved), total, moved),
        Figure(len(in_time), total, in_time),
        Figure(len(changed), total, changed),
    ]


# Children in need (CIN census) ------------------------------------------------------------------


def children_in_need_cross_check(year: int) -> list[CrossCheckRow]:
    first, last = collection_year(year)
    kinds = (Kind.REFERRAL, Kind.ASSESSMENT, Kind.PLAN)
    sides = [
        _children_in_need_figures(
            casework_selectors.events_for_cross_check(kinds=kinds, source=source, until=last),
            first,
            last,
        )
        for source in (CaseEvent.Source.CIN_CENSUS, None)
    ]
    texts = (
        ("Referrals in the year", "Referrals to children's social care in the year.", "count"),
        (
            "Re-referrals within 12 months",
            "Of the referrals in the year, those for a child referred in the 12 months before.",
            "percent",
        ),
        (
            "Assessments authorised within 45 working days",
            "Of the assessments authorised in the year, those authorised within 45 working days "
            "of starting.",
            "percent",
        ),
        (
            "Second or later child protection plans",
            "Of the child protection plans started in the year, those for a child who had been "
            "on one before.",
            "percent",
        ),
    )
    return [
        CrossCheckRow(title, definition, unit, ours, theirs)
        for (title, definition, unit), ours, theirs in zip(texts, *sides, strict=True)
    ]


def _children_in_need_figures(events, first: dt.date, last: dt.date) -> list[Figure]:
    referrals: dict[str, list] = defaultdict(list)
    cp_plans: dict[str, list] = defaultdict(list)
    assessments = []
    had_plan_before: set[tuple] = set()
    for child, kind, plan_type, started, ended, detail in events:
        if kind == Kind.REFERRAL:
            referrals[child].append(started)
        elif kind == Kind.PLAN and plan_type == PlanType.CP:
            cp_plans[child].append(started)
            if detail.endswith(" before"):
                # The census counts earlier plans that no referral in it shows.
                had_plan_before.add((child, started))
        elif kind == Kind.ASSESSMENT and ended is not None and first <= ended <= last:
            assessments.append((child, started, ended))

    in_year = [(child, day) for child, days in referrals.items() for day in days if day >= first]
    again = [
        (child, day)
        for child, day in in_year
        if any(add_months(day, -12) <= earlier < day for earlier in referrals[child])
    ]
    in_time = [
        (child, started)
        for child, started, ended in assessments
        if working_days_between(started, ended) <= ASSESSMENT_WORKING_DAYS
    ]
    plans = [(child, day) for child, days in cp_plans.items() for day in days if day >= first]
    second = [
        (child, day)
        for child, day in plans
        if (child, day) in had_plan_before or any(earlier < day for earlier in cp_plans[child])
    ]
    return [
        Figure(len(in_year), None, {child for child, _ in in_year}),
        Figure(len(again), len(in_year), {child for child, _ in again}),
        Figure(len(in_time), len(assessments), {child for child, _ in in_time}),
        Figure(len(second), len(plans), {child for child, _ in second}),
    ]
