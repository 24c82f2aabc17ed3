"""The page-speed benchmark's helpers, on a tiny scale. Only counts are checked, never times."""

import pytest

from bench import pages
from casework.models import Allocation, Child, Episode
from tests.factories import ChildFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_grow_adds_children_with_open_cases_held_in_the_team():
    membership = TeamMembershipFactory()
    ChildFactory.create_batch(2)

    added = pages.grow(3)

    assert added["children"] == 4
    assert Child.objects.count() == 6
    grown = Child.objects.filter(child_id__startswith=pages.GROWTH_PREFIX)
    assert Episode.objects.filter(child__in=grown, end_date__isnull=True).count() == 4
    allocations = Allocation.objects.filter(child__in=grown, end_date__isnull=True)
    assert set(allocations.values_list("worker", flat=True)) == {membership.user_id}
    # Growing again carries on numbering instead of colliding.
    assert pages.grow_children(1) == 1


def test_time_page_reports_a_time_and_a_query_count(client):
    client.force_login(UserFactory())

    figures = pages.time_page(client, "/messages/", warm_up=1, repeats=2)

    assert figures["ms"] >= 0
    assert figures["queries"] > 0
