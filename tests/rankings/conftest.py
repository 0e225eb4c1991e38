"""A ranking of the home metropolis and two peers over three editions, owned by the editor's organisation."""

from dataclasses import dataclass
from typing import Any

import pytest

from interlocal.benchmark.models import Profile
from interlocal.rankings.models import Edition, Position, Ranking
from interlocal.rankings.services import ranking_results_sync
from interlocal.territory.models import Territory
from tests.factories import World, make


@dataclass
class Ranked:
    world: World
    home: Territory
    vienna: Territory
    seoul: Territory
    ranking: Ranking
    editions: dict[int, Edition]


def place(edition: Edition, territory: Territory, position: int, **fields: Any) -> Position:
    return make(Position, edition=edition, territory=territory, position=position, owner=edition.owner, **fields)


@pytest.fixture
def ranked(world: World, home: Territory) -> Ranked:
    vienna = make(Territory, key="vienna", name="Vienna", kind="metropolis", country="AT", owner=world.amb)
    seoul = make(Territory, key="seoul", name="Seoul", kind="metropolis", country="KR", owner=world.amb)
    for territory in (vienna, seoul):
        make(Profile, key=territory.key, name=territory.name, territory=territory, country=territory.country,
             kind="case_study", owner=world.amb)  # fmt: skip
    ranking = make(
        Ranking, key="gatherings", name="International gatherings", publisher_name="A congress association",
        better_means="More international gatherings.", places_ranked=100, owner=world.own, citation="Study §4",
    )  # fmt: skip
    editions = {}
    for year, places in {2021: (12, 2, 9), 2022: (10, 1, 9), 2023: (8, 2, 7)}.items():
        edition = make(Edition, ranking=ranking, year=year, owner=world.own, source=f"Edition {year}")
        editions[year] = edition
        for territory, position in zip((home, vienna, seoul), places, strict=True):
            place(edition, territory, position)
    ranking_results_sync(ranking=ranking)
    ranking.refresh_from_db()
    return Ranked(world, home, vienna, seoul, ranking, editions)
