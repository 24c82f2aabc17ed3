"""Blind grading: neither auditor can read the other's grading, by any URL, until both are in."""

import pytest
from django.urls import get_resolver, reverse

from audits.models import Conversation, Grade, Grading
from audits.selectors import gradings_revealed, gradings_visible_to
from audits.services import conversation_record
from tests.audits.routes import ROUTES, extend
from tests.factories import UserFactory

from .conftest import grade_all, submit_all

pytestmark = pytest.mark.django_db

MANAGER_SECRET = "MANAGER-SECRET-EVIDENCE"
PEER_SECRET = "PEER-SECRET-WORDS"


def audit_urls(world) -> list[str]:
    """Every URL of the audits app, filled in for the world's audit (GET on each)."""
    names = {
        f"audits:{name}"
        for name in get_resolver().namespace_dict["audits"][1].reverse_dict
        if isinstance(name, str)
    }
    routes = {route.name: route for route in ROUTES}
    assert names == set(routes), "every audits URL is checked"
    urls = []
    for name in sorted(names):
        route = routes[name]
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
        if route.data:
            url += "?" + "&".join(f"{k}={v}" for k, v in route.data(world).items())
        urls.append(url)
    return urls + [reverse("home"), reverse("notifications"), reverse("audits:list") + "?page=1"]


@pytest.fixture
def secrets(world):
    extend(world)
    audit = world.case_audit
    submit_all(
        audit,
        world.users.team_manager,
        grade=Grade.INADEQUATE,
        evidence=MANAGER_SECRET,
        strengths=MANAGER_SECRET,
        areas=MANAGER_SECRET,
    )
    conversation_record(
        case_audit=audit,
        by=world.users.peer_auditor,
        person=Conversation.Person.PARENT_OR_CARER,
        held_on=audit.round.period,
        method=Conversation.Method.PHONE,
        in_their_words=PEER_SECRET,
    )
    grade_all(audit, world.users.peer_auditor, evidence=PEER_SECRET, strengths=PEER_SECRET)
    return audit


def test_the_peer_cannot_read_the_managers_grading_by_any_url_before_both_submit(
    client, world, secrets
):
    client.force_login(world.users.team_manager)
    own = client.get(reverse("audits:detail", args=[secrets.pk])).text
    assert MANAGER_SECRET in own, "the manager can read back their own submitted grading"
    client.force_login(world.users.peer_auditor)
    for url in audit_urls(world):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404, 405), url
        assert MANAGER_SECRET not in response.text, url
        assert "side by side" not in response.text, url


@pytest.mark.parametrize("role", ["team_manager", "senior_manager", "director", "qa_officer"])
def test_nobody_else_reads_the_peers_draft_or_conversations_before_both_submit(
    client, world, secrets, role
):
    client.force_login(getattr(world.users, role))
    for url in audit_urls(world):
        response = client.get(url, follow=True)
        if not response["Content-Type"].startswith("text/"):
            # A list's download: read it as CSV, where every cell is plain text.
            response = client.get(url, {"format": "csv"}, follow=True)
        assert PEER_SECRET not in response.text, url
        assert MANAGER_SECRET not in response.text or role == "team_manager", url


def test_the_admin_shows_no_grading_or_conversation_until_both_are_submitted(
    client, world, secrets
):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    manager_grading = Grading.objects.get(auditor=world.users.team_manager)
    for url in (
        reverse("admin:audits_grading_changelist"),
        reverse("admin:audits_grading_change", args=[manager_grading.pk]),
        reverse("admin:audits_conversation_changelist"),
        reverse("admin:audits_caseaudit_change", args=[secrets.pk]),
        reverse("admin:audits_caseaudit_history", args=[secrets.pk]),
    ):
        response = client.get(url, follow=True)
        assert MANAGER_SECRET not in response.text, url
        assert PEER_SECRET not in response.text, url
    assert "0 gradings" in client.get(reverse("admin:audits_grading_changelist")).text

    submit_all(secrets, world.users.peer_auditor, evidence=PEER_SECRET)
    response = client.get(reverse("admin:audits_grading_change", args=[manager_grading.pk]))
    assert MANAGER_SECRET in response.text


def test_once_both_are_in_each_auditor_reads_the_others_grading_and_words(client, world, secrets):
    submit_all(secrets, world.users.peer_auditor, evidence=PEER_SECRET)
    client.force_login(world.users.team_manager)
    page = client.get(reverse("audits:detail", args=[secrets.pk])).text
    assert PEER_SECRET in page
    client.force_login(world.users.peer_auditor)
    page = client.get(reverse("audits:detail", args=[secrets.pk])).text
    assert MANAGER_SECRET in page
    history = client.get(reverse("audits:history", args=[secrets.pk])).text
    assert "Team manager&#x27;s grading: submitted" in history


def test_the_selectors_are_the_one_place_blindness_is_decided(world, secrets):
    peer, manager = world.users.peer_auditor, world.users.team_manager
    assert [g.role for g in gradings_visible_to(peer, case_audit=secrets)] == ["peer_auditor"]
    assert [g.role for g in gradings_visible_to(manager, case_audit=secrets)] == ["team_manager"]
    assert not gradings_revealed().exists()
    submit_all(secrets, peer)
    secrets.refresh_from_db()
    assert gradings_visible_to(peer, case_audit=secrets).count() == 2
    assert gradings_revealed().count() == 2


def test_the_history_hides_the_other_auditors_changes_until_both_are_in(client, world, secrets):
    client.force_login(world.users.peer_auditor)
    history = client.get(reverse("audits:history", args=[secrets.pk])).text
    assert "Peer auditor&#x27;s grading" in history
    assert "Team manager&#x27;s grading" not in history
