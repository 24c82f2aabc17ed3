"""Seed the demo authority once per test run, then copy its rows back for each later test.

``seed_demo`` builds about ten thousand rows through the services and takes ten seconds or more;
dozens of tests need the same demo. The first test to ask for it (for a given date, demo password
and kind of database access) runs the real command and keeps a copy of every table; later tests
get the same rows written straight back, which takes a fraction of a second. What a test then
sees is exactly what the command left behind, ids and dates included.

Tests that run inside a transaction and browser tests, which commit, share the same copies: the
demo is always seeded inside a transaction that is then rolled back, as in the former, so what
runs after a commit (a task queued by a service, say) never runs while seeding, whichever test
seeds it first.

Parallel workers share the copies through files in ``SHARED_DIR`` (set by ``tests/conftest.py``):
the first worker to need a demo makes it, under a lock, and the others read it, so each demo is
seeded once per run rather than once per worker. Every worker's database is built by the same
migrations, so the copied rows mean the same in each.
"""

import datetime as dt
import fcntl
import hashlib
import os
import pickle
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

# The day most demo tests load the demo on (a Friday), so that they share one copy. Tests about
# the calendar load it on the days they are about.
DEMO_DAY = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

# Where parallel workers leave their copies for each other; None keeps them in this process.
SHARED_DIR: Path | None = None

# (today, demo password) -> {table: (columns, rows)}
_SNAPSHOTS: dict[tuple, dict[str, tuple[list[str], list[tuple]]]] = {}


def load_demo() -> None:
    """Give the current test the demo data as ``seed_demo --force`` would leave it today."""
    key = (timezone.localdate(), os.environ.get("QAF_DEMO_PASSWORD"))
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is not None:
        _write_tables(snapshot)
        return
    if SHARED_DIR is None:
        _SNAPSHOTS[key] = _seed()
        return
    name = hashlib.sha256(repr((key, connection.vendor)).encode()).hexdigest()[:16]
    path = SHARED_DIR / f"demo-{name}.pickle"
    with (SHARED_DIR / f"demo-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                snapshot = pickle.loads(path.read_bytes())  # noqa: S301  (written by this run)
                _write_tables(snapshot)
            else:
                snapshot = _seed()
                partial = path.with_suffix(".partial")
                partial.write_bytes(pickle.dumps(snapshot))
                partial.replace(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _SNAPSHOTS[key] = snapshot


def _seed() -> dict[str, tuple[list[str], list[tuple]]]:
    if connection.in_atomic_block:
        call_command("seed_demo", "--force", stdout=StringIO())
        return _read_tables()
    with transaction.atomic():
        call_command("seed_demo", "--force", stdout=StringIO())
        snapshot = _read_tables()
        transaction.set_rollback(True)
    _write_tables(snapshot)
    return snapshot


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _read_tables() -> dict[str, tuple[list[str], list[tuple]]]:
    snapshot = {}
    with connection.cursor() as cursor:
        for table in _tables():
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = (columns, [_adapt(row) for row in cursor.fetchall()])
    return snapshot


def _adapt(row: tuple) -> tuple:
    """PostgreSQL hands JSON back as Python objects; wrap them so they can be written again."""
    if connection.vendor != "postgresql":
        return tuple(row)
    from psycopg2.extras import Json

    return tuple(Json(value) if isinstance(value, dict | list) else value for value in row)


def _write_tables(snapshot: dict[str, tuple[list[str], list[tuple]]]) -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # Foreign keys are checked at commit, so tables can be emptied and filled in any order.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        for table, (columns, rows) in snapshot.items():
            if not rows:
                continue
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            insert = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES "  # noqa: S608
            if connection.vendor == "postgresql":
                # One statement per thousand rows, not one round trip per row.
                from psycopg2.extras import execute_values

                execute_values(cursor.cursor, insert + "%s", rows, page_size=1000)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"{insert}({marks})", rows)
        if connection.vendor == "postgresql":
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    ContentType.objects.clear_cache()
