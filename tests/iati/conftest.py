import pytest

from ..factories import World, build_world
from ..home import make_home


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """The shared world, its organisations in the home metropolis: the IATI file publishes their projects."""
    world = build_world()
    make_home(world.amb, world.own, world.other)
    return world
