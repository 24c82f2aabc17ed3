"""Reads the KPI pages need beyond the dashboard's selectors: the same KPI across every area and
team in one query, the rows of a drill-down, a team's grades and a practitioner's own audits.

Each reads a bounded number of rows in a fixed number of queries, whatever the size of the
service.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from audits.models import Grade
from casework.models import Child
from moderation.models import FinalGrade, FollowUpReview, PractitionerFeedback

from ..charts import ChartPoint
from ..models import KpiSnapshot
from ..periods import months_back
from ..registry import GROUPS
from ..scopes import Scope

GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


@dataclass
class TileGroup:
    key: str
    title: str
    tiles: list = field(default_factory=list)


def group_tiles(tiles) -> list[TileGroup]:
    """Tiles under Audit, Voice and Practice, in the registry's order within each."""
    groups = {key: TileGroup(key, title) for key, title in GROUPS.items()}
    for tile in tiles:
        groups.setdefault(tile.kpi.group, TileGroup(tile.kpi.group, tile.kpi.group.title()))
        groups[tile.kpi.group].tiles.append(tile)
    return [group for group in groups.values() if group.tiles]


def _notes_in(notes: dict, month: date, kpi) -> str:
    """A month's note for ``kpi``: its own, else (for audit KPIs) the round's note for the month.

    A note for a whole month is the audit round's (a summer round sampled fewer cases): it is
    marked on the audit charts and listed once above the tiles, not on every voice and practice
    chart."""
    own = notes.get((month, kpi.code), "")
    if own or kpi.group != "audit":
        return own
    return notes.get((month, ""), "")


def month_notes(kpi, period: date, *, months: int) -> dict[date, str]:
    """The notes that explain this KPI's months up to ``period``, oldest first: one query."""
    from .. import selectors

    notes = selectors.notes_for(period, since=months_back(period, months - 1))
    found = {}
    for back in range(months - 1, -1, -1):
        month = months_back(period, back)
        if note := _notes_in(notes, month, kpi):
            found[month] = note
    return found


def attach_notes(tiles, period: date, *, months: int) -> dict[date, str]:
    """Give each tile ``month_notes`` (the notes of its chart's months) and return the notes
    about whole months, for the page to list once: one query for all."""
    from .. import selectors

    notes = selectors.notes_for(period, since=months_back(period, months - 1))
    for tile in tiles:
        tile.month_notes = {
            point.period: note
            for point in tile.series
            if (note := _notes_in(notes, point.period, tile.kpi))
        }
    return {month: note for (month, code), note in sorted(notes.items()) if not code}


@dataclass
class ScopeRow:
    scope: Scope
    name: str
    value: object
    numerator: int | None
    denominator: int | None
    rag: str | None
    area_name: str = ""
    team_area_id: int | None = None
    can_list: bool = False

    @property
    def query(self) -> str:
        from .common import scope_value

        return scope_value(self.scope)


def snapshots_by_scope(kpi, period: date, *, areas: dict, teams: dict) -> list[ScopeRow]:
    """The KPI in ``period`` for every service area and team, areas first: one query."""
    from .. import selectors

    target = selectors.target_of(kpi)
    found = {
        (s.scope_kind, s.service_area_id, s.team_id): s
        for s in KpiSnapshot.objects.filter(code=kpi.code, period=period).exclude(
            scope_kind="service"
        )
    }
    rows = []
    for area in areas.values():
        snapshot = found.get(("area", area.pk, None))
        rows.append(_row(kpi, Scope.area(area.pk), area.name, snapshot, target))
    for team in teams.values():
        snapshot = found.get(("team", team.service_area_id, team.pk)) or found.get(
            ("team", None, team.pk)
        )
        row = _row(kpi, Scope.team(team.pk), team.name, snapshot, target)
        row.area_name = areas[team.service_area_id].name if team.service_area_id in areas else ""
        row.team_area_id = team.service_area_id
        rows.append(row)
    return rows


def _row(kpi, scope, name, snapshot, target) -> ScopeRow:
    from .. import selectors

    value = snapshot.value if snapshot else None
    return ScopeRow(
        scope=scope,
        name=name,
        value=value,
        numerator=snapshot.numerator if snapshot else None,
        denominator=snapshot.denominator if snapshot else None,
        rag=selectors.rag(kpi, value, target) if value is not None else None,
    )


@dataclass
class DrillRow:
    """One line of a drill-down: the child (if the record names one), what the record is, and
    the team it counts for."""

    child: Child | None
    what: str
    team: str


