"""Lists and dashboards read a fixed number of queries however much there is to show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffvoice.models import (
    AnonymousComment,
    AnonymousResponse,
    CircleMeeting,
    CircleSuggestion,
    QualityCircle,
    Recognition,
    StaffQuestion,
    StaffSurvey,
)

from .conftest import staff_in

pytestmark = pytest.mark.django_db


def _grow(world, size: int, start: int) -> None:
    """``size`` more of everything the pages list."""
    survey = StaffSurvey.objects.order_by("pk").first()
    question = survey.questions.get(kind="free_text")
    members = staff_in(world.team_a, 2, prefix=f"m{start}-")
    if start == 0:
        # Enough answers for results and comments to show at both sizes.
        AnonymousResponse.objects.bulk_create(
            AnonymousResponse(survey=survey, week="2026-W40", scores={}) for _ in range(10)
        )
    for n in range(start, start + size):
        other = StaffSurvey.objects.create(title=f"Survey {n}")
        StaffQuestion.objects.create(survey=other, text="Q")
        circle = QualityCircle.objects.create(name=f"Circle {n}", level="asye")
        circle.members.add(world.users.practitioner, *members)
        circle.facilitator = world.users.practitioner
        circle.save()
        meeting = CircleMeeting.objects.create(
            circle=circle, met_on=dt.date(2026, 10, 1), themes="T", recorded_by=members[0]
        )
        CircleSuggestion.objects.create(meeting=meeting, text="S", answered_by=world.users.director)
        AnonymousComment.objects.create(survey=survey, question=question, week="2026-W40", text="C")
        AnonymousComment.objects.create(
            survey=survey, question=question, week="2026-W40", text="D", status="approved"
        )
        AnonymousResponse.objects.create(
            survey=survey, week="2026-W40", scores={}, service_area=world.area, team=world.team_a
        )
        for person in (world.users.practitioner, members[0], None):
            Recognition.objects.create(
                person=person,
                team=world.team_a,
                source="colleague",
                received_on=dt.date(2026, 10, n % 28 + 1),
                summary="Thanks",
            )


PAGES = [
    ("staffvoice:home", None, "practitioner"),
    ("staffvoice:survey_list", None, "qa_officer"),
    ("staffvoice:survey_results", "survey", "qa_officer"),
    ("staffvoice:comment_list", None, "qa_officer"),
    ("staffvoice:circle_list", None, "practitioner"),
    ("staffvoice:circle_list", None, "qa_officer"),
    ("staffvoice:circle_detail", "circle", "practitioner"),
    ("staffvoice:recognition", None, "practitioner"),
    ("staffvoice:team_recognition", "team", "team_manager"),
    ("staffvoice:monitoring", None, "director"),
]


def _url(name, arg, world):
    if arg == "survey":
        return reverse(name, args=[StaffSurvey.objects.order_by("pk").first().pk])
    if arg == "circle":
        return reverse(name, args=[QualityCircle.objects.order_by("pk").first().pk])
    if arg == "team":
        return reverse(name, args=[world.team_a.pk])
    return reverse(name)


@pytest.mark.parametrize(("name", "arg", "role"), PAGES)
def test_the_page_reads_as_many_queries_for_thirty_rows_as_for_three(
    client, world, pulse, name, arg, role
):
    client.force_login(getattr(world.users, role))
    _grow(world, 3, 0)
    client.get(_url(name, arg, world))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(name, arg, world)).status_code == 200
    _grow(world, 27, 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(name, arg, world)).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(small) <= 20
