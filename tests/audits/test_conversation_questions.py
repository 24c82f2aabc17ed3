"""The peer auditor's conversations answer Improvement Plan questions in structured form: each
question is offered only to the people it is for, and its answers are saved with the
conversation or not at all."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.errors import AuditError
from audits.models import Conversation, ConversationAnswer, ConversationQuestion
from audits.services import conversation_record
from tests.factories import ConversationQuestionFactory, MeasureFactory

pytestmark = pytest.mark.django_db

Answer = ConversationAnswer.Answer
AskedOf = ConversationQuestion.AskedOf


@pytest.fixture
def questions():
    measure = MeasureFactory(code="voice_explained")
    return {
        "child": ConversationQuestionFactory(
            measure=measure, asked_of=AskedOf.CHILD, text="Do you know why your worker visits?"
        ),
        "parent": ConversationQuestionFactory(
            measure=measure,
            asked_of=AskedOf.PARENT_OR_CARER,
            text="Did someone explain why we are involved?",
        ),
        "both": ConversationQuestionFactory(
            measure=measure, asked_of=AskedOf.BOTH, text="Did you help make the plan?"
        ),
        "retired": ConversationQuestionFactory(
            measure=measure, asked_of=AskedOf.BOTH, text="An old question", active=False
        ),
    }


def conversation_data(person=Conversation.Person.CHILD, **answers):
    data = {
        "person": person,
        "held_on_0": "5",
        "held_on_1": "10",
        "held_on_2": "2026",
        "method": Conversation.Method.IN_PERSON_HOME,
        "seen_alone": "yes" if person == Conversation.Person.CHILD else "",
        "in_their_words": "She comes every two weeks because of what happened at home.",
    }
    data.update(answers)
    return data


def field(question) -> str:
    return f"answer_{question.pk}"


def test_answers_are_saved_with_the_conversation(client, world, case_audit, questions):
    client.force_login(world.users.peer_auditor)

    response = client.post(
        reverse("audits:conversation_add", args=[case_audit.pk]),
        conversation_data(
            **{field(questions["child"]): Answer.YES, field(questions["both"]): Answer.PARTLY}
        ),
    )

    assert response.status_code == 302
    conversation = Conversation.objects.get()
    saved = {a.question.text: a.answer for a in conversation.answers.select_related("question")}
    assert saved == {
        "Do you know why your worker visits?": "yes",
        "Did you help make the plan?": "partly",
    }
    history = ConversationAnswer.history.filter(conversation_id=conversation.pk)
    assert {row.history_user for row in history} == {world.users.peer_auditor}
    # The answers are read back with the conversation on the audit's page.
    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text
    assert "Do you know why your worker visits?" in page
    assert "Partly" in page


def test_a_bad_answer_is_a_form_error_and_nothing_is_saved(client, world, case_audit, questions):
    client.force_login(world.users.peer_auditor)

    response = client.post(
        reverse("audits:conversation_add", args=[case_audit.pk]),
        conversation_data(
            **{field(questions["child"]): "definitely", field(questions["both"]): Answer.NO}
        ),
    )

    assert response.status_code == 200
    assert "Choose one of the answers to &#x27;Do you know why your worker visits?&#x27;" in (
        response.text
    )
    assert f'href="#id_{field(questions["child"])}_1"' in response.text
    assert not Conversation.objects.exists()
    assert not ConversationAnswer.objects.exists()


def test_each_question_for_the_person_needs_an_answer(client, world, case_audit, questions):
    client.force_login(world.users.peer_auditor)

    response = client.post(
        reverse("audits:conversation_add", args=[case_audit.pk]),
        conversation_data(**{field(questions["child"]): Answer.NOT_ASKED}),
    )

    assert response.status_code == 200
    assert "Choose an answer to &#x27;Did you help make the plan?&#x27;" in response.text
    assert not Conversation.objects.exists()


def test_a_question_for_the_child_is_not_offered_for_the_social_worker(
    client, world, case_audit, questions
):
    client.force_login(world.users.peer_auditor)
    url = reverse("audits:conversation_add", args=[case_audit.pk])

    chosen = client.get(url, {"person": Conversation.Person.SOCIAL_WORKER})
    for_child = client.get(url, {"person": Conversation.Person.CHILD})

    assert field(questions["child"]) not in chosen.text
    assert field(questions["both"]) not in chosen.text
    assert field(questions["child"]) in for_child.text
    assert field(questions["both"]) in for_child.text
    assert field(questions["parent"]) not in for_child.text
    # An answer sent anyway for the child's question is not kept for the social worker.
    response = client.post(
        url,
        conversation_data(
            Conversation.Person.SOCIAL_WORKER, **{field(questions["child"]): Answer.YES}
        ),
    )
    assert response.status_code == 302
    assert Conversation.objects.get().person == Conversation.Person.SOCIAL_WORKER
    assert not ConversationAnswer.objects.exists()


def test_before_the_person_is_chosen_every_active_question_is_shown_grouped_by_whom_for(
    client, world, case_audit, questions
):
    client.force_login(world.users.peer_auditor)

    page = client.get(reverse("audits:conversation_add", args=[case_audit.pk])).text

    headings = [
        "Questions for the child or young person",
        "Questions for a parent or carer",
        "Questions for both the child and a parent or carer",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for name in ("child", "parent", "both"):
        assert f'name="{field(questions[name])}"' in page
    assert field(questions["retired"]) not in page
    # Each question is its own group of radios, named by a legend; the case is named too.
    assert page.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">') >= 3
    assert world.child.child_id in page


def test_the_service_refuses_a_question_not_for_the_person_or_no_longer_asked(
    world, case_audit, questions
):
    record = {
        "case_audit": case_audit,
        "by": world.users.peer_auditor,
        "held_on": dt.date(2026, 10, 5),
        "method": Conversation.Method.PHONE,
        "in_their_words": "Fine.",
    }
    with pytest.raises(AuditError, match="is a question for the child or young person"):
        conversation_record(
            person=Conversation.Person.PARENT_OR_CARER,
            answers={questions["child"]: Answer.YES},
            **record,
        )
    with pytest.raises(AuditError, match="no longer asked"):
        conversation_record(
            person=Conversation.Person.PARENT_OR_CARER,
            answers={questions["retired"]: Answer.YES},
            **record,
        )
    with pytest.raises(AuditError, match="Choose one of the answers"):
        conversation_record(
            person=Conversation.Person.PARENT_OR_CARER,
            answers={questions["parent"]: "maybe"},
            **record,
        )
    assert not Conversation.objects.exists()
