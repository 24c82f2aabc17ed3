"""The monthly voice page: figures on known data, who sees comments, and its query budget."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from feedback.selectors import voice_month
from feedback.services import (
    answer_save,
    invitation_create,
    invitation_submit,
    survey_start,
    you_said_we_did_record,
)
from qaf.roles import Role
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def team_b_child(world):
    worker = UserFactory(roles=[Role.PRACTITIONER])
    child = ChildFactory(child_id="C0000777", display_name="Zara")
    EpisodeFactory(child=child, team=world.team_b)
    AllocationFactory(child=child, worker=worker, team=world.team_b)
    return child, worker


def respond(survey, child, worker, answers: dict, *, anonymous=False, on=dt.datetime(2026, 3, 10)):
    """One child's answers, sent on ``on``: ``answers`` maps a theme to a choice or text."""
    with time_machine.travel(on.replace(tzinfo=LONDON), tick=False):
        invitation, _ = invitation_create(survey=survey, child=child, created_by=worker)
        survey_start(invitation=invitation)
        for question in survey.questions.all():
            if question.theme in answers:
                value = answers[question.theme]
                if question.kind == "free_text":
                    answer_save(invitation=invitation, question=question, text=value)
                else:
                    answer_save(invitation=invitation, question=question, choice=value)
        return invitation_submit(invitation=invitation, anonymous=anonymous)


@pytest.fixture
def march(world, child_survey, team_b_child):
    a_child, a_worker = world.child, world.users.practitioner
    respond(child_survey, a_child, a_worker, {"contact": "5", "plan": "yes"})
    respond(child_survey, a_child, a_worker, {"contact": "4", "other": "More visits please"})
    respond(child_survey, a_child, a_worker, {"contact": "1", "plan": "no"}, anonymous=True)
    respond(child_survey, *team_b_child, {"contact": "3", "other": "Team B words"})
    respond(child_survey, a_child, a_worker, {"contact": "5"}, on=dt.datetime(2026, 2, 10))
    # A link made in March and never answered.
    with time_machine.travel(dt.datetime(2026, 3, 20, tzinfo=LONDON), tick=False):
        invitation_create(survey=child_survey, child=a_child, created_by=a_worker)


def test_the_service_figures_for_a_month_count_every_team(world, march):
    figures = voice_month(month=MARCH, team=None, comment_teams=None, can_see_comments=True)
    assert figures.current.responses == 4
    assert figures.current.anonymous == 1
    assert figures.links_sent == 5
    assert figures.links_answered == 4
    assert figures.response_rate == 80
    contact = next(row for row in figures.themes if row.theme == "contact")
    assert (contact.current.positive, contact.current.neutral, contact.current.negative) == (
        2,
        1,
        1,
    )
    assert contact.current.percent_positive == 50
    assert [m.responses for m in figures.months] == [0, 0, 0, 0, 1, 4]
    assert contact.cells[-2].positive == 1  # February's answer, in February's column
    assert figures.comment_count == 2


def test_a_team_sees_its_own_figures(world, march):
    figures = voice_month(month=MARCH, team=world.team_a, comment_teams=None, can_see_comments=True)
    assert figures.current.responses == 3
    assert figures.links_sent == 4
    assert figures.response_rate == 75
    plan = next(row for row in figures.themes if row.theme == "plan")
    assert (plan.current.positive, plan.current.negative) == (1, 1)
    assert figures.comment_count == 1


def test_the_monitoring_page_shows_the_month(client, world, march):
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("feedback:monitoring"), {"month": "2026-03"}).text
    assert "Voice of children and families: March 2026" in page
    assert "80%" in page
    assert "Getting in touch with the social worker" in page


def test_comments_are_shown_only_for_teams_the_reader_oversees(client, world, march):
    url = reverse("feedback:comments")
    client.force_login(world.users.team_manager)  # team A
    page = client.get(url, {"month": "2026-03"}).text
    assert "More visits please" in page
    assert "Team B words" not in page
    client.force_login(world.users.peer_auditor)  # team B's manager
    page = client.get(url, {"month": "2026-03"}).text
    assert "Team B words" in page
    assert "More visits please" not in page
    assert client.get(url, {"month": "2026-03", "team": world.team_a.pk}).status_code == 403
    client.force_login(world.users.director)
    page = client.get(url, {"month": "2026-03"}).text
    assert "More visits please" in page and "Team B words" in page


def test_people_without_a_monitoring_role_see_no_figures_or_comments(client, world, march):
    for user in (world.users.practitioner, world.users.participation_worker):
        client.force_login(user)
        assert client.get(reverse("feedback:monitoring")).status_code == 403
        assert client.get(reverse("feedback:comments")).status_code == 403


