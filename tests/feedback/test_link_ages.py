"""Surveys fit the child: the picker shows ages, offers only fitting forms, refuses the rest."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Episode
from feedback.models import Invitation, Survey
from feedback.services import FeedbackError, closure_invitations_create, invitation_create
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory

pytestmark = pytest.mark.django_db
CLOSED = dt.date(2026, 3, 10)


def _years_ago(years: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=years * 365 + 100)


@pytest.fixture
def toddler(world):
    """Three-year-old Poppy, allocated to the practitioner."""
    child = ChildFactory(child_id="C0000300", display_name="Poppy", date_of_birth=_years_ago(3))
    EpisodeFactory(child=child, team=world.team_a)
    AllocationFactory(child=child, worker=world.users.practitioner, team=world.team_a)
    return child


def test_the_child_picker_shows_each_childs_age(client, world, toddler, surveys):
    client.force_login(world.users.practitioner)
    page = client.get(reverse("feedback:invitation_create")).text
    assert "C0000001 (Alfie), age 8" in page
    assert "C0000300 (Poppy), age 3" in page


def test_after_choosing_a_child_only_forms_that_fit_their_age_are_offered(
    client, world, toddler, surveys
):
    client.force_login(world.users.practitioner)
    page = client.get(reverse("feedback:invitation_create"), {"child": toddler.pk}).text
    assert "C0000300 (Poppy), age 3" in page
    assert "parent or carer" in page
    assert "young person (11 to 17)" not in page
    assert "child (5 to 10)" not in page

    alfie = client.get(reverse("feedback:invitation_create"), {"child": world.child.pk}).text
    assert "child (5 to 10)" in alfie
    assert "young person (11 to 17)" not in alfie


def test_a_young_persons_form_for_a_three_year_old_is_refused_and_nothing_is_saved(
    client, world, toddler, surveys
):
    client.force_login(world.users.practitioner)
    response = client.post(
        reverse("feedback:invitation_create"),
        {
            "child": toddler.pk,
            "survey": surveys["experience-during-young-person"].pk,
            "valid_days": "28",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "This form is for a young person (11 to 17). The child is 3" in response.text
    assert not Invitation.objects.exists()
    with pytest.raises(FeedbackError, match="The child is 3"):
        invitation_create(
            survey=surveys["experience-during-young-person"],
            child=toddler,
            created_by=world.users.practitioner,
        )
    assert not Invitation.objects.exists()


def test_the_form_that_fits_is_sent(client, world, toddler, surveys):
    client.force_login(world.users.practitioner)
    response = client.post(
        reverse("feedback:invitation_create"),
        {
            "child": toddler.pk,
            "survey": surveys["experience-during-parent-carer"].pk,
            "valid_days": "28",
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.get().survey.audience == Survey.Audience.PARENT_CARER


def test_a_child_who_is_not_yours_cannot_be_chosen(client, world, surveys):
    stranger = ChildFactory(child_id="C0000999")
    client.force_login(world.users.practitioner)
    page = client.get(reverse("feedback:invitation_create"), {"child": stranger.pk}).text
    assert "Choose a child allocated to you" in page
    assert "C0000999" not in page


@pytest.mark.parametrize(
    ("born", "audiences"),
    [
        (dt.date(2023, 1, 1), {"parent_carer"}),
        (dt.date(2018, 1, 1), {"child", "parent_carer"}),
        (dt.date(2012, 1, 1), {"young_person", "parent_carer"}),
        (dt.date(2006, 1, 1), {"young_person"}),
    ],
)
def test_closure_surveys_are_made_only_for_forms_that_fit_the_child(
    world, surveys, born, audiences
):
    from feedback.audiences import survey_fits

    child = ChildFactory(date_of_birth=born)
    EpisodeFactory(child=child, team=world.team_a, kind=Episode.Kind.CIN, end_date=CLOSED)
    AllocationFactory(child=child, team=world.team_a, end_date=CLOSED)
    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    made = Invitation.objects.filter(child=child).select_related("survey")
    assert {invitation.survey.audience for invitation in made} == audiences
    assert all(survey_fits(invitation.survey, child, CLOSED) for invitation in made)
