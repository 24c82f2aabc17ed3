"""Reads for the KPI pages. The dashboard and charts read snapshots only, never the raw tables;
a drill-down lists the records behind one figure, limited to what the reader may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from casework.models import Measure, Team
from qaf.roles import Role

from . import registry
from .models import KpiMember, KpiSnapshot, KpiTarget, MeasureKpi, RoundNote
from .periods import last_full_month, months_back
from .registry import Kpi
from .scopes import Scope


@dataclass(frozen=True)
class Point:
    period: date
    value: Decimal | None


@dataclass
class Tile:
    kpi: Kpi
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    target: Decimal | None
    rag: str | None
    direction: str | None
    headline: str
    series: list[Point] = field(default_factory=list)
    note: str = ""


# Targets -----------------------------------------------------------------------------------------


def _default_target(kpi: Kpi) -> KpiTarget:
    return KpiTarget(
        code=kpi.code,
        target=kpi.default_target,
        green_from=kpi.default_green,
        amber_from=kpi.default_amber,
    )


def target_of(kpi: Kpi) -> KpiTarget:
    """The KPI's target and thresholds: as a QA officer set them, else the registry's defaults
    (an unsaved row)."""
    return KpiTarget.objects.filter(code=kpi.code).first() or _default_target(kpi)


def targets_by_code() -> dict[str, KpiTarget]:
    """Every KPI's target, by code, in one query."""
    saved = {target.code: target for target in KpiTarget.objects.select_related("updated_by")}
    return {kpi.code: saved.get(kpi.code) or _default_target(kpi) for kpi in registry.all_kpis()}