# Where a drilled record keeps its child, tried in turn; anonymous answers have none.
CHILD_PATHS = ("child", "case_audit__child", "invitation__child")
# The record's own choice field and date that say what it is, read without another query.
LABEL_FIELDS = ("kind", "overall_grade", "outcome", "status")
DATE_FIELDS = (
    "started_on",
    "decided_on",
    "due_date",
    "received_on",
    "month",
    "raised_at",
    "sent_at",
    "created_at",
)


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def _child_path(model) -> str | None:
    if model is Child:
        return ""
    for path in CHILD_PATHS:
        first, _, rest = path.partition("__")
        if first not in _field_names(model):
            continue
        if not rest:
            return path
        related = model._meta.get_field(first).related_model
        if related is not None and rest in _field_names(related):
            return path
    return None


def drill_queryset(kpi, records):
    """The records with their child and team fetched in the same query, in a stable order."""
    related = set()
    child_path = _child_path(records.model)
    if child_path:
        related.add(child_path)
    # A team reached through another record (``case_audit__team``, ``episode__team``) needs
    # that record; an annotation (``kpi_team``) or the record's own team needs nothing.
    head, _, rest = kpi.team_path.partition("__")
    if rest and head in _field_names(records.model):
        related.add(head)
    if related:
        records = records.select_related(*sorted(related))
    if not records.ordered:
        records = records.order_by("pk")
    return records


def _team_id(item, path: str):
    *hops, last = path.split("__")
    for hop in hops:
        item = getattr(item, hop, None)
        if item is None:
            return None
    return getattr(item, f"{last}_id", getattr(item, last, None))


def _follow(item, path: str):
    for hop in path.split("__"):
        item = getattr(item, hop, None)
        if item is None:
            return None
    return item


def _what(item) -> str:
    meta = item._meta
    words = str(meta.verbose_name)
    text = words[:1].upper() + words[1:]
    names = _field_names(type(item))
    for name in LABEL_FIELDS:
        if name in names and getattr(item, name, "") and hasattr(item, f"get_{name}_display"):
            text += f": {getattr(item, f'get_{name}_display')()}"
            break
    for name in DATE_FIELDS:
        when = getattr(item, name, None) if name in names else None
        if when is not None:
            if hasattr(when, "hour"):
                when = timezone.localtime(when).date()
            text += f", {when.day} {when:%B %Y}"
            break
    return text


def drill_rows(kpi, items, *, teams: dict, team_ids: dict | None = None) -> list[DrillRow]:
    """Rows for whatever the KPI's numerator lists: children, or records that name a child.
    Reads only what ``drill_queryset`` fetched, so a page costs no query per row. ``team_ids``
    (record id → team id) gives each record's team as stored with the month's figures."""
    rows = []
    for item in items:
        if isinstance(item, Child):
            child, what = item, ""
        else:
            path = _child_path(type(item))
            child, what = (_follow(item, path) if path else None), _what(item)
        stored = team_ids is not None
        team = teams.get(team_ids.get(item.pk) if stored else _team_id(item, kpi.team_path))
        rows.append(DrillRow(child, what, team.name if team else ""))
    return rows


def stored_records(kpi, period: date, pairs: list[tuple[str, int | None]]):
    """The records a page of stored members names, in the members' order, and each one's team
    by record: one query. A stored key is text (SQLite keeps a UUID without its dashes), so it
    is read back through the model's own primary key."""
    from ..scopes import Scope

    model = kpi.numerator(period, Scope.service()).model
    keys = [(model._meta.pk.to_python(record_id), team_id) for record_id, team_id in pairs]
    found = {
        item.pk: item
        for item in drill_queryset(kpi, model.objects.filter(pk__in=[key for key, _ in keys]))
    }
    items = [found[key] for key, _ in keys if key in found]
    return items, dict(keys)


# A team's audit grades ---------------------------------------------------------------------------


@dataclass
class GradeMonth:
    period: date
    counts: dict
    total: int

    @property
    def good_or_better(self) -> int:
        return sum(self.counts.get(grade, 0) for grade in GOOD_OR_BETTER)

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(grade, 0) for grade in Grade.values]


def grades_by_month(*, team_id: int | None, until: date, months: int) -> list[GradeMonth]:
    """Final grades of audits by the month of their round, oldest first: one query."""
    since = months_back(until, months - 1)
    finals = FinalGrade.objects.filter(
        case_audit__round__period__gte=since, case_audit__round__period__lte=until
    )
    if team_id is not None:
        finals = finals.filter(case_audit__team_id=team_id)
    counts: dict[date, Counter] = defaultdict(Counter)
    for period, grade in finals.values_list("case_audit__round__period", "overall_grade"):
        counts[period][grade] += 1
    result = []
    for back in range(months - 1, -1, -1):
        period = months_back(until, back)
        found = counts.get(period, Counter())
        result.append(GradeMonth(period, dict(found), sum(found.values())))
    return result


