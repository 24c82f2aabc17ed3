"""Participation groups run in the app: groups, sessions on the audits' theme counts, and a
named manager's answer to each recommendation, shown back to the group."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from feedback.models import ParticipationGroup, ParticipationRecommendation
from feedback.services import (
    FeedbackError,
    participation_group_create,
    participation_recommendation_answer,
    participation_session_record,
)
from qaf import audit_themes
from qaf.models import Notification

pytestmark = pytest.mark.django_db
Status = ParticipationRecommendation.Status


@pytest.fixture
def themes(monkeypatch):
    counts = [
        audit_themes.ThemeCount("The child's voice is missing from the plan", 14),
        audit_themes.ThemeCount("Changes of social worker", 6),
    ]
    monkeypatch.setattr(audit_themes, "_counter", [lambda since: counts])
    return counts


@pytest.fixture
def session(world):
    group = participation_group_create(name="Young Reviewers", by=world.users.participation_worker)
    return participation_session_record(
        group=group,
        held_on=dt.date(2026, 3, 3),
        attended=9,
        themes_shown=["Changes of social worker"],
        theme_counts={"Changes of social worker": 6},
        views="A new worker should read my file before they meet me.",
        recommendations=["Every new worker reads the file and says hello by letter first."],
        manager=world.users.team_manager,
        by=world.users.participation_worker,
    )


def test_a_participation_worker_sets_up_a_group_in_the_app(client, world):
    client.force_login(world.users.participation_worker)
    response = client.post(
        reverse("feedback:participation_group_create"),
        {"name": "  Sixteen Plus   Panel ", "description": "Young people leaving care."},
    )
    group = ParticipationGroup.objects.get(name="Sixteen Plus Panel")
    assert response["Location"] == reverse("feedback:participation_group", args=[group.pk])
    assert group.created_by == world.users.participation_worker
    page = client.get(response["Location"]).content.decode()
    assert '<h1 class="govuk-heading-xl">Sixteen Plus Panel</h1>' in page


def test_a_group_name_already_used_is_refused_with_a_message(client, world):
    participation_group_create(name="Young Reviewers", by=world.users.participation_worker)
    client.force_login(world.users.participation_worker)
    response = client.post(
        reverse("feedback:participation_group_create"), {"name": "young reviewers"}
    )
    assert response.status_code == 200
    assert "There is already a group called" in response.content.decode()
    assert ParticipationGroup.objects.filter(name__iexact="young reviewers").count() == 1


def test_a_session_offers_the_audits_themes_as_counts_never_a_case(client, world, themes):
    client.force_login(world.users.participation_worker)
    page = client.get(reverse("feedback:participation_create")).content.decode()
    assert "The child&#x27;s voice is missing from the plan (found in 14 audits)" in page
    assert "Changes of social worker (found in 6 audits)" in page
    assert world.child.child_id not in page


def test_a_theme_not_offered_is_refused(client, world, themes):
    client.force_login(world.users.participation_worker)
    group = participation_group_create(name="Young Reviewers", by=world.users.participation_worker)
    response = client.post(
        reverse("feedback:participation_create"),
        {
            "group": group.pk,
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2026",
            "attended": "5",
            "themes_shown": [f"Child {world.child.child_id}"],
            "views": "Views.",
        },
    )
    assert "Choose themes from the list" in response.content.decode()
    assert not group.sessions.exists()


def test_recommendations_need_a_manager_to_answer_them(client, world, themes):
    client.force_login(world.users.participation_worker)
    group = participation_group_create(name="Young Reviewers", by=world.users.participation_worker)
    response = client.post(
        reverse("feedback:participation_create"),
        {
            "group": group.pk,
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2026",
            "attended": "5",
            "views": "Views.",
            "recommendations": "Shorter plans",
        },
    )
    assert "Choose a manager to answer the recommendations" in response.content.decode()
    assert not group.sessions.exists()


def test_the_named_manager_is_told_and_answers_and_the_group_sees_the_answer(
    client, world, session
):
    recommendation = session.recommendation_set.get()
    manager = world.users.team_manager
    assert Notification.objects.filter(recipient=manager).exists()
    client.force_login(manager)
    assert "Answer a recommendation" in client.get(reverse("home")).content.decode()

    response = client.post(
        reverse("feedback:recommendation_answer", args=[recommendation.pk]),
        {"answer": "From January every new worker writes to the child before the first visit."},
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Status.ANSWERED
    assert recommendation.answered_at is not None
    client.force_login(world.users.participation_worker)
    group_page = client.get(
        reverse("feedback:participation_group", args=[session.group.pk])
    ).content.decode()
    assert "From January every new worker writes to the child" in group_page
    assert manager.display_name in group_page


def test_an_empty_answer_is_refused_and_the_recommendation_stays_open(client, world, session):
    recommendation = session.recommendation_set.get()
    client.force_login(world.users.team_manager)
    response = client.post(
        reverse("feedback:recommendation_answer", args=[recommendation.pk]), {"answer": "  "}
    )
    assert "Enter your answer to the group" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == Status.OPEN


def test_only_the_named_manager_may_answer(client, world, session):
    recommendation = session.recommendation_set.get()
    url = reverse("feedback:recommendation_answer", args=[recommendation.pk])
    client.force_login(world.users.senior_manager)  # a manager, but not the one named
    assert client.post(url, {"answer": "Yes."}).status_code == 404
    client.force_login(world.users.participation_worker)  # reads it, may not answer
    assert client.post(url, {"answer": "Yes."}).status_code == 403
    with pytest.raises(FeedbackError, match="You cannot answer"):
        participation_recommendation_answer(
            recommendation=recommendation, answer="Yes.", by=world.users.senior_manager
        )
    recommendation.refresh_from_db()
    assert recommendation.status == Status.OPEN


@pytest.mark.parametrize("state", Status.values)
@pytest.mark.parametrize("action", ["answer"])
def test_every_state_and_action_of_a_recommendation(world, session, state, action):
    recommendation = session.recommendation_set.get()
    ParticipationRecommendation.objects.filter(pk=recommendation.pk).update(
        status=state, answer="Answered before." if state == Status.ANSWERED else ""
    )
    recommendation.refresh_from_db()
    # Written out, not read from the machine: only an open recommendation can be answered.
    if state == "open":
        participation_recommendation_answer(
            recommendation=recommendation, answer="Yes.", by=world.users.team_manager
        )
        recommendation.refresh_from_db()
        assert recommendation.status == "answered"
    else:
        with pytest.raises(FeedbackError, match="so it cannot be answered now"):
            participation_recommendation_answer(
                recommendation=recommendation, answer="Again.", by=world.users.team_manager
            )
        recommendation.refresh_from_db()
        assert recommendation.answer == "Answered before."


def test_the_voice_app_never_imports_moderation():
    """Participation pages get theme counts through qaf.audit_themes, which moderation fills."""
    root = Path(__file__).resolve().parents[2] / "feedback"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "moderation" for name in names):
                offenders.append(str(path.relative_to(root.parent)))
    assert offenders == []


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("feedback:participation_list", "participation_worker"),
        ("feedback:participation_group", "participation_worker"),
    ],
)
def test_group_pages_keep_their_query_count_as_sessions_grow(
    client, world, session, django_assert_max_num_queries, url_name, role
):
    client.force_login(getattr(world.users, role))
    group = session.group
    url = reverse(url_name, args=[group.pk]) if url_name.endswith("group") else reverse(url_name)
    counts, made = [], 1
    for total in (3, 30):
        while made < total:
            other = participation_group_create(
                name=f"Group {made}", by=world.users.participation_worker
            )
            for target in (group, other):
                participation_session_record(
                    group=target,
                    held_on=dt.date(2026, 3, 3),
                    attended=5,
                    themes_shown=[],
                    views="Views",
                    recommendations=["One", "Two"],
                    manager=world.users.team_manager,
                    by=world.users.participation_worker,
                )
            made += 1
        with django_assert_max_num_queries(30) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
