"""Statistics by the indicator's nature: counts add up, rates and averages are weighted, positions never combine.

Three municipalities: Big (the brand city, 600 inhabitants), Middle (300) and Small (100). Every expected
value is computed by hand in the comment beside it.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from ninja.testing import TestClient

from interlocal.core.permissions import SYSTEM
from interlocal.results.aggregation import aggregate
from interlocal.results.api import router
from interlocal.results.models import Counterweight, Observation
from interlocal.results.selectors import territorial_equity
from interlocal.territory.models import Territory

from ..factories import make
from .conftest import Metro, end, indicator, observe, year

REASON_MEAN = "These values are averages: they do not add up across municipalities"
REASON_RATE = "These values are rates: they do not add up across municipalities"
REASON_RANK = "These values are positions in a ranking: they are never added up or averaged"


def equity_page(indicator_key: str, language: str = "en", span: tuple[int, int] = (2020, 2020)) -> str:
    client = Client()
    client.cookies["django_language"] = language
    response = client.get("/results/equity/", {"indicator": indicator_key, "from": span[0], "to": span[1]})
    assert response.status_code == 200
    return response.content.decode()


def measure(page: str, name: str) -> str:
    """The text of a <dd data-measure="…"> up to its first tag or the end of the element."""
    start = page.index(f'data-measure="{name}">') + len(f'data-measure="{name}">')
    return page[start : page.index("<", start)].strip()


@pytest.fixture
def counted(metro: Metro) -> Metro:
    metro.indicators["delegations"] = indicator(metro.world, "delegations", unit="delegations", role="attraction")
    for town, value in [(0, 300), (1, 600), (2, 100)]:
        observe(metro, "delegations", town, "2020", value)
    return metro


def test_a_count_shows_its_total_its_shares_its_gini_and_its_hoover(counted: Metro) -> None:
    equity = territorial_equity(
        access=SYSTEM,
        indicator=counted.indicators["delegations"],
        within=counted.area,
        first=year(2020),
        last=end(2020),
    )
    assert equity.total == 1000 and equity.mean is None
    rows = {r.territory.key: r for r in equity.rows}
    assert [rows[k].per_thousand for k in ("barcelona", "middle", "small")] == [500, 2000, 1000]
    # Gini of 500, 1000, 2000 per 1,000 inhabitants: (−2 × 500 + 0 × 1000 + 2 × 2000) / (3 × 3500) = 2/7
    assert equity.gini == pytest.approx(2 / 7)
    # Hoover: shares of the delegations 0.3, 0.6, 0.1 against the population's 0.6, 0.3, 0.1: ½ × 0.6 = 0.3
    assert equity.hoover == pytest.approx(0.3)
    page = equity_page("delegations")
    assert measure(page, "total") == "1,000\xa0delegations"
    assert measure(page, "brand-share") == "30.0% (Big, 60.0% of the population)"
    assert measure(page, "gini") == "0.286" and measure(page, "hoover") == "0.3"
    assert 'data-measure="reason"' not in page


@pytest.fixture
def unemployment(metro: Metro) -> Metro:
    world = metro.world
    metro.indicators["unemployed"] = indicator(world, "unemployed", unit="people")
    metro.indicators["active"] = indicator(world, "active", unit="people")
    metro.indicators["unemployment"] = indicator(
        world, "unemployment", aggregation="ratio", numerator=metro.indicators["unemployed"],
        denominator=metro.indicators["active"], scale=100, unit="%", polarity="lower_better",
    )  # fmt: skip
    for town, unemployed, active in [(0, 30, 300), (1, 30, 150), (2, 15, 50)]:  # 10 %, 20 %, 30 %
        observe(metro, "unemployed", town, "2020", unemployed)
        observe(metro, "active", town, "2020", active)
    return metro


def test_an_unemployment_rate_shows_the_rate_of_the_sums_and_no_total_nor_gini(unemployment: Metro) -> None:
    equity = territorial_equity(
        access=SYSTEM, indicator=unemployment.indicators["unemployment"], within=unemployment.area,
        first=year(2020), last=end(2020),
    )  # fmt: skip
    assert [(r.territory.key, r.value, r.rank) for r in equity.rows] == [
        ("small", 30, 1), ("middle", 20, 2), ("barcelona", 10, 3),
    ]  # fmt: skip
    # (30 + 30 + 15) unemployed of (300 + 150 + 50) active people: 15 %, not the 60 % the rates add up to
    assert equity.mean == 15
    assert equity.total is None and equity.gini is None and equity.hoover is None and equity.brand_share is None
    assert all(r.share is None and r.per_thousand is None for r in equity.rows)
    page = equity_page("unemployment")
    assert measure(page, "mean") == "15.0%"
    assert 'data-measure="total"' not in page and 'data-measure="gini"' not in page
    assert 'data-measure="hoover"' not in page and "Share of the total" not in page
    assert REASON_RATE in page
    assert aggregate(
        access=SYSTEM, indicator=unemployment.indicators["unemployment"], within=unemployment.area,
        first=year(2020), last=end(2020),
    ).value == 15  # fmt: skip
    api = TestClient(router).get("/equity?indicator=unemployment&first=2020&last=2020", user=AnonymousUser()).json()
    assert (api["total"], Decimal(api["mean"]), api["gini"], api["illustrative"]) == (None, 15, None, False)


def test_a_rate_per_inhabitant_has_its_gini_and_hoover(metro: Metro) -> None:
    world = metro.world
    metro.indicators["hotel-beds"] = indicator(world, "hotel-beds", unit="beds")
    metro.indicators["inhabitants"] = indicator(world, "inhabitants", unit="inhabitants")
    metro.indicators["beds-per-100"] = indicator(
        world, "beds-per-100", aggregation="ratio", numerator=metro.indicators["hotel-beds"],
        denominator=metro.indicators["inhabitants"], scale=100, unit="beds per 100 inhabitants",
    )  # fmt: skip
    for town, beds, people in [(0, 60, 600), (1, 60, 300), (2, 0, 100)]:  # 10, 20 and 0 beds per 100
        observe(metro, "hotel-beds", town, "2020", beds)
        observe(metro, "inhabitants", town, "2020", people)
    equity = territorial_equity(
        access=SYSTEM, indicator=metro.indicators["beds-per-100"], within=metro.area, first=year(2020), last=end(2020)
    )
    assert equity.mean == 12 and equity.total is None  # 120 beds for 1,000 inhabitants
    assert equity.gini == pytest.approx(4 / 9)  # of 0, 10, 20: (−2 × 0 + 0 × 10 + 2 × 20) / (3 × 30)
    assert equity.hoover == pytest.approx(0.5 * (abs(0.5 - 0.6) + abs(0.5 - 0.3) + abs(0 - 0.1)))  # 0.2


@pytest.fixture
def rents(metro: Metro) -> Metro:
    metro.indicators["rent"].unit = "EUR per month"
    metro.indicators["rent"].save()
    for town, rent in [(0, 900), (1, 600), (2, 1200)]:
        observe(metro, "rent", town, "2020", rent)
    return metro


def test_a_mean_shows_the_population_weighted_mean_and_no_total_nor_gini(rents: Metro) -> None:
    equity = territorial_equity(
        access=SYSTEM, indicator=rents.indicators["rent"], within=rents.area, first=year(2020), last=end(2020)
    )
    # (900 × 600 + 600 × 300 + 1200 × 100) / 1000 = 840, not the plain mean 900 nor the sum 2,700
    assert equity.mean == 840 and not equity.unweighted
    assert equity.total is None and equity.gini is None and equity.hoover is None
    assert aggregate(
        access=SYSTEM, indicator=rents.indicators["rent"], within=rents.area, first=year(2020), last=end(2020)
    ).value == 840  # fmt: skip
    page = equity_page("rent")
    assert measure(page, "mean") == "840\xa0EUR per month"
    assert "2,700" not in page and 'data-measure="total"' not in page and 'data-measure="gini"' not in page
    assert REASON_MEAN in page and "plain mean" not in page


def test_a_mean_without_a_population_is_the_plain_mean_and_says_so(rents: Metro) -> None:
    nowhere = make(
        Territory, key="nowhere", name="Nowhere", kind="municipality", country="ES", parent=rents.area,
        owner=rents.world.amb,
    )  # fmt: skip
    rents.towns.append(nowhere)
    observe(rents, "rent", 3, "2020", 300)
    result = aggregate(
        access=SYSTEM, indicator=rents.indicators["rent"], within=rents.area, first=year(2020), last=end(2020)
    )
    assert result.value == 750 and result.unweighted  # (900 + 600 + 1200 + 300) / 4
    page = equity_page("rent")
    assert measure(page, "mean") == "750\xa0EUR per month"
    assert "A municipality has no population figure: the mean is the plain mean of the values." in page


def test_a_population_is_the_latest_at_or_before_the_year_else_the_earliest(rents: Metro) -> None:
    from interlocal.territory.models import PopulationFigure

    make(PopulationFigure, territory=rents.towns[2], year=2022, population=1500, source="test", owner=rents.world.amb)
    observe(rents, "rent", 0, "2023", 1000)
    observe(rents, "rent", 2, "2023", 2000)
    observe(rents, "rent", 0, "2019", 500)
    observe(rents, "rent", 2, "2019", 800)

    def mean(y: int) -> Decimal | None:
        return aggregate(
            access=SYSTEM, indicator=rents.indicators["rent"], within=rents.area, first=year(y), last=end(y)
        ).value

    assert mean(2023) == (1000 * 600 + 2000 * 1500) / Decimal(2100)  # Small has grown to 1,500 by 2022
    assert mean(2019) == (500 * 600 + 800 * 100) / Decimal(700)  # before any figure: the earliest, 2020's


@pytest.fixture
def ranking(metro: Metro) -> Metro:
    metro.indicators["position"] = indicator(
        metro.world, "position", aggregation="none", unit="position", polarity="lower_better"
    )
    for town, period, position in [(0, "2019", 9), (0, "2020", 5), (1, "2020", 7), (0, "2021", 4)]:
        observe(metro, "position", town, period, position)
    return metro


def test_a_position_in_a_ranking_is_never_summed_nor_averaged(ranking: Metro) -> None:
    def position(first: int, last: int, within: Territory) -> tuple[Decimal | None, list[int]]:
        result = aggregate(
            access=SYSTEM, indicator=ranking.indicators["position"], within=within, first=year(first), last=end(last)
        )
        return result.value, [p.year for p in result.present]

    big, middle = ranking.towns[0], ranking.towns[1]
    assert position(2019, 2021, big) == (4, [2019, 2020, 2021])  # the latest, not 18 nor 6
    assert position(2020, 2020, ranking.area) == (None, [])  # two positions in 2020: never 12, never 6
    assert position(2019, 2021, ranking.area) == (4, [2019, 2021])
    assert position(2020, 2021, middle) == (7, [2020])
    equity = territorial_equity(
        access=SYSTEM, indicator=ranking.indicators["position"], within=ranking.area, first=year(2019), last=end(2021)
    )
    assert {r.territory.key: r.value for r in equity.rows} == {"barcelona": 4, "middle": 7, "small": None}
    assert equity.total is None and equity.mean is None and equity.gini is None
    page = equity_page("position", span=(2019, 2021))
    assert REASON_RANK in page and 'data-measure="total"' not in page and 'data-measure="mean"' not in page


def test_a_share_too_small_to_show_is_never_zero(metro: Metro) -> None:
    observe(metro, "visitors", 0, "2020", 100000)  # 99.94 %
    observe(metro, "visitors", 1, "2020", 0)
    observe(metro, "visitors", 2, "2020", 60)  # 60 of 100,060: 0.06 %
    page = equity_page("visitors")
    cells = page[page.index("<tbody>") :]
    assert "&lt; 0.1%" in cells and "0.0%" in cells and "99.9%" in cells


@pytest.mark.parametrize(("language", "total", "cell"), [("en", "12,346", "12,346"), ("es", "12.346", "12.346")])
def test_the_equity_page_writes_numbers_as_the_reader_does(metro: Metro, language: str, total: str, cell: str) -> None:
    metro.indicators["visitors"].unit = "visitors"
    metro.indicators["visitors"].save()
    observe(metro, "visitors", 0, "2020", "12345.6")
    page = equity_page("visitors", language)
    assert measure(page, "total") == f"{total}\xa0visitors"
    assert f'<td class="num">{cell}</td>' in page and "12345" not in page


def make_illustrative(metro: Metro) -> None:
    Observation.objects.filter(indicator__in=metro.indicators.values()).update(illustrative=True)


@pytest.mark.parametrize("illustrative", [True, False])
def test_the_equity_page_and_chart_carry_the_illustrative_label(counted: Metro, illustrative: bool) -> None:
    if illustrative:
        make_illustrative(counted)
    page = equity_page("delegations")
    assert ("Illustrative data" in page) is illustrative and ("data-illustrative" in page) is illustrative
    chart = Client().get("/results/equity.vl.json", {"indicator": "delegations", "from": 2020, "to": 2020}).json()
    assert ("subtitle" in chart["title"]) is illustrative
    assert chart["config"]["locale"]["number"]["thousands"] == ","


@pytest.mark.parametrize("illustrative", [True, False])
def test_the_ledger_carries_the_illustrative_label(metro: Metro, illustrative: bool) -> None:
    make(
        Counterweight, attraction=metro.indicators["visitors"], cost=metro.indicators["share"], rationale="r",
        owner=metro.world.amb,
    )  # fmt: skip
    observe(metro, "visitors", 0, "2020", 1500)
    observe(metro, "jobs-tourism", 0, "2020", 30)
    observe(metro, "jobs", 0, "2020", 200)
    observe(metro, "jobs-tourism", 1, "2020", 10)
    observe(metro, "jobs", 1, "2020", 200)
    if illustrative:
        Observation.objects.filter(indicator=metro.indicators["jobs"]).update(illustrative=True)  # a cost's part
    client = Client()
    page = client.get("/results/ledger/", {"from": 2020, "to": 2020}).content.decode()
    assert ("Illustrative data" in page) is illustrative
    assert page.count("data-illustrative") == (1 if illustrative else 0)  # once for the page
    # the share of jobs in tourism is the rate of the sums, 40 of 400: 10 %, never 15 % + 5 % = 20 %
    assert '<td class="num">1,500</td><td class="num">10</td>' in page
    chart = client.get(f"/results/ledger/{metro.indicators['visitors'].pk}.vl.json").json()
    assert ("subtitle" in chart["title"]) is illustrative
    detail = client.get(metro.indicators["visitors"].get_absolute_url()).content.decode()
    assert ("Illustrative data" in detail) is illustrative
