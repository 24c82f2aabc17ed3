"""How long each kind of record is kept, and the clean-up that removes what is past it.

Each app registers its record types in its ``AppConfig.ready`` (as it does for "My work"), so the
project package never imports an app. A record type says which records are past a cut-off date and
what happens to them: they are deleted, or their personal details are removed ("anonymised") and
the rest is kept for the figures. The years come from ``settings.QAF_RETENTION_YEARS`` (set by the
``QAF_RETENTION_YEARS`` environment variable), falling back to each type's default.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

DELETE = "deleted"
ANONYMISE = "anonymised"


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    default_years: int
    # The records past the cut-off (a datetime, midnight at the start of that day).
    expired: Callable[[datetime], models.QuerySet]
    kept_from: str
    action: str = DELETE
    # Applies the action and returns how many records it changed; by default the records and
    # their history rows are deleted. An anonymising type must give its own.
    apply: Callable[[models.QuerySet], int] | None = None


@dataclass(frozen=True)
class RetentionResult:
    record_type: RecordType
    years: int
    cutoff: date
    count: int
    dry_run: bool


_record_types: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    """Add a record type; registering the same key again replaces it."""
    _record_types[record_type.key] = record_type
    return record_type


def record_types() -> list[RecordType]:
    return sorted(_record_types.values(), key=lambda record_type: record_type.label)


def years_for(record_type: RecordType) -> int:
    configured = getattr(settings, "QAF_RETENTION_YEARS", {}) or {}
    return int(configured.get(record_type.key, record_type.default_years))


def cutoff_for(years: int, today: date) -> date:
    """The same day ``years`` years before ``today`` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def delete_with_history(records: models.QuerySet) -> int:
    """Delete ``records`` and, where the model keeps one, their change history too."""
    pks = list(records.values_list("pk", flat=True))
    history = getattr(records.model, "history", None)
    if history is not None and pks:
        history.filter(**{f"{records.model._meta.pk.attname}__in": pks}).delete()
    records.model._default_manager.filter(pk__in=pks).delete()
    return len(pks)


def retention_apply(*, dry_run: bool = False, today: date | None = None) -> list[RetentionResult]:
    """Delete or anonymise every registered record past its retention period; one transaction
    per record type. With ``dry_run`` nothing changes: the counts say what would."""
    today = today or timezone.localdate()
    results = []
    for record_type in record_types():
        years = years_for(record_type)
        cutoff = cutoff_for(years, today)
        with transaction.atomic():
            expired = record_type.expired(_midnight(cutoff))
            if dry_run:
                count = expired.count()
            else:
                count = (record_type.apply or delete_with_history)(expired)
        results.append(RetentionResult(record_type, years, cutoff, count, dry_run))
    return results
