"""A small metropolis with three municipalities and a few indicators, built with the real services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from interlocal.core.permissions import SYSTEM
from interlocal.results import services
from interlocal.results.models import Indicator, Observation
from interlocal.territory.models import PopulationFigure, Territory

from ..factories import World, make


@dataclass
class Metro:
    world: World
    area: Territory
    towns: list[Territory]  # big (the brand city), middle, small
    indicators: dict[str, Indicator]


def indicator(world: World, key: str, **fields: Any) -> Indicator:
    defaults = {
        "name": key.replace("-", " ").capitalize(), "kind": "output", "unit": "units", "polarity": "higher_better",
        "aggregation": "sum", "periodicity": "year", "territorial_level": "municipality", "owner": world.amb,
    }  # fmt: skip
    return make(Indicator, key=key, **{**defaults, **fields})


def observe(metro: Metro, key: str, town: int, period: str, value: float | str, *, status: str = "approved",
            breakdown: str = "", owner: Any = None) -> Observation:  # fmt: skip
    from interlocal.results.periods import parse_period

    kind, start = parse_period(period)
    observation = services.observation_create(
        access=SYSTEM,
        user=None,
        fields={
            "indicator": metro.indicators[key], "territory": metro.towns[town], "period_kind": kind,
            "period_start": start, "value": Decimal(str(value)), "breakdown": breakdown,
            "owner": owner or metro.world.amb, "visibility": "public",
        },
    )  # fmt: skip
    if status != "draft":
        Observation.objects.filter(pk=observation.pk).update(status=status)
        observation.refresh_from_db()
    return observation


@pytest.fixture
def metro(world: World) -> Metro:
    area = make(Territory, key="metro", name="Metro", kind="metropolis", country="ES", owner=world.amb)
    towns = []
    for key, name, population in [("barcelona", "Big", 600), ("middle", "Middle", 300), ("small", "Small", 100)]:
        town = make(
            Territory, key=key, name=name, kind="municipality", country="ES", parent=area, owner=world.amb,
            official_code=f"0{population}",
        )  # fmt: skip
        make(PopulationFigure, territory=town, year=2020, population=population, source="test", owner=world.amb)
        towns.append(town)
    indicators = {
        "visitors": indicator(world, "visitors", role="attraction"),
        "rent": indicator(world, "rent", aggregation="mean", role="externality", polarity="lower_better"),
        "flats": indicator(world, "flats", aggregation="latest", role="externality", polarity="lower_better"),
        "jobs-tourism": indicator(world, "jobs-tourism", kind="context"),
        "jobs": indicator(world, "jobs", kind="context"),
        "quarterly": indicator(world, "quarterly", periodicity="quarter"),
    }
    indicators["share"] = indicator(
        world, "share", aggregation="ratio", numerator=indicators["jobs-tourism"], denominator=indicators["jobs"],
        scale=100, role="externality", unit="%",
    )  # fmt: skip
    return Metro(world, area, towns, indicators)


def year(y: int) -> datetime.date:
    return datetime.date(y, 1, 1)


def end(y: int) -> datetime.date:
    return datetime.date(y, 12, 31)
