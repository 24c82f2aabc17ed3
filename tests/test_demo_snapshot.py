"""The demo copy that tests share holds exactly what ``seed_demo`` leaves behind."""

import pytest
import time_machine
from django.db import connection

from casework.models import Child
from qaf.models import Notification, User
from tests.demo_snapshot import DEMO_DAY, _read_tables, load_demo

pytestmark = pytest.mark.django_db


def _comparable(snapshot: dict) -> dict:
    """Each table's rows in a fixed order, JSON values unwrapped: PostgreSQL returns rows in
    whatever order they lie on disk, and wraps JSON for writing back."""
    return {
        table: sorted(
            (tuple(getattr(value, "adapted", value) for value in row) for row in rows), key=repr
        )
        for table, (_, rows) in snapshot.items()
    }


@time_machine.travel(DEMO_DAY, tick=False)
def test_a_copied_demo_holds_the_same_rows_as_a_seeded_one(settings):
    load_demo()
    seeded = _comparable(_read_tables())
    Child.objects.update(display_name="Changed")
    Notification.objects.all().delete()
    User.objects.filter(username="worker").update(password="")

    load_demo()

    assert _comparable(_read_tables()) == seeded
    assert User.objects.get(username="worker").check_password("demo-password-123")


@time_machine.travel(DEMO_DAY, tick=False)
def test_rows_added_after_the_copy_get_fresh_ids():
    load_demo()
    load_demo()
    highest = Child.objects.order_by("-pk").values_list("pk", flat=True).first()
    child = Child.objects.create(child_id="NEW-1", display_name="New")
    assert child.pk > highest
    assert connection.vendor in {"sqlite", "postgresql"}
