"""Aggregation rules on crafted series: sum, mean, latest, ratio, missing periods, approved values only."""

import datetime
from decimal import Decimal

import pytest

from interlocal.core.permissions import ANONYMOUS, SYSTEM
from interlocal.results.aggregation import aggregate
from interlocal.results.periods import parse_period, period_label, periods_between

from .conftest import end, observe, year


def agg(metro, key, first, last, access=SYSTEM, within="area"):  # type: ignore[no-untyped-def]
    area = metro.area if within == "area" else within
    return aggregate(access=access, indicator=metro.indicators[key], within=area, first=year(first), last=end(last))


def test_sum_adds_every_territory_and_period_and_names_the_missing_ones(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 100)
    observe(metro, "visitors", 1, "2020", 50)
    observe(metro, "visitors", 0, "2022", 30)  # 2021 has no value at all
    result = agg(metro, "visitors", 2020, 2022)
    assert result.value == Decimal(180)
    assert result.present == [year(2020), year(2022)]
    assert result.missing == [year(2021)]


def test_only_approved_totals_count(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 100)
    observe(metro, "visitors", 1, "2020", 1000, status="draft")
    observe(metro, "visitors", 1, "2020", 7, status="submitted", breakdown="x")
    observe(metro, "visitors", 2, "2020", 500, status="returned")
    observe(metro, "visitors", 2, "2020", 60, breakdown="sex=female")  # a breakdown is not added to the total
    assert agg(metro, "visitors", 2020, 2020).value == Decimal(100)


def test_mean_weights_every_observation_by_its_population(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "rent", 0, "2020", 900)  # Big: 600 inhabitants
    observe(metro, "rent", 1, "2020", 600)  # Middle: 300
    observe(metro, "rent", 0, "2021", 1200)
    assert agg(metro, "rent", 2020, 2021).value == Decimal(960)  # (900 × 600 + 600 × 300 + 1200 × 600) / 1500
    assert agg(metro, "rent", 2020, 2020).value == Decimal(800)  # (900 × 600 + 600 × 300) / 900


def test_latest_is_the_last_period_with_a_value(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "flats", 0, "2019", 10)
    observe(metro, "flats", 1, "2019", 5)
    observe(metro, "flats", 0, "2021", 40)
    observe(metro, "flats", 1, "2021", 2)
    result = agg(metro, "flats", 2019, 2023)
    assert result.value == Decimal(42)
    assert result.missing == [year(2020), year(2022), year(2023)]
    assert agg(metro, "flats", 2019, 2020).value == Decimal(15)


def test_ratio_divides_over_the_periods_where_both_parts_exist(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "jobs-tourism", 0, "2020", 20)
    observe(metro, "jobs", 0, "2020", 100)
    observe(metro, "jobs-tourism", 1, "2020", 10)
    observe(metro, "jobs", 1, "2020", 100)
    observe(metro, "jobs-tourism", 0, "2021", 99)  # no denominator in 2021: the year is missing, not a zero
    observe(metro, "jobs", 0, "2022", 100)  # no numerator in 2022
    result = agg(metro, "share", 2020, 2022)
    assert result.value == Decimal(15)  # 30 / 200 × 100
    assert result.present == [year(2020)]
    assert result.missing == [year(2021), year(2022)]
    assert agg(metro, "share", 2020, 2020, within=metro.towns[1]).value == Decimal(10)


def test_ratio_with_nothing_to_divide_is_none(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "jobs-tourism", 0, "2020", 20)
    result = agg(metro, "share", 2020, 2020)
    assert result.value is None and result.missing == [year(2020)]


def test_quarters_and_territory_scoping(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "quarterly", 0, "2020-Q1", 1)
    observe(metro, "quarterly", 0, "2020-Q3", 3)
    observe(metro, "quarterly", 1, "2020-Q3", 5)
    result = agg(metro, "quarterly", 2020, 2020)
    assert result.value == Decimal(9)
    assert [period_label("quarter", p) for p in result.missing] == ["2020-Q2", "2020-Q4"]
    assert agg(metro, "quarterly", 2020, 2020, within=metro.towns[1]).value == Decimal(5)


def test_the_public_only_counts_public_values(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 100)
    hidden = observe(metro, "visitors", 1, "2020", 50)
    type(hidden).objects.filter(pk=hidden.pk).update(visibility="internal")
    assert agg(metro, "visitors", 2020, 2020, access=ANONYMOUS).value == Decimal(100)
    assert agg(metro, "visitors", 2020, 2020).value == Decimal(150)


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [("2023", "year", (2023, 1, 1)), ("2023-Q2", "quarter", (2023, 4, 1)), ("2023q4", "quarter", (2023, 10, 1)),
     ("2023-05", "month", (2023, 5, 1)), (" 2023-5 ", "month", (2023, 5, 1))],
)  # fmt: skip
def test_periods_are_normalised_to_their_first_day(text: str, kind: str, start: tuple[int, int, int]) -> None:
    assert parse_period(text) == (kind, datetime.date(*start))


@pytest.mark.parametrize("text", ["23", "2023-13", "2023-Q5", "last year", "", "1066"])
def test_bad_periods_are_explained(text: str) -> None:
    with pytest.raises(ValueError, match="is not a period"):
        parse_period(text)


def test_periods_between() -> None:
    assert periods_between("month", datetime.date(2020, 11, 1), datetime.date(2021, 2, 1)) == [
        datetime.date(2020, 11, 1), datetime.date(2020, 12, 1), datetime.date(2021, 1, 1), datetime.date(2021, 2, 1),
    ]  # fmt: skip
