import pytest

from interlocal.territory.models import Territory

from .factories import World, build_world, built_once, settle_at_home


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture(scope="module")
def every_kind_world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A world with a record of every registered kind, built once for the module; call it for a test's copy.

    For modules whose tests all run in a transaction (no live server, no transactional database).
    """
    with built_once(django_db_blocker, lambda: build_world(every_kind=True)) as copy:
        yield copy


@pytest.fixture
def home(world: World) -> Territory:
    """The home metropolis, with the world's AMB, Barcelona and Gavà (and their agencies) in it."""
    return settle_at_home(world)
