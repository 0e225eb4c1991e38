"""Territorial equity on a map: a circle at each municipality's point, its area proportional to the value,
on the portal's territory page and the back office's equity page."""

import math

import pytest
from django.test import Client

from interlocal.core.permissions import ANONYMOUS
from interlocal.portal import sections
from interlocal.results.equity_map import MARGIN, MAX_RADIUS, WIDTH, equity_map
from interlocal.territory.models import Territory
from tests.results.conftest import Metro, observe

from .test_results_sections import THIS_YEAR


@pytest.fixture
def placed(metro: Metro) -> Metro:
    """Big in the north-west, Middle in the south-east, Small without coordinates; visitors 270, 50 and none."""
    Territory.objects.filter(pk=metro.towns[0].pk).update(latitude=41.5, longitude=2.0)
    Territory.objects.filter(pk=metro.towns[1].pk).update(latitude=41.3, longitude=2.3)
    for town, value in [(0, 100), (1, 50)]:
        observe(metro, "visitors", town, str(THIS_YEAR - 2), value)
    observe(metro, "visitors", 0, str(THIS_YEAR - 1), 170)
    return metro


def test_circles_stand_at_the_municipalities_with_areas_proportional_to_the_values(placed: Metro) -> None:
    choice = sections.territorial_equity(ANONYMOUS, "visitors")
    assert choice is not None and choice.equity is not None
    drawn = equity_map(choice.equity)
    assert drawn is not None
    big, middle = drawn.symbols  # the larger first
    assert (big.name, big.x, big.y, big.r) == ("Big", MARGIN, MARGIN, MAX_RADIUS)  # north-west corner
    scale = (WIDTH - 2 * MARGIN) / (0.3 * math.cos(math.radians(41.4)))  # pixels per degree of latitude
    assert (middle.name, middle.x) == ("Middle", WIDTH - MARGIN)
    assert middle.y == pytest.approx(MARGIN + 0.2 * scale, abs=0.1)
    assert middle.r == pytest.approx(MAX_RADIUS * math.sqrt(50 / 270), abs=0.1)  # area, not radius, follows the value
    assert big.brand and not middle.brand
    assert drawn.unplaced == ["Small"]
    assert [c.label for c in drawn.legend] == ["270\u00a0units", "67.5\u00a0units"]


def test_the_portal_and_the_back_office_draw_the_map(placed: Metro) -> None:
    portal = Client().get("/portal/territory/?indicator=visitors").content.decode()
    assert portal.count("<circle") == 4  # two municipalities, two legend circles
    assert "<title>Big: 270\u00a0units</title>" in portal and "<title>Middle: 50\u00a0units</title>" in portal
    assert "Not on the map, for want of coordinates: Small." in portal
    client = Client()
    client.force_login(placed.world.users["viewer"])
    back_office = client.get("/results/equity/", {"indicator": "visitors", "from": THIS_YEAR - 2, "to": THIS_YEAR - 1})
    assert "<title>Big: 270\u00a0units</title>" in back_office.content.decode()


def test_no_map_without_two_placed_municipalities(metro: Metro) -> None:
    observe(metro, "visitors", 0, str(THIS_YEAR - 1), 5)
    assert "data-equity-map" not in Client().get("/portal/territory/").content.decode()
