"""Targets and thresholds a QA officer sets, notes that explain a month, measures' KPIs."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from casework.models import Measure

from .. import registry
from ..models import KpiTarget, MeasureKpi, RoundNote
from ..periods import month_start


class TargetError(Exception):
    """A target or note that cannot be saved; the message is for the person who entered it."""


def _check_thresholds(kpi, target, green_from, amber_from) -> None:
    if kpi.unit == "percent":
        for name, value in (("target", target), ("green", green_from), ("amber", amber_from)):
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                raise TargetError(f"The {name} must be a percentage from 0 to 100.")
    for name, value in (("target", target), ("green", green_from), ("amber", amber_from)):
        if value is not None and value < 0:
            raise TargetError(f"The {name} cannot be less than 0.")
    if amber_from is not None and green_from is None:
        raise TargetError("Enter where green starts before where amber starts.")
    if green_from is not None and amber_from is not None:
        if kpi.polarity == "up" and amber_from > green_from:
            raise TargetError(
                "Amber must start at or below green: higher is better for this measure."
            )
        if kpi.polarity == "down" and amber_from < green_from:
            raise TargetError(
                "Amber must start at or above green: lower is better for this measure."
            )


@transaction.atomic
def set_target(
    code: str,
    *,
    target: Decimal | None,
    green_from: Decimal | None,
    amber_from: Decimal | None,
    by,
    reason: str = "",
) -> KpiTarget:
    """Set the KPI's target and red/amber/green thresholds; the change is kept in its history."""
    try:
        kpi = registry.get(code)
    except KeyError as error:
        raise TargetError(f"There is no KPI with the code '{code}'.") from error
    _check_thresholds(kpi, target, green_from, amber_from)
    row = KpiTarget.objects.select_for_update().filter(code=code).first() or KpiTarget(code=code)
    row.target, row.green_from, row.amber_from, row.updated_by = (
        target,
        green_from,
        amber_from,
        by,
    )
    row._history_user = by
    if reason:
        row._change_reason = reason
    row.save()
    return row


@transaction.atomic
def round_note_set(*, period: date, note: str, code: str = "", by=None) -> RoundNote | None:
    """Explain a month's figures (for one KPI, or every KPI when ``code`` is empty); an empty
    note removes it."""
    period = month_start(period)
    if code:
        try:
            registry.get(code)
        except KeyError as error:
            raise TargetError(f"There is no KPI with the code '{code}'.") from error
    note = note.strip()
    if not note:
        RoundNote.objects.filter(period=period, code=code).delete()
        return None
    row, _ = RoundNote.objects.update_or_create(
        period=period, code=code, defaults={"note": note, "written_by": by}
    )
    return row


@transaction.atomic
def measure_link_kpis(*, measure: Measure, codes: list[str]) -> None:
    """The KPIs that follow ``measure``: exactly ``codes``."""
    for code in codes:
        try:
            registry.get(code)
        except KeyError as error:
            raise TargetError(f"There is no KPI with the code '{code}'.") from error
    MeasureKpi.objects.filter(measure=measure).exclude(code__in=codes).delete()
    for code in codes:
        MeasureKpi.objects.get_or_create(measure=measure, code=code)
