"""Strangers to a record: people whose role opens pages of its kind, but who have no part in it.

Another team's manager, another service area's senior manager, a practitioner of the same team to
whom the child is not allocated, and a peer auditor with nothing assigned. Every URL about one
record turns them away; no list they can open names the world's children or its social worker.
"""

import pytest

from tests.matrix import STRANGERS

from .probing import APPS, Visitors, is_object_url, is_turned_away, routes_of, url_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("app", APPS)
def test_strangers_are_turned_away_from_every_record(probe_world, app):
    visitors = Visitors(probe_world, roles=STRANGERS)
    problems = []
    for route in routes_of(app):
        if not is_object_url(route) or route.method != "get":
            continue
        url = url_of(route, probe_world)
        for stranger in STRANGERS:
            response = visitors[stranger].get(url)
            if not is_turned_away(response, stranger):
                problems.append(f"{route.name}: {stranger} got {response.status_code}")
    assert not problems, "\n".join(problems)


def _what_strangers_may_not_see(world) -> list[str]:
    from audits.models import CaseAudit

    children = {audit.child for audit in CaseAudit.objects.select_related("child")}
    children.add(world.child)
    names = [child.child_id for child in children]
    names += [child.display_name for child in children if child.display_name]
    return [*names, world.users.practitioner.full_name]


@pytest.mark.parametrize("app", APPS)
def test_no_list_names_a_child_or_worker_to_a_stranger(probe_world, app):
    visitors = Visitors(probe_world, roles=STRANGERS)
    hidden = _what_strangers_may_not_see(probe_world)
    problems, lists_read = [], 0
    for route in routes_of(app):
        if route.kwargs is not None or route.method != "get":
            continue
        url = url_of(route, probe_world)
        for stranger in STRANGERS:
            response = visitors[stranger].get(url)
            if response.status_code != 200:
                continue
            lists_read += 1
            seen = [name for name in hidden if name in response.text]
            if seen:
                problems.append(f"{route.name}: {stranger} sees {seen}")
    assert not problems, "\n".join(problems)
    # Strangers open no case-data page at all; every other app shows them some list.
    assert lists_read or app == "casework"


def test_the_names_looked_for_are_on_the_lists_of_those_who_may_see_them(probe_world):
    from django.urls import reverse

    visitors = Visitors(probe_world, roles=("team_manager",))
    html = visitors["team_manager"].get(reverse("audits:list")).text
    assert probe_world.child.child_id in html
