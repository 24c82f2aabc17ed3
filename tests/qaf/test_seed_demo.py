"""seed_demo builds a lived-in authority, and running it again changes nothing.

The demo is built once per test run (tests/demo_snapshot.py) and copied back for each test here;
what a second run does is run for real on top of the copy.
"""

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from audits.models import ConversationAnswer, ConversationQuestion
from casework.models import Allocation, Child, Episode, ServiceArea, Team
from feedback.models import ParticipationGroup, ParticipationSession
from qaf.models import Notification, User
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "qa",
    "director",
    "senior",
    "manager",
    "peer",
    "worker",
    "participation",
    "partnership",
    "police",
    "health",
}


def _load_demo():
    with time_machine.travel(DEMO_DAY, tick=False):
        load_demo()


def _seed_again(*args):
    with time_machine.travel(DEMO_DAY, tick=False):
        call_command("seed_demo", *args)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            ServiceArea,
            Team,
            Child,
            Episode,
            Allocation,
            ConversationQuestion,
            ConversationAnswer,
            ConversationAnswer.history.model,
        )
    }


def test_seed_demo_builds_a_lived_in_authority_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    _load_demo()
    first = _counts()
    assert first["ServiceArea"] == 3
    assert first["Team"] == 8
    # Forty in the service areas, the participation worker, a new starter invited, and the
    # partnership's business manager with three partner auditors.
    assert first["User"] == 46
    assert first["Child"] == 600
    assert set(User.objects.values_list("username", flat=True)) >= DEMO_USERNAMES
    # Some children have had several social workers: the KPI needs a history.
    assert Allocation.objects.filter(end_date__isnull=False).exists()
    # Managers come back to a handful of new messages, not fifty.
    for username in ("manager", "peer", "senior"):
        inbox = Notification.objects.filter(recipient__username=username)
        assert 1 <= inbox.filter(read_at__isnull=True).count() <= 7, username
        # Older messages have been read; someone with only a handful has read none yet.
        if inbox.count() > 7:
            assert inbox.filter(read_at__isnull=False).exists(), username
    assert not Notification.objects.filter(read_at__lt=F("created_at")).exists()
    unread = Notification.objects.filter(read_at__isnull=True).count()
    _seed_again()
    assert _counts() == first
    assert Notification.objects.filter(read_at__isnull=True).count() == unread


def test_demo_users_sign_in_with_the_demo_password(settings, client, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("QAF_DEMO_PASSWORD", "another-demo-password")
    call_command("seed_demo")
    for username in DEMO_USERNAMES:
        assert User.objects.get(username=username).check_password("another-demo-password")


def test_seed_demo_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert Child.objects.count() == 0
    # The demo copy is what ``seed_demo --force`` made with DEBUG off; forced again, it runs.
    _load_demo()
    assert Child.objects.count() == 600
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    _seed_again("--force")
    assert Child.objects.count() == 600


def test_the_demo_participation_worker_signs_in_and_records_a_session(settings, client):
    settings.DEBUG = True
    settings.QAF_2FA_DEMO_EXEMPT = True  # as DEBUG=1 sets it on a developer's machine
    _load_demo()
    signed_in = client.post(
        reverse("login"), {"username": "participation", "password": "demo-password-123"}
    )
    assert signed_in.status_code == 302
    sessions = client.get(reverse("feedback:participation_list"))
    assert sessions.status_code == 200
    assert "Record a session" in sessions.text
    assert ParticipationSession.objects.filter(recorded_by__username="participation").exists()
    before = ParticipationSession.objects.count()
    # The demo's audits have found themes often enough to put to a group, as counts.
    from datetime import timedelta

    from django.utils import timezone

    from qaf import audit_themes

    offered = audit_themes.theme_counts(since=timezone.localdate() - timedelta(days=365))
    assert offered
    form = client.get(reverse("feedback:participation_create")).text
    assert f"(found in {offered[0].audits} audits)" in form
    response = client.post(
        reverse("feedback:participation_create"),
        {
            "group": ParticipationGroup.objects.filter(is_active=True).first().pk,
            "held_on_0": "2",
            "held_on_1": "3",
            "held_on_2": "2026",
            "attended": "7",
            "themes_shown": [offered[0].name],
            "views": "Say it in words we use.",
        },
    )
    assert response.status_code == 302
    assert ParticipationSession.objects.count() == before + 1
    assert client.get(response["Location"]).status_code == 200


def test_a_demo_loaded_before_the_participation_worker_gains_them_on_the_next_run(settings):
    settings.DEBUG = True
    _load_demo()
    User.objects.filter(username="participation").delete()
    _seed_again()
    assert User.objects.get(username="participation").check_password("demo-password-123")
    assert User.objects.count() == 46
