"""The list behind a figure is the records stored when the month was worked out; a figure whose
records were never stored says so; the dashboard's tiles are drawn once until a figure, target
or note changes."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Allocation
from kpis.models import KpiMember, KpiSnapshot
from kpis.services import compute_period, set_target
from tests.factories import AllocationFactory, ChildFactory, UserFactory

from .kpi_world import kpi_world_fixture  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]
CODE = "practice.three_plus_social_workers"
SEPTEMBER = date(2026, 9, 1)


def _three_workers(team, count: int) -> list:
    """``count`` children who each had three social workers in 2026, the last still allocated."""
    children = []
    for _ in range(count):
        child = ChildFactory()
        for start, end in (
            (date(2026, 1, 5), date(2026, 3, 31)),
            (date(2026, 4, 1), date(2026, 6, 30)),
        ):
            AllocationFactory(
                child=child, worker=UserFactory(), team=team, start_date=start, end_date=end
            )
        AllocationFactory(child=child, worker=UserFactory(), team=team, start_date=date(2026, 7, 1))
        children.append(child)
    return children


def _children_url(scope: str) -> str:
    return f"{reverse('kpis:kpi_children', args=[CODE])}?scope={scope}&period=2026-09"


def test_the_month_stores_the_records_behind_each_figure(kpi_world):
    children = _three_workers(kpi_world.a1, 3)

    compute_period(SEPTEMBER)

    stored = KpiMember.objects.filter(code=CODE, period=SEPTEMBER)
    assert sorted(int(r) for r in stored.values_list("record_id", flat=True)) == sorted(
        c.pk for c in children
    )
    assert set(stored.values_list("team_id", flat=True)) == {kpi_world.a1.pk}
    snapshot = KpiSnapshot.objects.get(code=CODE, period=SEPTEMBER, scope_kind="service")
    assert snapshot.numerator == 3 and snapshot.members_held


def test_working_the_month_out_twice_stores_the_same_records_once(kpi_world):
    _three_workers(kpi_world.a1, 2)
    compute_period(SEPTEMBER)
    first = sorted(KpiMember.objects.values_list("code", "record_id", "team_id"))

    compute_period(SEPTEMBER)

    assert sorted(KpiMember.objects.values_list("code", "record_id", "team_id")) == first


def test_the_list_is_the_one_the_figure_counted_until_the_month_is_worked_out_again(
    client, kpi_world
):
    children = _three_workers(kpi_world.a1, 2)
    compute_period(SEPTEMBER)
    # A correction after the month was worked out: the first child had only two workers.
    Allocation.objects.filter(child=children[0], start_date=date(2026, 1, 5)).delete()
    client.force_login(kpi_world.director)

    before = client.get(_children_url(f"team:{kpi_world.a1.pk}"))
    compute_period(SEPTEMBER)
    after = client.get(_children_url(f"team:{kpi_world.a1.pk}"))

    assert before.context["page_obj"].paginator.count == 2
    assert children[0].child_id in before.content.decode()
    assert after.context["page_obj"].paginator.count == 1
    assert children[0].child_id not in after.content.decode()
    assert "Assessment North" in after.content.decode()


def test_a_team_manager_reads_their_own_teams_stored_list_and_no_other(client, kpi_world):
    _three_workers(kpi_world.a1, 1)
    _three_workers(kpi_world.b1, 1)
    compute_period(SEPTEMBER)
    client.force_login(kpi_world.manager)

    own = client.get(_children_url(f"team:{kpi_world.a1.pk}"))
    other = client.get(_children_url(f"team:{kpi_world.b1.pk}"))

    assert own.status_code == 200 and own.context["page_obj"].paginator.count == 1
    assert other.status_code == 404


@pytest.mark.parametrize("scope_of", ["service", "area", "team"])
def test_a_stored_list_costs_the_same_queries_for_3_children_and_30(
    client, kpi_world, django_assert_num_queries, scope_of
):
    scopes = {
        "service": "service",
        "area": f"area:{kpi_world.north.pk}",
        "team": f"team:{kpi_world.a1.pk}",
    }
    client.force_login(kpi_world.director)
    _three_workers(kpi_world.a1, 3)
    compute_period(SEPTEMBER)
    client.get(_children_url(scopes[scope_of]))  # the session, once
    # Working months out logs thousands of queries: start the log afresh so it counts these.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_children_url(scopes[scope_of])).status_code == 200
    small = len(captured)  # read now: the capture reads the log when asked
    _three_workers(kpi_world.a1, 27)
    compute_period(SEPTEMBER)

    reset_queries()
    assert small > 0
    with django_assert_num_queries(small):
        response = client.get(_children_url(scopes[scope_of]))
    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["rows"]) == 25


def test_a_figure_whose_records_were_not_kept_says_so_rather_than_listing_nothing(
    client, kpi_world
):
    KpiSnapshot.objects.create(
        code=CODE,
        period=date(2025, 3, 1),
        scope_kind="service",
        numerator=7,
        denominator=40,
        value=Decimal("17.5"),
    )
    client.force_login(kpi_world.director)

    response = client.get(
        f"{reverse('kpis:kpi_children', args=[CODE])}?scope=service&period=2025-03"
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "the list of records behind it is not held for that month" in text
    assert "Nothing was counted here" not in text


def test_the_dashboard_is_drawn_once_and_again_when_a_target_changes(client, kpi_world):
    _three_workers(kpi_world.a1, 2)
    compute_period(SEPTEMBER)
    client.force_login(kpi_world.director)
    url = f"{reverse('kpis:dashboard')}?period=2026-09"
    client.get(reverse("kpis:targets"))  # the session, once
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    first = len(captured)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    second = len(captured)
    set_target(
        CODE,
        target=Decimal(7),
        green_from=Decimal(7),
        amber_from=Decimal(9),
        by=kpi_world.director,
    )
    changed = client.get(url).content.decode()

    assert second < first
    assert "Children with 3 or more social workers in 12 months" in again
    assert "(target 10%)" in again
    assert "(target 7%)" in changed