def target_history(kpi: Kpi) -> QuerySet:
    """Every change to the KPI's target, the latest first, with who made it."""
    return (
        KpiTarget.history.filter(code=kpi.code)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def rag(kpi: Kpi, value: Decimal | None, target: KpiTarget | None) -> str | None:
    """ "green", "amber" or "red" against the thresholds, read in the KPI's direction; None when
    there is no value or no green threshold."""
    if value is None or target is None or target.green_from is None:
        return None
    up = kpi.polarity == "up"

    def reaches(threshold: Decimal) -> bool:
        return value >= threshold if up else value <= threshold

    if reaches(target.green_from):
        return "green"
    if target.amber_from is not None and reaches(target.amber_from):
        return "amber"
    return "red"


def direction(kpi: Kpi, value: Decimal | None, previous: Decimal | None) -> str | None:
    """ "better", "worse" or "same" compared with the month before, in the KPI's direction."""
    if value is None or previous is None:
        return None
    if value == previous:
        return "same"
    return "better" if (value > previous) == (kpi.polarity == "up") else "worse"


def _figure(kpi: Kpi, value: Decimal | None) -> str:
    if value is None:
        return "no figure"
    if kpi.unit == "percent":
        return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"
    return f"{int(value)}"


def headline(kpi: Kpi, period: date, value, previous, target: KpiTarget | None) -> str:
    """One sentence a reader can take in without the chart."""
    if value is None:
        return f"{kpi.title}: there is nothing to count for {period:%B %Y}."
    sentence = f"{kpi.title}: {_figure(kpi, value)} in {period:%B %Y}"
    if previous is not None:
        if value == previous:
            sentence += ", the same as the month before"
        else:
            moved = "up" if value > previous else "down"
            sentence += f", {moved} from {_figure(kpi, previous)} the month before"
    if target is not None and target.target is not None:
        sentence += f" (target {_figure(kpi, target.target)})"
    return sentence + "."


# Snapshots ---------------------------------------------------------------------------------------


def _months(until: date, months: int) -> list[date]:
    return [months_back(until, back) for back in range(months - 1, -1, -1)]


def series(code: str, scope: Scope, months: int = 12, *, until: date | None = None) -> list[Point]:
    """The KPI's value for each of ``months`` months to ``until`` (last month by default),
    oldest first; a month with no snapshot has no value. One query."""
    until = until or last_full_month()
    periods = _months(until, months)
    found = dict(
        KpiSnapshot.objects.filter(
            code=code, period__gte=periods[0], period__lte=until, **scope.snapshot_filter()
        ).values_list("period", "value")
    )
    return [Point(period, found.get(period)) for period in periods]


def notes_for(period: date, *, since: date | None = None) -> dict[tuple[date, str], str]:
    """Round notes by (month, code); code "" is a note about the whole month."""
    notes = RoundNote.objects.filter(period__gte=since or period, period__lte=period)
    return {(note.period, note.code): note.note for note in notes}


def note_for(notes: dict, period: date, code: str) -> str:
    return notes.get((period, code)) or notes.get((period, ""), "")


def dashboard(scope: Scope, period: date, *, months: int = 12) -> list[Tile]:
    """A tile for every KPI: the month's value, target, RAG, direction and a 12-month series.

    Three queries whatever the size of the service: snapshots, targets, notes.
    """
    since = months_back(period, months - 1)
    # Plain tuples, not model instances: the dashboard reads a year of every KPI at once.
    rows: dict[str, dict[date, tuple]] = defaultdict(dict)
    for code, month, numerator, denominator, value in KpiSnapshot.objects.filter(
        period__gte=since, period__lte=period, **scope.snapshot_filter()
    ).values_list("code", "period", "numerator", "denominator", "value"):
        rows[code][month] = (numerator, denominator, value)
    targets = targets_by_code()
    notes = notes_for(period, since=since)
    periods = _months(period, months)
    tiles = []
    for kpi in registry.all_kpis():
        by_month = rows.get(kpi.code, {})
        numerator, denominator, value = by_month.get(period, (None, None, None))
        previous_value = (
            by_month.get(periods[-2], (None, None, None))[2] if len(periods) > 1 else None
        )
        target = targets[kpi.code]
        tiles.append(
            Tile(
                kpi=kpi,
                value=value,
                numerator=numerator,
                denominator=denominator,
                target=target.target,
                rag=rag(kpi, value, target),
                direction=direction(kpi, value, previous_value),
                headline=headline(kpi, period, value, previous_value, target),
                series=[
                    Point(month, by_month[month][2] if month in by_month else None)
                    for month in periods
                ],
                note=note_for(notes, period, kpi.code),
            )
        )
    return tiles


# Drill-down --------------------------------------------------------------------------------------


def teams_visible_to(user) -> QuerySet[Team] | None:
    """The teams whose records ``user`` may list behind a figure: None means every team (and
    records that name no team)."""
    from casework.selectors import teams_managed_by

    if user.has_role(Role.DIRECTOR) or user.has_role(Role.QA_OFFICER):
        return None
    visible = Q(pk__in=[])
    if user.has_role(Role.SENIOR_MANAGER):
        visible |= Q(service_area__senior_managers=user)
    if user.has_role(Role.TEAM_MANAGER):
        visible |= Q(pk__in=teams_managed_by(user).values("pk"))
    return Team.objects.filter(visible).values("pk")


def drill_down(code: str, period: date, scope: Scope, user) -> QuerySet:
    """The records behind the KPI's numerator for the month and scope, limited to the teams
    ``user`` may see (nothing at all for anyone else)."""
    kpi = registry.get(code)
    records = kpi.numerator(period, scope)
    teams = teams_visible_to(user)
    if teams is not None:
        records = records.filter(**{f"{kpi.team_path}__in": teams})
    return records


def snapshot_of(code: str, period: date, scope: Scope) -> KpiSnapshot | None:
    """The KPI's stored figure for the month and part of the service, if it was worked out."""
    return (
        KpiSnapshot.objects.filter(code=code, period=period, **scope.snapshot_filter())
        .only("numerator", "members_held")
        .first()
    )


def drill_members(code: str, period: date, scope: Scope, user) -> QuerySet:
    """The stored records behind the KPI's numerator for the month and scope, as (record id,
    team id) pairs in record order, limited to the teams ``user`` may see: read through an
    index, and exactly the records the figure counted when the month was worked out."""
    members = KpiMember.objects.filter(code=code, period=period)
    if scope.kind == "team":
        members = members.filter(team_id=scope.team_id)
    elif scope.kind == "area":
        members = members.filter(
            team_id__in=Team.objects.filter(service_area_id=scope.area_id).values("pk")
        )
    teams = teams_visible_to(user)
    if teams is not None:
        members = members.filter(team_id__in=teams)
    return members.order_by("record_id").values_list("record_id", "team_id")


# Improvement Plan measures -----------------------------------------------------------------------


def measures_list() -> QuerySet[Measure]:
    """Every measure with how many KPIs, audit, survey and conversation questions follow it."""
    return Measure.objects.annotate(
        kpi_count=Count("kpi_links", distinct=True),
        audit_question_count=Count("audit_questions", distinct=True),
        survey_question_count=Count("survey_questions", distinct=True),
        conversation_question_count=Count("conversation_questions", distinct=True),
    ).order_by("code")


def measure_or_none(code: str) -> Measure | None:
    return Measure.objects.filter(code=code).first()


def measure_kpis(measure: Measure) -> list[Kpi]:
    codes = MeasureKpi.objects.filter(measure=measure).values_list("code", flat=True)
    known = {kpi.code: kpi for kpi in registry.all_kpis()}
    return [known[code] for code in codes if code in known]


@dataclass
class MeasureSource:
    """One source a measure is followed by, with its monthly values (a percentage)."""

    kind: str  # "kpi", "audit question", "survey question", "conversation question"
    title: str
    detail: str
    series: list[Point]
    unit: str = "percent"
    # For a conversation question, the share who answered "Partly", shown in the table.
    partly: list[Point] | None = None


def measure_sources(measure: Measure, *, until: date | None = None, months: int = 12) -> list:
    """The measure's KPIs (from snapshots), audit questions (the share of their domain graded
    good or better), survey questions (the share of positive answers) and the peer auditor's
    conversation questions (the share answered yes), month by month."""
    from .measures import (
        audit_question_series,
        conversation_question_series,
        survey_question_series,
    )

    until = until or last_full_month()
    sources = [
        MeasureSource(
            "kpi",
            kpi.title,
            kpi.definition,
            series(kpi.code, Scope.service(), months, until=until),
            kpi.unit,
        )
        for kpi in measure_kpis(measure)
    ]
    sources += audit_question_series(measure, until=until, months=months)
    sources += survey_question_series(measure, until=until, months=months)
    sources += conversation_question_series(measure, until=until, months=months)
    return sources
