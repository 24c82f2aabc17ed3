import copy

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import build_world
from tests.matrix import add_strangers, kept_for_the_module
from tests.test_url_matrix import extend_with_every_app


@pytest.fixture(scope="module")
def _probe_world_kept(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        extend_with_every_app(world)
        add_strangers(world)
        yield world


@pytest.fixture
def probe_world(_probe_world_kept, db):
    """The shared world with every app's objects in it (as the matrix builds them per URL), plus
    the four strangers. It is built once per module; each test changes it only inside its own
    transaction, and gets its own copy of the objects."""
    return copy.deepcopy(_probe_world_kept)


# Property-based probes stay small so the suite stays fast: a handful of hostile examples per
# form, no deadline (a page may be slow on a busy machine), nothing kept between runs. For a
# deeper run: QAF_FUZZ_PROFILE=fuzz-deep pytest tests/security.
settings.register_profile(
    "fuzz",
    max_examples=8,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("fuzz-deep", parent=settings.get_profile("fuzz"), max_examples=200)
