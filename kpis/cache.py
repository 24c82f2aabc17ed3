"""The dashboard's figures, drawn once and kept in the cache until a figure, target or note
changes.

Forty tiles with their charts, headlines and thresholds take far longer to draw than the
snapshots take to read, and they change only when a month is worked out again, a target is set
or a note written. Each of those moves a version on (now, and again after commit, so a page
drawn from the data before the commit is not kept); a drawn part of the page is kept under the
version it was drawn at, so every process sees a change at once when the cache is shared.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

VERSION_KEY = "qaf:kpis:figures-version"


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet, or evicted: any new value will do
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)


def figures_changed(**kwargs) -> None:
    """A snapshot, target or note has changed: draw the figures afresh."""
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] is _bump for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump)


def forget_all() -> None:
    _bump()


def version() -> int:
    found = cache.get(VERSION_KEY)
    if found is None:
        _bump()
        found = cache.get(VERSION_KEY)
    return found


def drawn(key: str, draw: Callable[[], str]) -> str:
    """The part of a page ``key`` names as last drawn at the current version, else drawn now."""
    seconds = settings.QAF_KPI_CACHE_SECONDS
    if seconds <= 0:
        return draw()
    full_key = f"qaf:kpis:{version()}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = draw()
        cache.set(full_key, found, seconds)
    return found


def watch() -> None:
    """Move the version on whenever a snapshot, target or note is saved or deleted one by one
    (bulk writes call ``figures_changed`` themselves)."""
    from .models import KpiSnapshot, KpiTarget, RoundNote

    for model in (KpiSnapshot, KpiTarget, RoundNote):
        uid = f"kpis-figures:{model._meta.label}"
        post_save.connect(figures_changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(figures_changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
