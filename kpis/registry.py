"""Every KPI, defined once in code: what it counts, how it is read, and its default target.

A definition module (``kpis/definitions/*.py``) builds ``Kpi`` objects and ``register``s them;
``kpis.apps`` imports the definitions when Django starts. Codes are stable identifiers: pages,
snapshots, targets and Improvement Plan measures refer to a KPI by its code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.db.models import QuerySet

from .scopes import Scope

Group = Literal["audit", "voice", "practice"]
Unit = Literal["percent", "count"]
Polarity = Literal["up", "down"]
Frequency = Literal["monthly", "quarterly"]

GROUPS: dict[str, str] = {
    "audit": "Audit",
    "voice": "Voice of children and families",
    "practice": "Practice",
}
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Kpi:
    """One KPI. ``numerator`` and ``denominator`` return the records behind the figure for a
    month (the first of it) and a part of the service, so anyone allowed can list them.

    ``team_path`` names, on those records, the team they count for (a foreign key path such as
    ``"team"`` or ``"episode__team"``, or an annotation the querysets add): snapshots group by it,
    and drill-downs limit by it to what a person may see. ``drill_model`` names what the lists
    hold ("children", "case audits", ...).
    """

    code: str
    group: Group
    title: str
    definition: str
    unit: Unit
    polarity: Polarity
    numerator: Callable[[date, Scope], QuerySet]
    denominator: Callable[[date, Scope], QuerySet | None] | None = None
    frequency: Frequency = "monthly"
    source: str = ""
    national_measure: str = ""
    default_target: Decimal | None = None
    default_green: Decimal | None = None
    default_amber: Decimal | None = None
    drill_model: str = "records"
    team_path: str = "team"

    @property
    def has_denominator(self) -> bool:
        return self.denominator is not None

    @property
    def higher_is_better(self) -> bool:
        return self.polarity == "up"

    def numerator_queryset(self, period: date, scope: Scope) -> QuerySet:
        return self.numerator(period, scope)

    def denominator_queryset(self, period: date, scope: Scope) -> QuerySet | None:
        return self.denominator(period, scope) if self.denominator is not None else None

    def value_of(self, numerator: int, denominator: int | None) -> Decimal | None:
        """The figure shown: a percentage to one place, or the count itself. A percentage of
        nothing (no denominator rows) has no value, not 0%."""
        if self.unit == "count":
            return Decimal(numerator)
        if not denominator:
            return None
        return (Decimal(100) * numerator / denominator).quantize(ONE_PLACE, ROUND_HALF_UP)


_REGISTRY: dict[str, Kpi] = {}


def register(kpi: Kpi) -> Kpi:
    """Add ``kpi``; a second KPI with the same code is a programming error."""
    existing = _REGISTRY.get(kpi.code)
    if existing is not None and existing is not kpi:
        raise ValueError(f"Two KPIs have the code {kpi.code!r}.")
    if kpi.group not in GROUPS:
        raise ValueError(f"KPI {kpi.code!r} has an unknown group {kpi.group!r}.")
    _REGISTRY[kpi.code] = kpi
    return kpi


def get(code: str) -> Kpi:
    """The KPI with ``code``; KeyError (with the code) when there is none."""
    _load()
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"There is no KPI with the code {code!r}.") from None


def all_kpis() -> list[Kpi]:
    """Every KPI, grouped audit, voice, practice, in the order they were defined."""
    _load()
    order = list(GROUPS)
    return sorted(_REGISTRY.values(), key=lambda kpi: order.index(kpi.group))


def _load() -> None:
    from . import definitions  # noqa: F401 - registers every KPI on import
