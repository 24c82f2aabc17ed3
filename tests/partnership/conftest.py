import pytest

from tests.partnership.scene import partnership_scene


@pytest.fixture
def scene(world):
    """The world with a multi-agency audit with the agencies: police (the world's partner
    auditor) and health, the world's child its one case."""
    return partnership_scene(world)
