"""The log of who viewed which child's record outlives the child's record."""

import pytest

from casework.models import Child, ChildAccessLog
from casework.services import child_access_record, child_access_record_many
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_access_log_keeps_the_childs_id_after_the_child_is_deleted(world):
    child = ChildFactory(child_id="C0000777")
    child_access_record(user=world.users.qa_officer, child=child, context="subject access")

    Child.objects.filter(pk=child.pk).delete()

    entry = ChildAccessLog.objects.get()
    assert entry.child is None
    assert entry.child_ref == "C0000777"
    assert entry.user == world.users.qa_officer
    assert "C0000777" in str(entry)


def test_a_list_logs_each_child_it_names_once(world):
    other = ChildFactory(child_id="C0000002")

    logged = child_access_record_many(
        user=world.users.director,
        children=[world.child, other, world.child, None],
        context="audit list",
    )

    assert logged == 2
    assert sorted(ChildAccessLog.objects.values_list("child_ref", flat=True)) == [
        "C0000001",
        "C0000002",
    ]