def test_you_said_we_did_shows_on_the_month_and_publicly_when_chosen(client, world, march):
    you_said_we_did_record(
        team=world.team_a,
        month=MARCH,
        theme="contact",
        you_said="It is hard to reach my social worker.",
        we_did="A duty worker now answers every afternoon.",
        is_public=True,
        by=world.users.team_manager,
    )
    you_said_we_did_record(
        team=None,
        month=MARCH,
        theme="plan",
        you_said="Private note",
        we_did="Not for the public page",
        is_public=False,
        by=world.users.qa_officer,
    )
    client.force_login(world.users.team_manager)
    page = client.get(reverse("feedback:monitoring"), {"month": "2026-03"}).text
    assert "A duty worker now answers every afternoon." in page
    client.logout()
    public = client.get(reverse("feedback:you_said_we_did_public")).text
    assert "A duty worker now answers every afternoon." in public
    assert "Private note" not in public


def test_a_team_manager_cannot_record_you_said_we_did_for_another_team(world):
    from feedback.services import FeedbackError

    with pytest.raises(FeedbackError, match="team you manage"):
        you_said_we_did_record(
            team=world.team_b,
            month=MARCH,
            theme="contact",
            you_said="x",
            we_did="y",
            is_public=False,
            by=world.users.team_manager,
        )


@pytest.mark.parametrize("whole_service", [False, True], ids=["one team", "whole service"])
@pytest.mark.parametrize("url_name", ["feedback:monitoring", "feedback:comments"])
def test_the_monitoring_query_count_does_not_grow_with_responses(
    client, world, child_survey, django_assert_max_num_queries, url_name, whole_service
):
    client.force_login(world.users.director if whole_service else world.users.qa_officer)
    query = {"month": "2026-03"} if whole_service else {"month": "2026-03", "team": world.team_a.pk}
    counts = []
    made = 0
    for total in (3, 30):
        while made < total:
            respond(
                child_survey,
                world.child,
                world.users.practitioner,
                {"contact": str(made % 5 + 1), "other": f"Comment {made}", "plan": "yes"},
                anonymous=made % 2 == 0,
            )
            made += 1
        # 15: the page's own, and one for the recognition of staff that staff voice adds.
        with django_assert_max_num_queries(15) as captured:
            response = client.get(reverse(url_name), query)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _entries(world):
    """Team A's entry, team B's entry, a whole-service one and one of a team in another area."""
    from tests.factories import ServiceAreaFactory, TeamFactory

    elsewhere = TeamFactory(name="Leaving Care", service_area=ServiceAreaFactory(name="Care"))
    made = {}
    for name, team in (
        ("team A", world.team_a),
        ("team B", world.team_b),
        ("whole service", None),
        ("elsewhere", elsewhere),
    ):
        made[name] = you_said_we_did_record(
            team=team,
            month=MARCH,
            theme="contact",
            you_said=f"Said to {name}",
            we_did=f"Done by {name}",
            is_public=False,
            by=world.users.qa_officer,
        )
    return made


def _changeable(client, entries) -> set[str]:
    page = client.get(reverse("feedback:you_said_we_did_list")).text
    return {
        name
        for name, entry in entries.items()
        if reverse("feedback:you_said_we_did_edit", args=[entry.pk]) in page
    }


@pytest.mark.parametrize(
    ("role", "may_change"),
    [
        ("qa_officer", {"team A", "team B", "whole service", "elsewhere"}),
        ("senior_manager", {"team A", "team B", "whole service"}),
        ("team_manager", {"team A"}),
        ("peer_auditor", {"team B"}),
        ("director", set()),
    ],
)
def test_change_links_show_only_on_entries_the_reader_may_change(client, world, role, may_change):
    entries = _entries(world)
    client.force_login(getattr(world.users, role))
    assert _changeable(client, entries) == may_change
    for name, entry in entries.items():
        status = client.get(reverse("feedback:you_said_we_did_edit", args=[entry.pk])).status_code
        assert status == (200 if name in may_change else 403), name


@pytest.mark.parametrize("role", ["team_manager", "peer_auditor"])
def test_a_team_manager_can_neither_open_nor_post_the_form_of_a_whole_service_entry(
    client, world, role
):
    entry = _entries(world)["whole service"]
    client.force_login(getattr(world.users, role))
    url = reverse("feedback:you_said_we_did_edit", args=[entry.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "team": world.team_a.pk,
            "month": "2026-03",
            "theme": "contact",
            "you_said": "Changed by a team manager",
            "we_did": "Changed",
        },
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert (entry.team_id, entry.you_said) == (None, "Said to whole service")


def test_a_stranger_team_manager_cannot_post_a_change_to_another_teams_entry(client, world):
    entry = _entries(world)["team A"]
    client.force_login(world.users.peer_auditor)  # manages team B
    url = reverse("feedback:you_said_we_did_edit", args=[entry.pk])
    response = client.post(
        url,
        {"month": "2026-03", "theme": "contact", "you_said": "Not theirs", "we_did": "No"},
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.you_said == "Said to team A"
