"""The cross-check pages: each KPI from a return beside the same KPI from the case data, on
small returns whose figures were counted by hand (tests/casework/data)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.models import CaseEvent, Child, ChildAccessLog, Episode, ImportRun
from kpis.cross_checks import (
    children_in_need_cross_check,
    looked_after_cross_check,
    reviews_in_timescale,
)
from tests.casework.conftest import DATA
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory, UserFactory

pytestmark = pytest.mark.django_db

CLEAN_903 = sorted((DATA / "ssda903" / "clean").glob("*.csv"))
CENSUS = DATA / "cin_census" / "census.xml"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def import_903():
    call_command("import_ssda903", *map(str, CLEAN_903), "--year", "2026", stdout=StringIO())
    return ImportRun.objects.get(source=ImportRun.Source.SSDA903)


def import_census():
    call_command("import_cin_census", str(CENSUS), "--year", "2026", stdout=StringIO())
    return ImportRun.objects.get(source=ImportRun.Source.CIN_CENSUS)


def figures(rows):
    return [
        (row.from_return.numerator, row.from_return.denominator, row.from_return.value)
        for row in rows
    ]


@pytest.mark.parametrize(
    ("start", "reviews", "expected"),
    [
        # First within 20 working days, second within 3 months, then every 6 months.
        ("2025-02-01", ["2025-02-20", "2025-05-15", "2025-11-10"], True),
        # The third review was due on 20 February 2026 and had not been held by 31 March.
        ("2025-05-01", ["2025-05-20", "2025-08-20"], False),
        # The first review was late (more than 20 working days after coming into care).
        ("2025-05-01", ["2025-06-20"], False),
        # Came into care eleven days before the year's end: the first review is not yet due.
        ("2026-03-20", [], True),
    ],
)
def test_reviews_in_timescale_follow_the_statutory_intervals(start, reviews, expected):
    assert reviews_in_timescale(d(start), [d(day) for day in reviews], d("2026-03-31")) is expected


def test_the_903_kpis_from_the_return_match_the_hand_count():
    import_903()
    rows = looked_after_cross_check(2026)
    assert figures(rows) == [
        # C001, C002 and C004 are in care on 31 March; C003 left on 30 November.
        (3, None, Decimal(3)),
        # C002 started four placements in the year; C001 two, C004 one.
        (1, 3, Decimal("33.3")),
        # C001 and C004 are in time; C002's third review was overdue.
        (2, 3, Decimal("66.7")),
        # C001 had SW1, SW2 and SW3 in the year.
        (1, 3, Decimal("33.3")),
    ]
    assert rows[1].from_return.children == {"C002"}
    assert rows[2].from_return.children == {"C001", "C004"}
    assert rows[3].from_return.children == {"C001"}


def test_the_903_cross_check_names_the_children_behind_each_difference():
    import_903()
    # The case data has C001 in care with three workers this year, and still has C003 in care.
    workers = UserFactory.create_batch(3)
    c001, c003 = (Child.objects.get(child_id=child_id) for child_id in ("C001", "C003"))
    EpisodeFactory(child=c001, kind=Episode.Kind.CLA, start_date=d("2025-02-01"), end_date=None)
    EpisodeFactory(child=c003, kind=Episode.Kind.CLA, start_date=d("2024-04-01"), end_date=None)
    for worker, (start, end) in zip(
        workers,
        [("2025-02-01", "2025-06-30"), ("2025-07-01", "2025-12-31"), ("2026-01-01", None)],
        strict=True,
    ):
        AllocationFactory(
            child=c001,
            worker=worker,
            start_date=d(start),
            end_date=d(end) if end else None,
        )
    looked_after, _, _, social_workers = looked_after_cross_check(2026)
    assert looked_after.from_case_data.numerator == 2
    assert looked_after.difference == 1
    assert looked_after.only_in_return == ["C002", "C004"]
    assert looked_after.only_in_case_data == ["C003"]
    assert social_workers.from_case_data.children == {"C001"}
    assert social_workers.only_in_return == social_workers.only_in_case_data == []


def test_the_census_kpis_from_the_return_match_the_hand_count():
    import_census()
    rows = children_in_need_cross_check(2026)
    assert figures(rows) == [
        # C101 twice, C102, C103 in 2026 (C103's 2024 referral is before the year).
        (4, None, Decimal(4)),
        # C101's December referral came within 12 months of its April one.
        (1, 4, Decimal(25)),
        # Authorised in the year: C101 in April-May (in time) and December-March (late), C102.
        (2, 3, Decimal("66.7")),
        # C101's December plan follows its plan of May.
        (1, 3, Decimal("33.3")),
    ]
    assert rows[1].from_return.children == {"C101"}


def test_the_return_is_not_counted_twice_in_the_practice_kpis():
    from kpis.definitions.practice import _case_events

    import_census()
    assert CaseEvent.objects.filter(source=CaseEvent.Source.CIN_CENSUS).exists()
    assert not _case_events().exists()


def test_the_903_social_worker_episodes_feed_the_three_workers_kpi():
    from kpis.definitions.practice import _three_plus_workers
    from kpis.scopes import Scope

    import_903()
    c001 = CaseEvent.objects.filter(child__child_id="C001").first().child
    AllocationFactory(child=c001, start_date=d("2026-01-01"), end_date=None)
    counted = _three_plus_workers(d("2026-03-01"), Scope.service())
    assert [child.child_id for child in counted] == ["C001"]


def test_a_director_reads_the_cross_check_and_the_children_named_are_logged(client, world):
    run = import_903()
    client.force_login(world.users.director)
    response = client.get(reverse("kpis:return_cross_check", kwargs={"pk": run.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Children looked after at the year&#x27;s end" in page
    assert "C002, C004" in page
    assert ChildAccessLog.objects.filter(user=world.users.director).count() == 3


def test_a_preview_or_a_snapshot_import_has_no_cross_check(client, world):
    from tests.casework.factories import ImportRunFactory

    client.force_login(world.users.qa_officer)
    for run in (
        ImportRunFactory(source="ssda903", status=ImportRun.Status.PREVIEWED),
        ImportRunFactory(source="annex_a"),
    ):
        response = client.get(reverse("kpis:return_cross_check", kwargs={"pk": run.pk}))
        assert response.status_code == 404


@pytest.mark.parametrize("import_return", [import_903, import_census])
def test_the_cross_check_page_makes_the_same_queries_however_many_children(
    client, world, django_assert_max_num_queries, import_return
):
    run = import_return()
    client.force_login(world.users.qa_officer)
    url = reverse("kpis:return_cross_check", kwargs={"pk": run.pk})
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for number in range(30):
        child = ChildFactory(child_id=f"X{number:03}")
        EpisodeFactory(
            child=child, kind=Episode.Kind.CLA, start_date=d("2025-05-01"), end_date=None
        )
        CaseEvent.objects.create(
            child=child,
            kind=CaseEvent.Kind.REFERRAL,
            started_on=d("2025-06-01"),
            source=CaseEvent.Source.CASE_CSV,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
