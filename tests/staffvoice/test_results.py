"""Results only for groups of at least ten, with the next-smallest group hidden beside one."""

import pytest
from django.urls import reverse

from staffvoice.models import AnonymousComment, AnonymousResponse
from staffvoice.selectors import suppressed, survey_results
from staffvoice.services import staff_comment_check
from tests import factories

from .conftest import scale_ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"A": 12, "B": 15, "C": 30}, set()),
        # C alone is too small; A (the next-smallest) goes with it, or total - A - B = C.
        ({"A": 12, "B": 15, "C": 3}, {"A", "C"}),
        # Two small groups whose sum is still under ten: one more is hidden.
        ({"A": 3, "B": 4, "C": 20, "D": 25}, {"A", "B", "C"}),
        # Two small groups reaching ten between them: nothing else need go.
        ({"A": 6, "B": 5, "C": 20}, {"A", "B"}),
        # An empty group tells nobody anything.
        ({"A": 12, "B": 15, "C": 0}, {"C"}),
        # Everything small: everything hidden.
        ({"A": 2, "B": 3}, {"A", "B"}),
    ],
)
def test_groups_under_ten_and_their_complement_are_hidden(sizes, hidden):
    assert suppressed(sizes, 10) == hidden


def _answers(survey, *, area=None, team=None, count: int, score: int = 4):
    AnonymousResponse.objects.bulk_create(
        AnonymousResponse(
            survey=survey,
            week="2026-W49",
            service_area=area,
            team=team,
            scores={str(scale_ids(survey)[0]): score},
        )
        for _ in range(count)
    )


@pytest.fixture
def three_areas(world, pulse):
    """The world's area with 12 answers, a second with 15 and a third with 3."""
    second = factories.ServiceAreaFactory(name="Front door")
    third = factories.ServiceAreaFactory(name="Children in care")
    factories.TeamFactory(name="Duty", service_area=second)
    factories.TeamFactory(name="Care", service_area=third)
    _answers(pulse, area=world.area, count=12, score=5)
    _answers(pulse, area=second, count=15, score=2)
    _answers(pulse, area=third, count=3, score=1)
    return pulse


def test_the_small_area_and_the_next_smallest_are_hidden_on_known_data(world, three_areas):
    results = survey_results(three_areas)
    assert results.total == 30
    assert results.overall.shown
    by_name = {group.label: group for group in results.areas}
    assert not by_name["Children in care"].shown
    assert not by_name[world.area.name].shown
    assert "smaller group" in by_name[world.area.name].reason
    front_door = by_name["Front door"]
    assert front_door.shown
    assert front_door.questions[0].counts == [0, 15, 0, 0, 0]
    assert front_door.questions[0].agree_percent == 0


def test_nothing_is_shown_under_ten_answers_in_all(world, pulse):
    _answers(pulse, area=world.area, count=9)
    results = survey_results(pulse)
    assert not results.overall.shown
    assert not any(group.shown for group in results.areas + results.teams)
    assert not results.comments_shown


def _comment(survey, text):
    question = survey.questions.get(kind="free_text")
    return AnonymousComment.objects.create(
        survey=survey, question=question, week="2026-W49", text=text
    )


def test_comments_show_only_over_the_threshold_and_once_a_qa_officer_approves(world, pulse):
    approved = _comment(pulse, "More time for visits, please.")
    withheld = _comment(pulse, "My manager in team B shouts at me.")
    waiting = _comment(pulse, "Supervision is always cancelled.")
    _answers(pulse, area=world.area, count=9)
    staff_comment_check(comment=approved, action="approve", by=world.users.qa_officer)
    staff_comment_check(comment=withheld, action="withhold", by=world.users.qa_officer)
    assert survey_results(pulse).comments == []

    _answers(pulse, area=world.area, count=1)
    results = survey_results(pulse)
    assert [c.text for c in results.comments] == [approved.text]
    assert results.comments_to_check == 1
    assert waiting.text not in [c.text for c in results.comments]


def test_the_results_page_says_why_a_group_is_hidden(client, world, three_areas):
    client.force_login(world.users.senior_manager)
    page = client.get(reverse("staffvoice:survey_results", args=[three_areas.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "Not shown: fewer than 10 answers." in page
    assert "Not shown: hidden so that a smaller group" in page
    assert "Front door: 15 answers" in page


def test_a_practitioner_cannot_see_results(client, world, three_areas):
    client.force_login(world.users.practitioner)
    response = client.get(reverse("staffvoice:survey_results", args=[three_areas.pk]))
    assert response.status_code == 403
