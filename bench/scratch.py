"""A scratch database for benchmarks: created, migrated and dropped, never the real one.

A benchmark that compares sizes of data side by side copies the scratch database
(``clone``) and switches the default connection between the copies (``use``), so that it can
alternate its measurements between them instead of timing one size after the other.
"""

import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaf.settings")
    # The harness needs no secret of its own; a throwaway one keeps DEBUG (and its query log) off.
    os.environ.setdefault("SECRET_KEY", f"bench-only-{secrets.token_hex(24)}")
    import django

    django.setup()


_clones: list[str] = []
_wrappers: dict = {}


@contextmanager
def database(*, on_disk: bool = False):
    """Yield the database vendor while a fresh, migrated scratch database is the default.

    ``on_disk`` keeps a SQLite scratch database in a file (rather than in memory), so that
    ``clone`` can copy it; PostgreSQL's always can be.
    """
    setup_django()
    from django.db import connection

    settings_dict = connection.settings_dict
    folder = None
    if connection.vendor == "postgresql":
        settings_dict.setdefault("TEST", {})["NAME"] = f"{settings_dict['NAME']}_bench"
    elif on_disk:
        folder = tempfile.mkdtemp(prefix="qaf-bench-")
        settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    scratch_name = connection.settings_dict["NAME"]
    try:
        yield connection.vendor
    finally:
        use(scratch_name)
        _drop_clones()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def current() -> str:
    """The name of the database the default connection uses now."""
    from django.db import connection

    return connection.settings_dict["NAME"]


def use(name: str) -> None:
    """Make ``name`` (the scratch database or one of its clones) the default database.

    Each database keeps its own open connection, so switching back and forth costs nothing and
    no measurement pays for a new connection or a cold server-side cache.
    """
    from django.db import connections

    wrapper = connections["default"]
    if wrapper.settings_dict["NAME"] != name:
        _wrappers[wrapper.settings_dict["NAME"]] = wrapper
        wrapper = _wrappers.get(name) or type(wrapper)(
            {**wrapper.settings_dict, "NAME": name}, "default"
        )
        connections["default"] = wrapper
    wrapper.ensure_connection()


def clone(suffix: str) -> str:
    """Copy the database the default connection uses now, as it is; return the copy's name."""
    from django.db import connection

    name = current()
    connection.close()  # PostgreSQL copies only a database nobody is connected to
    if connection.vendor == "postgresql":
        copy = f"{name}_{suffix}"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    else:
        if name == ":memory:" or "mode=memory" in str(name):
            raise RuntimeError("An in-memory scratch database cannot be copied: use on_disk.")
        copy = f"{name}.{suffix}"
        shutil.copyfile(name, copy)
    _clones.append(copy)
    connection.ensure_connection()
    return copy


def _drop_clones() -> None:
    from django.db import connection

    for name, wrapper in list(_wrappers.items()):
        if name != current():
            wrapper.close()
    _wrappers.clear()
    while _clones:
        copy = _clones.pop()
        if connection.vendor == "postgresql":
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        else:
            Path(copy).unlink(missing_ok=True)
