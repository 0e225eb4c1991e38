"""Territorial equity on a map: a circle at each municipality's point, its area proportional to the value,
on the portal's territory page and the back office's equity page."""

import datetime
import math

import pytest
from django.test import Client
from django.utils import translation

from interlocal.core.permissions import ANONYMOUS
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.portal import sections
from interlocal.results.equity_map import MARGIN, MAX_RADIUS, WIDTH, equity_map
from interlocal.territory.models import Territory
from tests.factories import make
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
    # Outside a request, labels take the thread's language, which an earlier test's request may have left Catalan.
    with translation.override("en"):
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


def test_the_relations_map_filters_by_kind_status_and_period(world, home) -> None:  # type: ignore[no-untyped-def]
    """Own records: an active agreement signed in 2019 with Lyon, an ended one (2010–2015) with Porto, a 2024
    mission to Dakar, a membership since 2018."""
    lyon = make(PartnerPlace, name="Lyon", country="FR", latitude=45.76, longitude=4.84, owner=world.own)
    porto = make(PartnerPlace, name="Porto", country="PT", latitude=41.15, longitude=-8.61, owner=world.own)
    dakar = make(PartnerPlace, name="Dakar", country="SN", latitude=14.69, longitude=-17.44, owner=world.own)
    make(Agreement, organisation=world.own, partner_place=lyon, title="Lyon", kind="twinning", status="active",
         signed_on=datetime.date(2019, 3, 1), owner=world.own)  # fmt: skip
    make(Agreement, organisation=world.own, partner_place=porto, title="Porto", kind="mou", status="ended",
         signed_on=datetime.date(2010, 1, 1), ends_on=datetime.date(2015, 12, 31), owner=world.own)  # fmt: skip
    make(Engagement, title="Dakar", kind="outgoing_mission", start_on=datetime.date(2024, 5, 1), place=dakar,
         owner=world.own, participants=[world.own])  # fmt: skip
    client = Client()

    def names(query: str) -> set[str]:
        response = client.get(f"/api/v1/map?{query}")
        assert response.status_code == 200, response.content
        return {p["name"] for p in response.json()["points"]} & {"Lyon", "Porto", "Dakar"}

    assert names("") == {"Lyon", "Porto", "Dakar"}
    assert names("kind=agreement") == {"Lyon", "Porto"}
    assert names("kind=engagement") == {"Dakar"}
    assert names("status=ended") == {"Porto"}  # a status is an agreement's: the mission goes
    assert names("first=2016&last=2020") == {"Lyon"}  # Porto ended in 2015, Dakar came in 2024
    assert names("first=2012&last=2012") == {"Porto"}
    make(Membership, organisation=world.own, network=world.network, role="member",
         start_on=datetime.date(2018, 1, 1), owner=world.own)  # fmt: skip
    networks = client.get("/api/v1/map?kind=network").json()
    assert networks["points"] == []  # memberships only, counted by their member's country
    assert [(c["name"], c["count"]) for c in networks["countries"]] == [("Spain", 1)]
    assert client.get("/api/v1/map?kind=network&last=2017").json()["countries"] == []
    bad = client.get("/api/v1/map?first=2020&last=2010")
    assert bad.status_code == 400 and "The first year comes after the last." in bad.content.decode()
    assert client.get("/api/v1/map?kind=nonsense").status_code == 400


def test_the_map_pages_carry_their_filters_to_the_map(world, home) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/portal/map/?kind=agreement&status=active&first=2019").content.decode()
    assert 'data-points-url="/api/v1/map?kind=agreement&amp;status=active&amp;first=2019"' in page
    assert 'data-links="off"' in page  # the portal's visitors have no page for a partner place
    assert '<option value="active" selected>' in page
    client = Client()
    client.force_login(world.users["viewer"])
    back_office = client.get("/map/").content.decode()
    assert 'data-points-url="/api/v1/map"' in back_office and "data-links" not in back_office
