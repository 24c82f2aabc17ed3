import pytest
from django.core.management import CommandError, call_command

from casework.models import Allocation, Child, Episode, ServiceArea, Team
from qaf.models import User

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"qa", "director", "senior", "manager", "peer", "worker"}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, ServiceArea, Team, Child, Episode, Allocation)
    }


def test_seed_demo_builds_a_lived_in_authority_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    assert first["ServiceArea"] == 3
    assert first["Team"] == 8
    assert first["User"] == 40
    assert first["Child"] == 600
    assert set(User.objects.values_list("username", flat=True)) >= DEMO_USERNAMES
    # Some children have had several social workers: the KPI needs a history.
    assert Allocation.objects.filter(end_date__isnull=False).exists()
    call_command("seed_demo")
    assert _counts() == first


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
    call_command("seed_demo", "--force")
    assert Child.objects.count() == 600
