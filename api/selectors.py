"""The figures the API gives out: aggregates only, never a child, a case or anyone's words.

Every function here returns plain rows of counts (already suppressed) for one month and one part
of the service, in a fixed number of queries whatever the size of the service.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from audits.models import DomainGrade, Grade
from audits.selectors import gradings_revealed
from casework.models import ServiceArea, Team
from feedback.models import Answer, Response, Sentiment, VoiceTheme
from kpis import registry
from kpis.models import KpiSnapshot
from kpis.periods import months_back
from kpis.scopes import Scope
from kpis.selectors import targets_by_code
from moderation.models import FinalGrade

from .suppression import suppress

GRADES = [grade.value for grade in Grade]
SENTIMENTS = [sentiment.value for sentiment in Sentiment]
MONTHS_BY_MONTH = 12


class BadQuery(ValueError):
    """A period or scope the API cannot answer for; the message says what to send instead."""


def parse_period(value: str | None, *, today: date | None = None) -> date:
    """``YYYY-MM`` as the first of the month; the last full month when not given."""
    today = today or timezone.localdate()
    if value in (None, ""):
        return months_back(today.replace(day=1), 1)
    parts = value.split("-")
    try:
        if len(parts) != 2 or len(parts[0]) != 4:
            raise ValueError
        period = date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        raise BadQuery(
            f"'{value[:20]}' is not a month. Give the period as year and month, like 2026-10."
        ) from None
    if period > today.replace(day=1):
        raise BadQuery(f"There are no figures for {period:%B %Y}: it has not happened yet.")
    if period.year < 2000:
        raise BadQuery(f"There are no figures for {period:%B %Y}.")
    return period


def parse_scope(value: str | None) -> Scope:
    """``service``, ``area:<id>`` or ``team:<id>`` for an area or team that exists."""
    try:
        scope = Scope.parse(value)
    except ValueError as problem:
        raise BadQuery(str(problem)) from None
    if scope.kind == "area" and not ServiceArea.objects.filter(pk=scope.area_id).exists():
        raise BadQuery(f"There is no service area {scope.area_id}. See /api/v1/scopes/.")
    if scope.kind == "team" and not Team.objects.filter(pk=scope.team_id).exists():
        raise BadQuery(f"There is no team {scope.team_id}. See /api/v1/scopes/.")
    return scope


def scopes() -> list[dict]:
    """Every part of the service a figure can be asked for: the whole service, each area and
    each team (the teams under review after an import are not yet part of the structure)."""
    rows = [{"scope": "service", "name": "Whole service", "area": None}]
    rows += [
        {"scope": f"area:{pk}", "name": name, "area": None}
        for pk, name in ServiceArea.objects.order_by("name").values_list("pk", "name")
    ]
    rows += [
        {"scope": f"team:{pk}", "name": name, "area": f"area:{area}" if area else None}
        for pk, name, area in Team.objects.filter(awaiting_review=False)
        .order_by("name")
        .values_list("pk", "name", "service_area_id")
    ]
    return rows


def kpi_definitions() -> list[dict]:
    targets = targets_by_code()
    return [
        {
            "code": kpi.code,
            "group": kpi.group,
            "title": kpi.title,
            "definition": kpi.definition,
            "unit": kpi.unit,
            "higher_is_better": kpi.higher_is_better,
            "frequency": kpi.frequency,
            "source": kpi.source,
            "national_measure": kpi.national_measure,
            "target": targets[kpi.code].target,
            "green_from": targets[kpi.code].green_from,
            "amber_from": targets[kpi.code].amber_from,
        }
        for kpi in registry.all_kpis()
    ]


def kpi_snapshots(period: date, scope: Scope) -> list[dict]:
    """Each KPI's figure for the month and part of the service. A numerator or denominator under
    10 is withheld with the other, and then the value too (it would give one from the other)."""
    known = {kpi.code for kpi in registry.all_kpis()}
    rows = []
    for code, numerator, denominator, value, computed_at in (
        KpiSnapshot.objects.filter(period=period, **scope.snapshot_filter())
        .order_by("code")
        .values_list("code", "numerator", "denominator", "value", "computed_at")
    ):
        if code not in known:
            continue
        shown_numerator, shown_denominator = suppress([[numerator, denominator]])[0]
        withheld = shown_numerator is None or (
            denominator is not None and shown_denominator is None
        )
        rows.append(
            {
                "code": code,
                "period": f"{period:%Y-%m}",
                "scope": scope.key,
                "numerator": shown_numerator,
                "denominator": shown_denominator,
                "value": None if withheld else value,
                "suppressed": withheld,
                "computed_at": computed_at,
            }
        )
    return rows


@dataclass
class _Counts:
    key: tuple
    labels: dict
    counts: dict = field(default_factory=dict)


def _suppressed_table(groups: list[_Counts], columns: list[str]) -> list[dict]:
    """Rows of counts by ``columns`` plus a total, suppressed across rows and columns."""
    table = [[group.counts.get(column, 0) for column in columns] for group in groups]
    table = [[*row, sum(row)] for row in table]
    shown = suppress(table)
    rows = []
    for group, original, cells in zip(groups, table, shown, strict=True):
        row = dict(group.labels)
        for column, value in zip([*columns, "total"], cells, strict=True):
            row[column] = value
        row["suppressed"] = [
            column
            for column, before, after in zip([*columns, "total"], original, cells, strict=True)
            if after is None and before is not None
        ]
        rows.append(row)
    return rows


def audit_outcomes(period: date, scope: Scope, *, group_by: str) -> list[dict]:
    """Final grades of audits (after moderation where there was one), counted by grade, for
    twelve months to ``period`` (``month``), or for ``period`` by team (``team``); or the domain
    grades both auditors gave, once both were in, for ``period`` by domain (``domain``)."""
    if group_by == "domain":
        return _domain_outcomes(period, scope)
    finals = FinalGrade.objects.filter(**scope.team_filter("case_audit__team"))
    if group_by == "month":
        since = months_back(period, MONTHS_BY_MONTH - 1)
        groups = {
            month: _Counts((month,), {"month": f"{month:%Y-%m}", "scope": scope.key})
            for month in [months_back(period, n) for n in range(MONTHS_BY_MONTH - 1, -1, -1)]
        }
        for month, grade, n in (
            finals.filter(
                case_audit__round__period__gte=since, case_audit__round__period__lte=period
            )
            .values_list("case_audit__round__period", "overall_grade")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            groups[month].counts[grade] = n
        return _suppressed_table(list(groups.values()), GRADES)
    if group_by == "team":
        groups: dict = {}
        for team_id, team_name, grade, n in (
            finals.filter(case_audit__round__period=period)
            .values_list("case_audit__team_id", "case_audit__team__name", "overall_grade")
            .annotate(n=Count("pk"))
            .order_by("case_audit__team__name")
        ):
            group = groups.setdefault(
                team_id,
                _Counts(
                    (team_id,),
                    {"month": f"{period:%Y-%m}", "scope": f"team:{team_id}", "team": team_name},
                ),
            )
            group.counts[grade] = n
        return _suppressed_table(list(groups.values()), GRADES)
    raise BadQuery(f"'{group_by[:20]}' is not a grouping. Use 'month', 'team' or 'domain'.")


def _domain_outcomes(period: date, scope: Scope) -> list[dict]:
    revealed = gradings_revealed().filter(
        case_audit__round__period=period,
        submitted_at__isnull=False,
        **scope.team_filter("case_audit__team"),
    )
    groups: dict = {}
    for title, grade, n in (
        DomainGrade.objects.filter(grading__in=revealed.values("pk"))
        .exclude(grade="")
        .values_list("domain__title", "grade")
        .annotate(n=Count("pk"))
        .order_by("domain__title")
    ):
        group = groups.setdefault(
            title,
            _Counts((title,), {"month": f"{period:%Y-%m}", "scope": scope.key, "domain": title}),
        )
        group.counts[grade] = n
    return _suppressed_table(list(groups.values()), GRADES)


def voice(period: date, scope: Scope) -> dict:
    """The month's survey responses and each theme's answers by sentiment."""
    responses = Response.objects.filter(month=period, **scope.team_filter()).count()
    groups: dict = {}
    labels = dict(VoiceTheme.choices)
    for theme, sentiment, n in (
        Answer.objects.filter(response__month=period, **scope.team_filter("response__team"))
        .exclude(sentiment="")
        .values_list("question__theme", "sentiment")
        .annotate(n=Count("*"))
        .order_by()
    ):
        group = groups.setdefault(
            theme,
            _Counts((theme,), {"theme": theme, "title": labels.get(theme, theme)}),
        )
        group.counts[sentiment] = n
    ordered = [groups[theme] for theme in labels if theme in groups]
    shown_responses = suppress([[responses]])[0][0]
    return {
        "period": f"{period:%Y-%m}",
        "scope": scope.key,
        "responses": shown_responses,
        "responses_suppressed": shown_responses is None,
        "themes": _suppressed_table(ordered, SENTIMENTS),
    }
