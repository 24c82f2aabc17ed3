"""Strangers to a record: people whose role opens pages of its kind, but who have no part in it.

Another team's manager, another service area's senior manager, a practitioner of the same team to
whom the child is not allocated, and a peer auditor with nothing assigned. Every URL about one
record turns them away; no list they can open names the world's children or its social worker.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.matrix import STRANGERS

from .probing import APPS, Visitors, is_object_url, is_turned_away, routes_of, url_of

pytestmark = pytest.mark.django_db


# URLs that name a kind of figure, not one record: everyone whose role opens them reads the same
# page. (The children behind a KPI's figure are a record list, and stay in the probe.)
NOT_ONE_RECORD = {
    "kpis:kpi_detail": "one KPI's figures for every area and team",
    "kpis:measure_detail": "an Improvement Plan measure's figures",
}


@pytest.mark.parametrize("app", APPS)
def test_strangers_are_turned_away_from_every_record(probe_world, app):
    visitors = Visitors(probe_world, roles=STRANGERS)
    problems = []
    for route in routes_of(app):
        if not is_object_url(route) or route.method != "get" or route.name in NOT_ONE_RECORD:
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
            # The page names the stranger themself ("signed in as"), whose randomly drawn first
            # name may be a child's too.
            text = response.text.replace(escape(getattr(probe_world.users, stranger).full_name), "")
            seen = [name for name in hidden if escape(name) in text]
            if seen:
                problems.append(f"{route.name}: {stranger} sees {seen}")
    assert not problems, "\n".join(problems)
    # Strangers open no case-data, organisation, API or partnership page at all (the API opens
    # to a token only); every other app shows them some list.
    assert lists_read or app in ("casework", "organisation", "api", "partnership")


def test_the_names_looked_for_are_on_the_lists_of_those_who_may_see_them(probe_world):
    visitors = Visitors(probe_world, roles=("team_manager",))
    html = visitors["team_manager"].get(reverse("audits:list")).text
    assert probe_world.child.child_id in html


# The world's own people with a limited view: none of them works in the other service area.
LIMITED = (
    "practitioner",
    "team_manager",
    "peer_auditor",
    "senior_manager",
    "participation_worker",
    "staff",
)


def _a_child_in_another_area(world):
    """Child C7777777 (Zebedee), in team D of the other area: a link, an alert and an audit."""
    from audits.models import CaseAudit
    from casework.models import Episode, TeamMembership
    from feedback.services import answer_save, invitation_create
    from qaf.roles import Role
    from tests import factories

    worker = factories.UserFactory(username="worker_d", roles=[Role.PRACTITIONER])
    factories.TeamMembershipFactory(user=worker, team=world.team_d)
    manager = factories.UserFactory(username="manager_d", roles=[Role.TEAM_MANAGER])
    factories.TeamMembershipFactory(
        user=manager, team=world.team_d, role=TeamMembership.Role.MANAGER
    )
    child = factories.ChildFactory(child_id="C7777777", display_name="Zebedee")
    factories.EpisodeFactory(child=child, team=world.team_d, kind=Episode.Kind.CLA)
    factories.AllocationFactory(child=child, worker=worker, team=world.team_d)
    invitation, _ = invitation_create(survey=world.voice.survey, child=child, created_by=worker)
    answer_save(
        invitation=invitation, question=world.voice.survey.questions.get(theme="safe"), choice="no"
    )
    CaseAudit.objects.create(
        round=world.audit_round,
        child=child,
        case_kind=Episode.Kind.CLA,
        team=world.team_d,
        social_worker=worker,
        team_manager=manager,
        peer_auditor=world.users.stranger_peer_auditor,
        due_date=world.audit_round.due_date,
    )
    return child


@pytest.mark.parametrize("app", APPS)
def test_no_list_names_a_child_of_another_area_to_the_worlds_own_people(probe_world, app):
    child = _a_child_in_another_area(probe_world)
    visitors = Visitors(probe_world, roles=(*LIMITED, "qa_officer"))
    problems = []
    for route in routes_of(app):
        if route.kwargs is not None or route.method != "get":
            continue
        url = url_of(route, probe_world)
        for role in LIMITED:
            response = visitors[role].get(url)
            if response.status_code == 200 and (
                child.child_id in response.text or escape(child.display_name) in response.text
            ):
                problems.append(f"{route.name}: {role} sees {child.child_id}")
    assert not problems, "\n".join(problems)
    if app == "audits":
        # The QA officer sees everything: the child really is on the list.
        assert child.child_id in visitors["qa_officer"].get(reverse("audits:list")).text
