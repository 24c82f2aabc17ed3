"""A create form sent twice (a double click) records once."""

import pytest
from django.urls import reverse

from moderation import services
from moderation.models import Action, LearningActivity, LearningTheme
from tests.form_tokens import post_twice

pytestmark = pytest.mark.django_db


def test_an_action_sent_twice_is_agreed_once(client, final, world):
    audit = final.case_audit
    client.force_login(world.users.team_manager)

    first, second = post_twice(
        client,
        reverse("moderation:action_add", args=[audit.pk]),
        {
            "description": "Date the plan.",
            "owner": world.users.practitioner.pk,
            "due_date_0": "11",
            "due_date_1": "12",
            "due_date_2": "2026",
            "then": "done",
        },
    )

    assert Action.objects.count() == 1
    assert second["Location"] == reverse("moderation:case", args=[audit.pk])


def test_a_theme_sent_twice_is_added_once_without_a_duplicate_name_error(client, world):
    client.force_login(world.users.qa_officer)

    first, second = post_twice(
        client, reverse("moderation:theme_add"), {"name": "Voice", "description": ""}
    )

    assert LearningTheme.objects.filter(name="Voice").count() == 1
    assert second["Location"] == reverse("moderation:themes")


def test_a_learning_activity_sent_twice_is_recorded_once(client, world):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Voice")
    client.force_login(world.users.qa_officer)

    first, second = post_twice(
        client,
        reverse("moderation:activity_add"),
        {
            "theme": theme.pk,
            "kind": "workshop",
            "title": "The child's words",
            "held_on_0": "20",
            "held_on_1": "10",
            "held_on_2": "2026",
            "attendance": "14",
        },
    )

    assert LearningActivity.objects.count() == 1
    assert second["Location"] == reverse("moderation:activities")
