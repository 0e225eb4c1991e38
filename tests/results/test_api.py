"""The results API router (aggregate and equity), exercised before it is mounted under /api/v1/results/."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from ninja.testing import TestClient

from interlocal.results.api import router

from .conftest import observe


def test_aggregate_and_equity_endpoints(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 600)
    observe(metro, "visitors", 2, "2021", 150)
    client = TestClient(router)
    result = client.get("/aggregate?indicator=visitors&territory=metro&first=2020&last=2022", user=AnonymousUser())
    assert result.status_code == 200
    body = result.json()
    assert (Decimal(body["value"]), body["aggregation"], body["missing"]) == (750, "sum", ["2022-01-01"])
    town = client.get("/aggregate?indicator=visitors&territory=small&first=2020&last=2022", user=AnonymousUser())
    assert Decimal(town.json()["value"]) == 150
    equity = client.get("/equity?indicator=visitors&first=2020&last=2021", user=AnonymousUser()).json()
    assert [(r["territory"], r["rank"]) for r in equity["rows"]] == [("small", 1), ("barcelona", 2), ("middle", None)]
    assert equity["brand_share"] == 600 / 750
    missing = client.get("/aggregate?indicator=nothing", user=AnonymousUser())
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("first=10000", "Input should be less than or equal to 2100"),
        ("last=10000", "Input should be less than or equal to 2100"),
        ("first=-1&last=99999999", "Input should be greater than or equal to 1900"),
        ("first=2022&last=2020", "The first year (2022) comes after the last (2020)."),
    ],
)
@pytest.mark.parametrize("endpoint", ["aggregate", "equity"])
def test_a_year_out_of_range_is_a_422_naming_the_bounds(metro, endpoint: str, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(f"/api/v1/results/{endpoint}?indicator=visitors&{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert message in json.dumps(response.json()["detail"])


def test_the_first_and_last_years_allowed_are_answered(metro) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2100", 7)
    response = Client().get("/api/v1/results/aggregate?indicator=visitors&territory=metro&first=1900&last=2100")

    assert response.status_code == 200
    assert (Decimal(response.json()["value"]), len(response.json()["missing"])) == (7, 200)  # 201 years, one known
