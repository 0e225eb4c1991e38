import pytest

from interlocal.territory.models import Territory

from .factories import World, build_world, settle_at_home


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def home(world: World) -> Territory:
    """The home metropolis, with the world's AMB, Barcelona and Gavà (and their agencies) in it."""
    return settle_at_home(world)
