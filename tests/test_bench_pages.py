"""The page-speed benchmark's helpers, on a tiny scale. Only counts are checked, never times."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from bench import pages
from casework.models import Allocation, Child, Episode
from tests.factories import ChildFactory, EpisodeFactory, TeamMembershipFactory, UserFactory

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


def test_grow_adds_a_hundred_peer_auditors_who_can_be_chosen_for_other_teams():
    from casework.models import TeamMembership
    from qaf.roles import Role

    TeamMembershipFactory()

    assert pages.grow_peer_auditors(pages.PEER_AUDITORS) == 100

    peers = get_user_model().objects.filter(groups__name=Role.PEER_AUDITOR.value)
    assert peers.count() == 100
    # Each works in a team (so the rules of independence have something to check).
    memberships = TeamMembership.objects.filter(user__in=peers, end_date__isnull=True)
    assert memberships.values("user").distinct().count() == 100


def test_every_timed_list_grows_and_one_to_one_rows_never_share_a_case_audit(world):
    from audits.models import CaseAudit
    from audits.services import audit_template_ensure_default, sample_month
    from moderation.models import Moderation
    from qaf.models import Notification

    audit_template_ensure_default()
    open_cases = [ChildFactory() for _ in range(3)]
    for child in open_cases:
        EpisodeFactory(child=child, team=world.team_a, kind=Episode.Kind.CIN)
    audit_round = sample_month(period=dt.date(2026, 10, 1)).round
    first = CaseAudit.objects.filter(round=audit_round).first()
    Moderation.objects.create(
        case_audit=first,
        reasons="Different",
        routed_on=dt.date(2026, 11, 2),
        due_date=dt.date(2026, 11, 16),
    )
    Notification.objects.create(recipient=world.users.team_manager, subject="Hi", dedupe_key="k")

    added = pages.grow_lists(2)

    # Two copies of the one moderation, each on a case audit that had none.
    assert added["moderations"] == 2
    assert Moderation.objects.values("case_audit").distinct().count() == 3
    assert Notification.objects.filter(subject="Hi").count() == 3
    # With no case audit left to hang a copy on, the copy is left out rather than clashing.
    assert pages.grow_lists(1)["moderations"] == CaseAudit.objects.count() - 3


def test_the_summary_gives_the_median_and_the_95th_percentile():
    assert pages._summary([float(n) for n in range(20, 0, -1)]) == {"ms": 10.5, "p95_ms": 19.0}


def test_pages_are_timed_side_by_side_in_each_database(client):
    from django.db import connection

    client.force_login(UserFactory(username="manager"))
    name = connection.settings_dict["NAME"]

    figures = pages.time_pages_side_by_side(
        {"manager": client},
        [("manager", "/messages/")],
        {"1x": name, "10x": name},
        warm_up=1,
        repeats=3,
    )

    assert set(figures) == {"1x", "10x"}
    for size in figures.values():
        page = size["manager /messages/"]
        assert page["queries"] > 0
        assert page["p95_ms"] >= page["ms"] >= 0
