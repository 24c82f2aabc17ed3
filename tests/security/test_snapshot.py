"""The database snapshot the probes compare before and after a refused request sees every kind
of change a request could make, so that "nothing changed" means what it says."""

import pytest

from tests import factories
from tests.matrix import database_snapshot, snapshot_changes

pytestmark = pytest.mark.django_db


def test_an_unchanged_database_shows_no_change(world):
    assert not snapshot_changes(database_snapshot(), database_snapshot())


def test_a_changed_added_or_deleted_row_shows_as_a_change_to_its_table(world):
    before = database_snapshot()
    world.child.display_name = "Another name"
    world.child.save(update_fields=["display_name"])
    assert snapshot_changes(before, database_snapshot()) == ["casework.child"]

    before = database_snapshot()
    factories.TeamFactory(name="Safeguarding C", service_area=world.area)
    assert snapshot_changes(before, database_snapshot()) == ["casework.team"]

    before = database_snapshot()
    world.allocation.delete()
    assert snapshot_changes(before, database_snapshot()) == ["casework.allocation"]


def test_signing_in_is_not_a_change(world, client):
    before = database_snapshot()
    client.force_login(world.users.practitioner)
    assert not snapshot_changes(before, database_snapshot())
