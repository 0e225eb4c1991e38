"""Counterweights (M6): every attraction is shown beside its costs, with the rationale."""

from django.test import Client

from interlocal.core.permissions import SYSTEM
from interlocal.results.models import Counterweight
from interlocal.results.selectors import externality_ledger

from ..factories import make
from .conftest import end, observe, year


def pair(metro, attraction, cost, rationale="Because"):  # type: ignore[no-untyped-def]
    return make(
        Counterweight, attraction=metro.indicators[attraction], cost=metro.indicators[cost], rationale=rationale,
        owner=metro.world.amb, citation="Report §6 (Conclusions)",
    )  # fmt: skip


def test_the_ledger_puts_each_gain_beside_its_costs_year_by_year(metro) -> None:  # type: ignore[no-untyped-def]
    pair(metro, "visitors", "rent", "Tourism pushes rents up")
    pair(metro, "visitors", "share")
    for town, visitors, rent in [(0, 100, 900), (1, 50, 600)]:  # rents weighted by 600 and 300 inhabitants: 800
        observe(metro, "visitors", town, "2020", visitors)
        observe(metro, "rent", town, "2020", rent)
    observe(metro, "visitors", 0, "2021", 120)
    [entry] = externality_ledger(access=SYSTEM, within=metro.area, first=year(2019), last=end(2022))
    assert entry.attraction == metro.indicators["visitors"]
    assert [c.cost.key for c in entry.counterweights] == ["rent", "share"]
    assert entry.rows() == [("2020", 150, [800, None]), ("2021", 120, [None, None])]


def test_the_ledger_page_and_the_indicator_page_never_show_a_gain_alone(metro) -> None:  # type: ignore[no-untyped-def]
    pair(metro, "visitors", "rent", "Tourism pushes rents up")
    observe(metro, "visitors", 0, "2020", 100)
    observe(metro, "rent", 0, "2020", 900)
    client = Client()
    ledger = client.get("/results/ledger/").content.decode()
    assert "Tourism pushes rents up" in ledger and 'data-cost="rent"' in ledger
    detail = client.get(metro.indicators["visitors"].get_absolute_url()).content.decode()
    assert 'id="counterweights"' in detail and 'data-cost="rent"' in detail
    chart = client.get(f"/results/ledger/{metro.indicators['visitors'].pk}.vl.json").json()
    sides = {(v["indicator"].split(" (")[0], v["side"]) for v in chart["data"]["values"]}
    assert sides == {("Visitors", "Gain"), ("Rent", "Cost")}


def test_an_attraction_without_counterweight_is_flagged(metro) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/results/ledger/").content.decode()
    assert "has no counterweight yet" in page


def test_a_pairing_is_checked(metro) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(metro.world.users["coordinator"])
    visitors = metro.indicators["visitors"].pk
    data = {"attraction": visitors, "cost": visitors, "rationale": "x", "owner": metro.world.amb.pk,
            "visibility": "public", "language": "en"}  # fmt: skip
    response = client.post("/counterweights/new/", data)
    assert response.status_code == 400 and "its own counterweight" in str(response.context["form"].errors)
    assert client.post("/counterweights/new/", {**data, "cost": metro.indicators["rent"].pk}).status_code == 302
    assert Counterweight.objects.get().rationale == "x"
    again = client.post("/counterweights/new/", {**data, "cost": metro.indicators["rent"].pk})
    assert again.status_code == 400 and Counterweight.objects.count() == 1


def test_ratio_indicators_need_their_parts(metro) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(metro.world.users["coordinator"])
    data = {"key": "new-ratio", "name": "New ratio", "kind": "impact", "role": "other", "unit": "%",
            "polarity": "neutral", "aggregation": "ratio", "scale": 100, "periodicity": "year",
            "territorial_level": "municipality", "owner": metro.world.amb.pk, "visibility": "public",
            "language": "en"}  # fmt: skip
    response = client.post("/indicators/new/", data)
    assert response.status_code == 400 and {"numerator", "denominator"} <= set(response.context["form"].errors)
