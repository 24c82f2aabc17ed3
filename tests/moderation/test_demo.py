"""The demo loop: every state visible, each demo person with their part, and idempotent."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from audits.models import CaseAudit
from moderation.models import (
    Action,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningActivity,
    LearningNote,
    LearningTheme,
    Moderation,
    PractitionerFeedback,
)
from moderation.selectors import learning_summary
from qaf.models import Notification, User
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _monday_16_november():
    """Overrides the package's clock: the demo is seeded on Friday 20 November 2026."""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo()
    return {u.username: u for u in User.objects.filter(username__in=DEMO)}


DEMO = ["qa", "director", "senior", "manager", "peer", "worker"]


def test_the_demo_shows_every_state_of_the_loop(demo):
    senior = demo["senior"]
    waiting = Moderation.objects.filter(moderator=senior, status=Moderation.Status.TO_MODERATE)
    assert waiting.filter(due_date__lt=TODAY).count() == 1, "one moderation overdue"
    assert waiting.filter(due_date__gte=TODAY).count() == 1, "one still in time"
    shared = Moderation.objects.get(
        status=Moderation.Status.MODERATED,
        moderator=senior,
        case_audit__team_manager=demo["manager"],
        case_audit__peer_auditor=demo["peer"],
    )
    notes = LearningNote.objects.filter(moderation=shared, acknowledged_at__isnull=True)
    assert {n.recipient.username for n in notes} == {"manager", "peer"}
    assert Action.objects.filter(status=Action.Status.OPEN, due_date__lt=TODAY).exists()
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert PractitionerFeedback.objects.filter(
        social_worker=demo["worker"], status=PractitionerFeedback.Status.SENT
    ).exists()
    assert FollowUpReview.objects.filter(
        reviewer=senior, status=FollowUpReview.Status.DUE, due_date__lte=TODAY
    ).exists()
    assert FollowUpReview.objects.filter(
        status=FollowUpReview.Status.COMPLETED, outcome=FollowUpReview.Outcome.IMPROVED
    ).exists()
    escalated = CaseAudit.objects.get(status=CaseAudit.Status.ESCALATED)
    assert (
        Escalation.objects.get(case_audit=escalated, kind=Escalation.Kind.FOLLOW_UP_OUTCOME).status
        == Escalation.Status.OPEN
    )
    states = set(CaseAudit.objects.values_list("status", flat=True))
    assert {
        "in_moderation",
        "moderated",
        "agreed",
        "actions_and_feedback",
        "follow_up",
        "escalated",
        "closed",
    } <= states
    assert FinalGrade.objects.filter(route=FinalGrade.Route.MODERATED).exists()
    assert LearningTheme.objects.count() == 8
    assert LearningActivity.objects.exists()
    summary = learning_summary(dt.date(2026, 10, 1))
    assert summary.rows and summary.rows[0].whole_service > 0
    assert not Notification.objects.filter(emailed_at__isnull=True).exists(), "no console spam"


def test_a_second_run_changes_nothing(demo):
    models = (Moderation, FinalGrade, Action, PractitionerFeedback, FollowUpReview, Escalation)
    counts = [m.objects.count() for m in models] + [Notification.objects.count()]
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo")
    assert [m.objects.count() for m in models] + [Notification.objects.count()] == counts


def test_each_demo_person_finds_their_part_in_my_work(demo, client):
    expected = {
        "senior": ["Audits to moderate", "Follow-up reviews"],
        "manager": ["Learning notes from moderation", "Actions and feedback to give"],
        "peer": ["Learning notes from moderation"],
        "worker": ["Feedback from audits of your cases", "Actions you own"],
        "qa": ["Moderation and learning"],
    }
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        for username, sections in expected.items():
            client.force_login(demo[username])
            page = client.get(reverse("home")).content.decode()
            for section in sections:
                assert section in page, (username, section)
