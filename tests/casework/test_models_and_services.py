import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from casework import selectors
from casework.models import ChildAccessLog, TeamMembership
from casework.services import CaseworkError, child_access_record, team_membership_start
from qaf.models import normalise_name
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_child_has_at_most_one_open_allocation():
    child = ChildFactory()
    AllocationFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationFactory(child=child)


def test_an_episode_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 2, 1))


def test_moving_team_ends_the_old_membership_on_the_day_the_new_one_starts():
    worker = UserFactory()
    first = TeamMembershipFactory(user=worker)
    new_team = TeamFactory()
    moved = team_membership_start(
        user=worker,
        team=new_team,
        role=TeamMembership.Role.PRACTITIONER,
        start_date=dt.date(2026, 6, 1),
    )
    first.refresh_from_db()
    assert first.end_date == dt.date(2026, 6, 1)
    assert list(selectors.teams_of(worker)) == [new_team]
    assert moved.team == new_team


def test_starting_the_same_membership_twice_changes_nothing():
    membership = TeamMembershipFactory()
    again = team_membership_start(
        user=membership.user,
        team=membership.team,
        role=membership.role,
        start_date=dt.date(2026, 6, 1),
    )
    assert again == membership
    assert TeamMembership.objects.count() == 1


def test_a_membership_cannot_start_before_the_one_it_replaces():
    membership = TeamMembershipFactory(start_date=dt.date(2026, 6, 1))
    with pytest.raises(CaseworkError, match="cannot start before"):
        team_membership_start(
            user=membership.user,
            team=TeamFactory(),
            role=TeamMembership.Role.PRACTITIONER,
            start_date=dt.date(2026, 1, 1),
        )


def test_the_line_manager_of_a_worker_is_the_manager_of_their_team(world):
    assert list(selectors.line_managers_of(world.users.practitioner)) == [world.users.team_manager]
    assert list(selectors.team_managers(world.team_a)) == [world.users.team_manager]
    assert list(selectors.teams_managed_by(world.users.peer_auditor)) == [world.team_b]


def test_a_past_manager_is_not_the_manager_today_but_was_then(world):
    membership = TeamMembership.objects.get(user=world.users.team_manager)
    membership.end_date = dt.date(2026, 5, 1)
    membership.save()
    assert list(selectors.team_managers(world.team_a)) == []
    assert list(selectors.team_managers(world.team_a, on=dt.date(2026, 4, 1))) == [
        world.users.team_manager
    ]


def test_only_open_case_episodes_count_as_open_cases(world):
    EpisodeFactory(
        child=world.child,
        team=world.team_a,
        end_date=dt.date(2026, 2, 1),
        start_date=dt.date(2025, 1, 1),
    )
    closed_child = ChildFactory()
    EpisodeFactory(
        child=closed_child,
        team=world.team_a,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 1),
    )
    assert list(selectors.children_with_open_cases()) == [world.child]
    assert [e.child for e in selectors.open_case_episodes(team=world.team_a)] == [world.child]


def test_opening_a_childs_record_is_logged_without_personal_data(world):
    entry = child_access_record(
        user=world.users.team_manager, child=world.child, context="case audit 42"
    )
    assert ChildAccessLog.objects.get() == entry
    assert entry.context == "case audit 42"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Jo\u00a0SMITH ", "jo smith"), ("jo   smith", "jo smith"), ("", "")],
)
def test_names_are_normalised_for_matching(raw, expected):
    assert normalise_name(raw) == expected


def test_a_users_normalised_name_follows_their_full_name():
    user = UserFactory(full_name="Jo\u00a0 Smith")
    assert user.normalised_name == "jo smith"
    user.full_name = "Jo Bloggs"
    user.save(update_fields=["full_name"])
    user.refresh_from_db()
    assert user.normalised_name == "jo bloggs"
