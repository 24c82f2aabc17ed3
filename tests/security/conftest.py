import pytest

from tests.matrix import add_strangers
from tests.test_url_matrix import _route_modules


@pytest.fixture
def probe_world(world):
    """The shared world with every app's objects in it (as the matrix builds them per URL), plus
    the four strangers."""
    for module in _route_modules():
        extend = getattr(module, "extend", None)
        if extend is not None:
            extend(world)
    add_strangers(world)
    return world
