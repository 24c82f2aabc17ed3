import fcntl
import os
import uuid
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from qaf.celery import app as celery_app

from . import factories
from .factories import TEST_PASSWORD


def require_or_skip(available: bool, *, what: str, env_var: str) -> None:
    """Skip when ``what`` is missing, unless ``env_var`` says CI needs it: then fail."""
    if available:
        return
    if os.environ.get(env_var):
        pytest.fail(f"{what} is required ({env_var} is set) but is not available.")
    pytest.skip(f"{what} is not available; set {env_var}=1 to make this a failure.")


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Collect static files once into a temporary STATIC_ROOT, so pages link to the hashed,
    compressed files of the manifest storage exactly as in production.

    Parallel workers share one collection (the first collects, under a lock). The live server
    hands static requests to WhiteNoise, as a production web process does, instead of Django's
    development handler, which only knows the unhashed names.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    static_root = shared / "staticfiles"
    with (shared / "staticfiles.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (static_root / "staticfiles.json").exists():
            with override_settings(STATIC_ROOT=static_root):
                call_command("collectstatic", interactive=False, verbosity=0)
        fcntl.flock(lock, fcntl.LOCK_UN)
    patch = pytest.MonkeyPatch()
    patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
    with override_settings(STATIC_ROOT=static_root):
        yield static_root
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _own_cache_keys(worker_id):
    """Parallel workers (and runs) share one Redis: each keeps its cache keys to itself, as its
    database is its own."""
    from django.conf import settings as django_settings

    prefix = f"test-{worker_id}-{uuid.uuid4().hex[:8]}"
    caches = {
        name: {**options, "KEY_PREFIX": prefix} for name, options in django_settings.CACHES.items()
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    """Fast password hashing, and tasks run in-process unless a test starts a real worker.

    Every test starts with nobody's My work in the cache (its rows are gone with the last test's
    transaction, and a new row may take a gone row's id)."""
    from feedback.views import public as survey_pages
    from qaf import work

    work.forget_all()
    survey_pages._PUBLISHED_QUESTIONS.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def world(db):
    """A small service: two teams in one area, a child allocated in team A, one user per role.

    The matrix test and app tests build on it; apps add their own objects in their fixtures.
    """
    from casework.models import Episode, TeamMembership
    from qaf.roles import Role

    area = factories.ServiceAreaFactory(name="Children in need and protection")
    team_a = factories.TeamFactory(name="Safeguarding A", service_area=area)
    team_b = factories.TeamFactory(name="Safeguarding B", service_area=area)

    users = SimpleNamespace(
        practitioner=factories.UserFactory(username="practitioner", roles=[Role.PRACTITIONER]),
        team_manager=factories.UserFactory(username="team_manager", roles=[Role.TEAM_MANAGER]),
        peer_auditor=factories.UserFactory(
            username="peer_auditor", roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR]
        ),
        senior_manager=factories.UserFactory(
            username="senior_manager", roles=[Role.SENIOR_MANAGER]
        ),
        director=factories.UserFactory(username="director", roles=[Role.DIRECTOR]),
        qa_officer=factories.UserFactory(username="qa_officer", roles=[Role.QA_OFFICER]),
        participation_worker=factories.UserFactory(
            username="participation_worker", roles=[Role.PARTICIPATION_WORKER]
        ),
        staff=factories.UserFactory(username="staff"),
    )
    factories.TeamMembershipFactory(
        user=users.team_manager, team=team_a, role=TeamMembership.Role.MANAGER
    )
    factories.TeamMembershipFactory(user=users.practitioner, team=team_a)
    factories.TeamMembershipFactory(
        user=users.peer_auditor, team=team_b, role=TeamMembership.Role.MANAGER
    )
    area.senior_managers.add(users.senior_manager)
    child = factories.ChildFactory(child_id="C0000001", display_name="Alfie")
    episode = factories.EpisodeFactory(child=child, team=team_a, kind=Episode.Kind.CP)
    allocation = factories.AllocationFactory(child=child, worker=users.practitioner, team=team_a)
    return SimpleNamespace(
        area=area,
        team_a=team_a,
        team_b=team_b,
        users=users,
        child=child,
        episode=episode,
        allocation=allocation,
    )
