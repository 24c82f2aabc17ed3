"""A scratch database for benchmarks: created, migrated and dropped, never the real one."""

import os
import secrets
from contextlib import contextmanager


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaf.settings")
    # The harness needs no secret of its own; a throwaway one keeps DEBUG (and its query log) off.
    os.environ.setdefault("SECRET_KEY", f"bench-only-{secrets.token_hex(24)}")
    import django

    django.setup()


@contextmanager
def database():
    """Yield the database vendor while a fresh, migrated scratch database is the default."""
    setup_django()
    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        settings_dict.setdefault("TEST", {})["NAME"] = f"{settings_dict['NAME']}_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
