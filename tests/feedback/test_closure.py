"""Closure surveys: made once per closed case, waiting for the last social worker to send."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from casework.models import Allocation, Episode
from feedback.models import Invitation
from feedback.services import closure_invitations_create, invitation_link_make
from feedback.services.invitations import closure_audiences
from qaf.models import Notification
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory

pytestmark = pytest.mark.django_db
CLOSED = dt.date(2026, 3, 10)


@pytest.fixture
def closed_case(world, surveys):
    """Alfie (born 2015, so ten at closure) has his case closed; his worker held it to the end."""
    world.child.date_of_birth = dt.date(2015, 6, 1)
    world.child.save(update_fields=["date_of_birth"])
    Episode.objects.filter(pk=world.episode.pk).update(end_date=CLOSED)
    Allocation.objects.filter(pk=world.allocation.pk).update(end_date=CLOSED)
    return world


def test_a_closed_case_gets_child_and_parent_closure_surveys_for_its_worker(closed_case):
    made = closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    assert made == 2
    invitations = Invitation.objects.order_by("survey__audience")
    assert [i.survey.audience for i in invitations] == ["child", "parent_carer"]
    for invitation in invitations:
        assert invitation.status == Invitation.Status.PENDING
        assert invitation.source == Invitation.Source.CLOSURE
        assert invitation.survey.journey_point == "closure"
        assert invitation.assigned_to == closed_case.users.practitioner
        assert invitation.token_hash is None  # no link exists until the worker makes it
    note = Notification.objects.get(recipient=closed_case.users.practitioner)
    assert note.subject == "Closure surveys are ready to send"


def test_running_it_again_makes_nothing_new(closed_case):
    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    assert closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31)) == 0
    call_command("create_closure_invitations", "--since", "2026-03-01", "--until", "2026-03-31")
    assert Invitation.objects.count() == 2
    assert Notification.objects.count() == 1


def test_a_case_that_moved_to_another_open_episode_has_not_closed(closed_case):
    EpisodeFactory(
        child=closed_case.child, team=closed_case.team_a, kind=Episode.Kind.CIN, start_date=CLOSED
    )
    assert closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31)) == 0


def test_cases_closed_outside_the_window_are_left_alone(closed_case):
    assert closure_invitations_create(since=dt.date(2026, 3, 11), until=dt.date(2026, 3, 31)) == 0


@pytest.mark.parametrize(
    ("born", "audiences"),
    [
        (dt.date(2023, 1, 1), ["parent_carer"]),
        (dt.date(2020, 1, 1), ["child", "parent_carer"]),
        (dt.date(2012, 1, 1), ["young_person", "parent_carer"]),
        (dt.date(2007, 1, 1), ["young_person"]),
        (None, ["parent_carer"]),
    ],
)
def test_who_is_asked_depends_on_the_childs_age(born, audiences):
    assert closure_audiences(ChildFactory.build(date_of_birth=born), CLOSED) == audiences


def test_the_worker_makes_the_link_when_they_are_ready(client, closed_case):
    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    invitation = Invitation.objects.get(survey__audience="child")
    client.force_login(closed_case.users.practitioner)
    detail = reverse("feedback:invitation_detail", args=[invitation.pk])
    assert "Make the link" in client.get(detail).text
    client.post(reverse("feedback:invitation_make_link", args=[invitation.pk]))
    page = client.get(detail).text
    assert "/feedback/s/" in page
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN
    assert invitation.sent_at is not None


def test_someone_else_cannot_make_the_link(closed_case):
    from feedback.services import FeedbackError

    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    invitation = Invitation.objects.first()
    with pytest.raises(FeedbackError):
        invitation_link_make(invitation=invitation, by=closed_case.users.team_manager)


def test_with_no_worker_the_team_manager_is_given_the_survey(world, surveys):
    child = ChildFactory(child_id="C0000900", date_of_birth=dt.date(2000, 1, 1))
    EpisodeFactory(child=child, team=world.team_a, kind=Episode.Kind.CARE_LEAVER, end_date=CLOSED)
    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    assert Invitation.objects.get().assigned_to == world.users.team_manager


def test_the_jobs_are_scheduled_and_run_from_tasks(closed_case, time_machine):
    from feedback import tasks

    jobs = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "feedback.tasks.escalate_safeguarding_alerts",
        "feedback.tasks.create_closure_invitations",
        "feedback.tasks.expire_feedback_links",
    } <= jobs
    time_machine.move_to(dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC))
    assert tasks.create_closure_invitations.delay().get() == 2
    assert tasks.expire_feedback_links.delay().get() == 0
    assert tasks.escalate_safeguarding_alerts.delay().get() == 0


def test_a_closed_case_of_another_worker_is_not_theirs_to_see(client, closed_case):
    other_child = ChildFactory(child_id="C0000901")
    EpisodeFactory(child=other_child, team=closed_case.team_b, end_date=CLOSED)
    AllocationFactory(child=other_child, team=closed_case.team_b, end_date=CLOSED)
    closure_invitations_create(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    client.force_login(closed_case.users.practitioner)
    page = client.get(reverse("feedback:invitation_list")).text
    assert "C0000001" in page
    assert "C0000901" not in page
