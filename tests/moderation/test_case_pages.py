"""Every page about one case names the case: its reference, the child's name and the case type,
in the same caption, so that nothing is recorded against the wrong child.

The pages and the cases behind them are the role x URL matrix's: the world's team A has four
cases in one round, so a page that named only the round and the team could be any of them.
"""

import re

import pytest
from django.urls import reverse

from audits.models import CaseAudit
from tests.audits.routes import ROUTES as AUDIT_ROUTES
from tests.audits.routes import extend as audits_extend
from tests.moderation.routes import ROUTES as LOOP_ROUTES
from tests.moderation.routes import extend as loop_extend

pytestmark = pytest.mark.django_db

ROUTES = {route.name: route for route in (*AUDIT_ROUTES, *LOOP_ROUTES)}

# Each single-case page, and how to find the audit it is about from the matrix's world.
CASE_PAGES = {
    "audits:detail": lambda world: world.case_audit,
    "audits:history": lambda world: world.case_audit,
    "audits:grading": lambda world: world.case_audit,
    "audits:grading_domain": lambda world: world.case_audit,
    "audits:grading_overall": lambda world: world.case_audit,
    "audits:grading_submit": lambda world: world.case_audit,
    "audits:conversation_add": lambda world: world.case_audit,
    "audits:concern_raise": lambda world: world.case_audit,
    "audits:concern": lambda world: world.case_audit,
    "audits:assign": lambda world: world.case_audit,
    "moderation:detail": lambda world: world.moderation.case_audit,
    "moderation:record": lambda world: world.moderation.case_audit,
    "moderation:assign": lambda world: world.moderation.case_audit,
    "moderation:note": lambda world: world.note.moderation.case_audit,
    "moderation:case": lambda world: world.moderated_audit,
    "moderation:history": lambda world: world.moderated_audit,
    "moderation:grading_themes": lambda world: world.moderated_audit,
    "moderation:action_add": lambda world: world.moderated_audit,
    "moderation:feedback_give": lambda world: world.moderated_audit,
    "moderation:action": lambda world: world.action.case_audit,
    "moderation:feedback": lambda world: world.feedback.case_audit,
    "moderation:follow_up": lambda world: world.follow_up.case_audit,
    "moderation:escalation": lambda world: world.escalation.case_audit,
}


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found, "The page has no <main>"
    return found.group(0)


def _caption(main: str) -> str:
    found = re.search(r"<p[^>]*data-case-caption[^>]*>(.*?)</p>", main, re.S)
    assert found, "The page has no case caption"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.fixture
def case_world(world):
    audits_extend(world)
    loop_extend(world)
    return world


@pytest.mark.parametrize("name", sorted(CASE_PAGES))
def test_each_single_case_page_names_the_case_and_its_type(client, case_world, name):
    route = ROUTES[name]
    role = next(role for role, status in route.expect.items() if status == 200)
    client.force_login(getattr(case_world.users, role))
    audit = CaseAudit.objects.select_related("child", "round", "team").get(
        pk=CASE_PAGES[name](case_world).pk
    )

    response = client.get(reverse(name, kwargs=route.kwargs(case_world) if route.kwargs else {}))

    assert response.status_code == 200
    caption = _caption(_main(response.content.decode()))
    assert audit.child.child_id in caption
    assert audit.get_case_kind_display() in caption
    assert f"{audit.round} audit, {audit.team}" in caption


def test_the_caption_tells_apart_two_cases_of_one_team_in_one_round(client, case_world):
    """The concern page of the world's child, not one of the other cases of team A."""
    client.force_login(case_world.users.peer_auditor)
    others = CaseAudit.objects.filter(team=case_world.team_a).exclude(pk=case_world.case_audit.pk)
    assert others.exists()

    response = client.get(reverse("audits:concern_raise", args=[case_world.case_audit.pk]))

    caption = _caption(_main(response.content.decode()))
    assert caption.startswith("Case C0000001, Alfie")
    assert "Child protection" in caption
    for other in others.select_related("child"):
        assert other.child.child_id not in caption