def good_or_better_series(months: list[GradeMonth]) -> list[ChartPoint]:
    return [
        ChartPoint(
            month.period,
            round(100 * month.good_or_better / month.total, 1) if month.total else None,
        )
        for month in months
    ]


# Agreement by auditor ----------------------------------------------------------------------------


@dataclass
class AuditorAgreement:
    name: str
    role: str
    graded: int = 0
    agreed: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.agreed / self.graded) if self.graded else None


def agreement_by_auditor(*, team_id: int, until: date, months: int) -> list[AuditorAgreement]:
    """For the team's audits of the months to ``until`` that both auditors have graded, how often
    each auditor's overall grade matched the other's: one query. Only audits with both gradings
    submitted count, so nothing is shown while grading is still blind."""
    from audits.models import Grading

    since = months_back(until, months - 1)
    gradings = (
        Grading.objects.filter(
            case_audit__team_id=team_id,
            case_audit__round__period__gte=since,
            case_audit__round__period__lte=until,
            submitted_at__isnull=False,
        )
        .exclude(overall_grade="")
        .values_list("case_audit_id", "role", "auditor_id", "auditor__full_name", "overall_grade")
    )
    by_audit: dict[int, dict[str, tuple]] = defaultdict(dict)
    for audit_id, role, auditor_id, name, grade in gradings:
        by_audit[audit_id][role] = (auditor_id, name, grade)
    labels = dict(Grading.Role.choices)
    rows: dict[tuple[int, str], AuditorAgreement] = {}
    for both in by_audit.values():
        if len(both) < 2:
            continue
        agreed = len({grade for _, _, grade in both.values()}) == 1
        for role, (auditor_id, name, _) in both.items():
            row = rows.setdefault(
                (auditor_id, role), AuditorAgreement(name or "Name not recorded", labels[role])
            )
            row.graded += 1
            row.agreed += agreed
    return sorted(rows.values(), key=lambda row: (row.role, row.name))


# A practitioner's own audits ---------------------------------------------------------------------


@dataclass
class OwnAudit:
    feedback: PractitionerFeedback
    period: date
    final: FinalGrade | None
    follow_up: FollowUpReview | None

    @property
    def good_or_better(self) -> bool:
        return self.final is not None and self.final.overall_grade in GOOD_OR_BETTER

    @property
    def outcome_tag(self) -> str:
        """The GOV.UK tag colour for the follow-up's outcome (its words are in the tag)."""
        return {
            FollowUpReview.Outcome.IMPROVED: "govuk-tag--green",
            FollowUpReview.Outcome.PARTLY: "govuk-tag--yellow",
        }.get(self.follow_up.outcome if self.follow_up else "", "govuk-tag--red")

    @property
    def follow_up_done(self) -> bool:
        return (
            self.follow_up is not None
            and self.follow_up.status == FollowUpReview.Status.COMPLETED
            and bool(self.follow_up.outcome)
        )


def own_audits(user) -> list[OwnAudit]:
    """Every audit of ``user``'s work that reached feedback, newest first: one query.

    Only audits with feedback are shown: before it the gradings are the auditors' (blind), and
    the practitioner hears the result through the feedback."""
    feedback = (
        PractitionerFeedback.objects.filter(social_worker=user)
        .select_related(
            "case_audit__child",
            "case_audit__round",
            "case_audit__team",
            "case_audit__final_grade",
            "case_audit__follow_up_review",
        )
        .order_by("-case_audit__round__period", "-pk")
    )
    audits = []
    for item in feedback:
        case_audit = item.case_audit
        audits.append(
            OwnAudit(
                feedback=item,
                period=case_audit.round.period,
                final=getattr(case_audit, "final_grade", None),
                follow_up=getattr(case_audit, "follow_up_review", None),
            )
        )
    return audits


def quarter_of(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def own_quarters(audits: list[OwnAudit], *, until: date, quarters: int = 8) -> list[dict]:
    """Per quarter, oldest first: audits, how many were good or better, follow-ups improved."""
    last = quarter_of(until)
    rows = []
    for back in range(quarters - 1, -1, -1):
        start = months_back(last, back * 3)
        mine = [audit for audit in audits if quarter_of(audit.period) == start]
        graded = [audit for audit in mine if audit.final is not None]
        good = sum(1 for audit in graded if audit.good_or_better)
        followed = [audit for audit in mine if audit.follow_up_done]
        improved = sum(
            1 for audit in followed if audit.follow_up.outcome == FollowUpReview.Outcome.IMPROVED
        )
        rows.append(
            {
                "period": start,
                "audits": len(mine),
                "graded": len(graded),
                "good": good,
                "value": round(100 * good / len(graded), 1) if graded else None,
                "followed": len(followed),
                "improved": improved,
            }
        )
    return rows
