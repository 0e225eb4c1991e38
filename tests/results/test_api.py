"""The results API router (aggregate and equity), exercised before it is mounted under /api/v1/results/."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
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
