"""Territorial equity (M7): per municipality, per capita, ranked, with concentration measures."""

from decimal import Decimal

import pytest
from django.test import Client

from interlocal.core.permissions import SYSTEM
from interlocal.results.selectors import gini, hoover, territorial_equity

from .conftest import end, indicator, observe, year


def test_gini_on_known_distributions() -> None:
    assert gini([5, 5, 5, 5]) == 0
    assert gini([0, 0, 0, 12]) == pytest.approx(0.75)  # one of n has everything: (n - 1) / n
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([]) is None and gini([0, 0]) is None


def test_hoover_on_known_distributions() -> None:
    assert hoover([60, 30, 10], [600, 300, 100]) == pytest.approx(0)  # benefits follow the population
    assert hoover([100, 0, 0], [600, 300, 100]) == pytest.approx(0.4)  # 40 % would have to move
    assert hoover([0, 0, 10], [600, 300, 100]) == pytest.approx(0.9)


def test_equity_per_municipality(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 900)  # Big: 600 inhabitants
    observe(metro, "visitors", 1, "2020", 90)  # Middle: 300
    observe(metro, "visitors", 1, "2021", 60)
    observe(metro, "visitors", 2, "2021", 50)  # Small: 100
    equity = territorial_equity(
        access=SYSTEM, indicator=metro.indicators["visitors"], within=metro.area, first=year(2020), last=end(2021)
    )
    rows = {r.territory.key: r for r in equity.rows}
    assert equity.total == 1100
    assert (rows["barcelona"].per_thousand, rows["middle"].per_thousand, rows["small"].per_thousand) == (
        1500, 500, 500,
    )  # fmt: skip
    assert [r.territory.key for r in equity.rows][0] == "barcelona" and rows["barcelona"].rank == 1
    assert equity.brand_share == pytest.approx(900 / 1100)
    assert equity.hoover == pytest.approx(0.5 * (abs(900 / 1100 - 0.6) + abs(150 / 1100 - 0.3) + abs(50 / 1100 - 0.1)))
    assert equity.gini == pytest.approx(gini([1500, 500, 500]))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("rent", {"barcelona": 950, "middle": 700, "small": None}),  # mean of every value in the span
        ("flats", {"barcelona": 1100, "middle": 700, "small": None}),  # the last period that has a value
        ("share", {"barcelona": Decimal(300) / 1500 * 100, "middle": None, "small": None}),  # ratio of the sums
    ],
)
def test_equity_follows_each_aggregation_rule_with_missing_periods(metro, key, expected) -> None:  # type: ignore[no-untyped-def]
    for measured in ("rent", "flats"):
        observe(metro, measured, 0, "2020", 800)
        observe(metro, measured, 0, "2022", 1100)  # 2021 is missing, not zero
        observe(metro, measured, 1, "2021", 700)
        observe(metro, measured, 1, "2019", 5000)  # outside the span
        observe(metro, measured, 2, "2021", 9, status="submitted")  # not approved: not counted
    observe(metro, "jobs-tourism", 0, "2020", 100)
    observe(metro, "jobs-tourism", 0, "2021", 200)
    observe(metro, "jobs", 0, "2020", 1000)
    observe(metro, "jobs", 0, "2021", 500)
    observe(metro, "jobs-tourism", 1, "2021", 50)  # no denominator for Middle: no ratio
    equity = territorial_equity(
        access=SYSTEM, indicator=metro.indicators[key], within=metro.area, first=year(2020), last=end(2022)
    )
    assert {r.territory.key: r.value for r in equity.rows} == expected


def test_equity_page_names_the_brand_city_share(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 600)
    observe(metro, "visitors", 1, "2020", 300)
    observe(metro, "visitors", 2, "2020", 100)
    client = Client()
    page = client.get("/results/equity/", {"indicator": "visitors", "from": 2020, "to": 2020}).content.decode()
    assert 'data-measure="brand-share">60.0% (Big, 60.0% of the population)' in page
    assert 'data-measure="hoover">0 ' in page
    chart = client.get("/results/equity.vl.json", {"indicator": "visitors", "from": 2020, "to": 2020}).json()
    assert [v["territory"] for v in chart["data"]["values"]] == ["Big", "Middle", "Small"]


def test_equity_page_offers_a_text_box_past_a_selects_size(metro, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A metropolis with thousands of indicators gets a text box with suggestions, answered with "number · name"."""
    monkeypatch.setattr("interlocal.results.equity.LARGE_CHOICES", 3)
    observe(metro, "visitors", 0, "2020", 600)
    hidden = indicator(metro.world, "hidden-rent", name="Zqhidden rent", visibility="draft", owner=metro.world.other)
    client = Client()
    rent = metro.indicators["rent"]

    page = client.get("/results/equity/").content.decode()
    assert '<select id="equity-indicator"' not in page
    visitors = metro.indicators["visitors"]
    assert f'value="{visitors.pk} · Visitors"' in page and "/choices/indicators/?field=indicator" in page

    page = client.get("/results/equity/", {"indicator": f"{rent.pk} · Rent"}).content.decode()
    assert f'value="{rent.pk} · Rent"' in page and "No indicator recorded per municipality matches" not in page
    chart = client.get("/results/equity.vl.json", {"indicator": f"{rent.pk} · Rent"})
    assert chart.status_code == 200

    for asked in (str(hidden.pk), f"{hidden.pk} · Zqhidden rent", "hidden-rent", "no such thing"):
        page = client.get("/results/equity/", {"indicator": asked}).content.decode()
        assert "No indicator recorded per municipality matches" in page and "showing Visitors instead" in page
        assert 'Zqhidden rent"' not in page.replace(f"“{asked}”", "")
    assert (
        "Zqhidden"
        not in client.get("/choices/indicators/", {"field": "indicator", "indicator": "Zqhid"}).content.decode()
    )


def test_equity_page_lists_a_few_indicators_in_a_select(metro) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/results/equity/", {"indicator": "rent"}).content.decode()
    assert '<select id="equity-indicator" name="indicator">' in page
    assert '<option value="rent" selected>Rent</option>' in page
