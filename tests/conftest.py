import fcntl
import hashlib
import os
import shutil
import uuid
from pathlib import Path
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


def _static_fingerprint() -> str:
    """What a collection depends on: the storage and every file the finders find, by content."""
    from django.conf import settings as django_settings
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(repr(django_settings.STORAGES["staticfiles"]).encode())
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"]), key=lambda found: found[0]):
            digest.update(path.encode())
            with storage.open(path) as file:
                digest.update(file.read())
    return digest.hexdigest()[:16]


def _scan_each_folder_once():
    """WhiteNoise reads every file of the static folder when its middleware is made, which a
    web process does once; a test client makes its middleware anew, so each ``Client()`` spent
    a tenth of a second on it. The files it finds are kept per folder and way of serving them,
    and handed to each later client as they are."""
    from whitenoise.base import WhiteNoise

    scan = WhiteNoise.update_files_dictionary
    found: dict[tuple, dict] = {}

    def update_files_dictionary(self, root, prefix):
        key = (root, prefix, self.max_age, self.allow_all_origins, self.charset, self.index_file)
        if key not in found:
            kept, self.files = self.files, {}
            scan(self, root, prefix)
            found[key], self.files = self.files, kept
        self.files.update(found[key])

    return update_files_dictionary


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Collect static files into a STATIC_ROOT of their own, so pages link to the hashed,
    compressed files of the manifest storage exactly as in production.

    Compressing every file takes seconds, so a collection is kept in ``var/test-static/`` under
    a fingerprint of the files it was made from, and reused until one of them changes. Parallel
    workers (and runs) share it: the first collects, under a lock. The live server hands static
    requests to WhiteNoise, as a production web process does, instead of Django's development
    handler, which only knows the unhashed names.
    """
    from django.conf import settings as django_settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from whitenoise.base import WhiteNoise

    kept = Path(django_settings.BASE_DIR) / "var" / "test-static"
    kept.mkdir(parents=True, exist_ok=True)
    static_root = kept / _static_fingerprint()
    with (kept / "collect.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (static_root / "staticfiles.json").exists():
            partial = kept / f"partial-{uuid.uuid4().hex[:8]}"
            with override_settings(STATIC_ROOT=partial):
                call_command("collectstatic", interactive=False, verbosity=0)
            for older in kept.iterdir():
                if older.is_dir() and older != partial:
                    shutil.rmtree(older, ignore_errors=True)
            partial.rename(static_root)
        fcntl.flock(lock, fcntl.LOCK_UN)
    patch = pytest.MonkeyPatch()
    patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
    patch.setattr(WhiteNoise, "update_files_dictionary", _scan_each_folder_once())
    with override_settings(STATIC_ROOT=static_root):
        yield static_root
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _shared_demo_copies(tmp_path_factory):
    """Parallel workers share the demo copies of this run (tests/demo_snapshot.py)."""
    from . import demo_snapshot

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    demo_snapshot.SHARED_DIR = shared
    yield
    demo_snapshot.SHARED_DIR = None


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
    from .matrix import start_afresh

    start_afresh()
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
    return build_world()


def build_world() -> SimpleNamespace:
    """What the ``world`` fixture holds, for fixtures that keep one world for a whole module."""
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
        business_manager=factories.UserFactory(
            username="business_manager", roles=[Role.BUSINESS_MANAGER]
        ),
        partner=factories.UserFactory(username="partner", roles=[Role.PARTNER_AUDITOR]),
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


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_sign_in(monkeypatch):
    """``client.force_login(user)`` stands for a whole sign-in, second factor included: the
    two-factor steps themselves are tested through the sign-in page (tests/organisation/
    test_two_factor.py), and every other test starts where a signed-in person is."""
    from django.test import Client

    from qaf.middleware import SECOND_FACTOR_KEY, SECOND_FACTOR_VERIFIED

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        if session.get(SECOND_FACTOR_KEY):
            session[SECOND_FACTOR_KEY] = SECOND_FACTOR_VERIFIED
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
