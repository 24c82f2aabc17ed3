"""A create form sent twice (a double click) records once."""

import pytest
from django.urls import reverse

from audits.models import Conversation, SafeguardingConcern
from tests.form_tokens import post_twice

pytestmark = pytest.mark.django_db


def test_a_conversation_sent_twice_is_recorded_once(client, world, case_audit):
    client.force_login(world.users.peer_auditor)

    first, second = post_twice(
        client,
        reverse("audits:conversation_add", args=[case_audit.pk]),
        {
            "person": Conversation.Person.CHILD,
            "held_on_0": "5",
            "held_on_1": "10",
            "held_on_2": "2026",
            "method": Conversation.Method.IN_PERSON_HOME,
            "seen_alone": "yes",
            "in_their_words": "I want to stay at my school.",
        },
    )

    assert Conversation.objects.count() == 1
    assert second["Location"] == first["Location"]
    assert "sent this form twice" in client.get(second["Location"]).text


def test_a_safeguarding_concern_sent_twice_is_raised_once(client, world, case_audit, mailoutbox):
    client.force_login(world.users.team_manager)

    first, second = post_twice(
        client,
        reverse("audits:concern_raise", args=[case_audit.pk]),
        {"concern": "Bruise not followed up.", "action_taken": ""},
    )

    assert SafeguardingConcern.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_a_refused_form_can_be_corrected_and_sent_again_with_the_same_token(
    client, world, case_audit
):
    client.force_login(world.users.team_manager)
    url = reverse("audits:concern_raise", args=[case_audit.pk])

    refused = client.post(url, {"concern": "", "form_token": "a-token"})
    accepted = client.post(url, {"concern": "Bruise not followed up.", "form_token": "a-token"})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert SafeguardingConcern.objects.count() == 1


def test_two_people_may_use_the_same_token_without_blocking_each_other(client, world, case_audit):
    url = reverse("audits:concern_raise", args=[case_audit.pk])
    for person in (world.users.team_manager, world.users.senior_manager):
        client.force_login(person)
        client.post(url, {"concern": "Bruise not followed up.", "form_token": "same"})

    assert SafeguardingConcern.objects.count() == 2


def test_a_domain_sent_twice_is_added_to_the_draft_once(client, world, template):
    from audits.services import audit_template_draft_create

    draft = audit_template_draft_create(by=world.users.qa_officer)
    client.force_login(world.users.qa_officer)

    first, second = post_twice(
        client,
        reverse("audits:template_domain_add", args=[draft.pk]),
        {
            "title": "Permanence",
            "description": "",
            "case_kinds": ["cla"],
            "position": "7",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "30",
            "questions-0-text": "Is there a plan for permanence by the second review?",
        },
    )

    assert draft.domains.filter(title="Permanence").count() == 1
    assert second["Location"] == reverse("audits:template", args=[draft.pk])
