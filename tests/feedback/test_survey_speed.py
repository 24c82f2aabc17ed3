"""The child's survey path stays cheap: the same handful of queries for a short or long form."""

import pytest
from django.urls import reverse

from feedback.models import Question, Survey
from feedback.services import invitation_create

pytestmark = pytest.mark.django_db
ANSWER_POST_BUDGET = 4


def _link_to_a_survey_of(world, size: int) -> str:
    survey = Survey.objects.create(
        key=f"speed-{size}",
        title=f"{size} questions",
        audience=Survey.Audience.CHILD,
        status=Survey.Status.PUBLISHED,
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=n,
            text=f"Question {n}",
            kind=Question.Kind.FREE_TEXT if n == size else Question.Kind.SCALE,
        )
        for n in range(1, size + 1)
    )
    _, token = invitation_create(
        survey=survey, child=world.child, created_by=world.users.practitioner
    )
    return token


@pytest.mark.parametrize("size", [3, 30])
def test_saving_a_picture_answer_costs_the_same_few_queries_for_any_length_of_form(
    client, world, django_assert_max_num_queries, size
):
    token = _link_to_a_survey_of(world, size)
    url = reverse("feedback:survey_question", args=[token, 2])
    client.post(url, {"choice": "3"})  # the first answer also starts the form
    with django_assert_max_num_queries(ANSWER_POST_BUDGET) as captured:
        response = client.post(url, {"choice": "4"})
    assert response.status_code == 302
    assert not [q for q in captured.captured_queries if "SAVEPOINT" in q["sql"]]


@pytest.mark.parametrize("size", [3, 30])
def test_saving_written_words_costs_the_same_few_queries_for_any_length_of_form(
    client, world, django_assert_max_num_queries, size
):
    token = _link_to_a_survey_of(world, size)
    url = reverse("feedback:survey_question", args=[token, size])
    with django_assert_max_num_queries(ANSWER_POST_BUDGET + 1):
        response = client.post(url, {"text": "It was fine, thank you"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:survey_check", args=[token])


def test_a_published_forms_questions_are_read_once_not_on_every_page(
    client, world, django_assert_max_num_queries
):
    from django.utils import timezone

    token = _link_to_a_survey_of(world, 5)
    Survey.objects.filter(key="speed-5").update(published_at=timezone.now())
    first = reverse("feedback:survey_question", args=[token, 1])
    client.get(first)
    # The link and the child's saved answer; the questions are already known.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("feedback:survey_question", args=[token, 2]))
    assert "Question 2" in response.text
    assert "Question 2 of 5" in response.text
