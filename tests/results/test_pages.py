"""The dashboards and the results pages run a fixed number of queries, however many values there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo
from interlocal.results.models import Counterweight, Observation, ObservationImport, Target
from interlocal.strategy.models import Axis, Objective, Plan

from ..factories import make
from .conftest import indicator, observe, year


def queries(client: Client, url: str, **headers: str) -> int:
    memo.forget()  # what the page computes, not what a read before it left remembered (a list's filters' options)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(captured)


def grow(metro, years: range) -> None:  # type: ignore[no-untyped-def]
    for y in years:
        for town in range(3):
            for key in ("visitors", "rent", "flats", "jobs", "jobs-tourism"):
                observe(metro, key, town, str(y), 10 + town)
            observe(metro, "visitors", town, str(y), 1, breakdown="sex=female")
            observe(metro, "visitors", town, str(y), 1, status="submitted", breakdown="sex=male")


def test_dashboards_use_a_fixed_number_of_queries(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    plan = make(Plan, title="Plan", kind=1, organisation=world.amb, owner=world.amb)
    objective = make(Objective, axis=make(Axis, plan=plan, title="Axis", owner=world.amb), title="O", owner=world.amb)
    for key in ("visitors", "rent", "share"):
        metro.indicators[key].objectives.add(objective)
    output = indicator(world, "output")
    output.contributes_to.add(metro.indicators["visitors"])
    for cost in ("rent", "flats", "share"):
        make(
            Counterweight,
            attraction=metro.indicators["visitors"],
            cost=metro.indicators[cost],
            rationale="r",
            owner=world.amb,
        )
    make(Target, indicator=metro.indicators["rent"], territory=metro.area, kind="target", period_start=year(2030), value=1, owner=world.amb)  # fmt: skip
    run = ObservationImport.objects.create(owner=world.own, user=world.users["editor"], filename="f.csv", content=b"")
    visitors = metro.indicators["visitors"].pk
    urls = [
        "/results/ledger/", f"/results/ledger/{visitors}.vl.json", "/results/equity/?indicator=visitors",
        "/results/equity.vl.json?indicator=rent", "/results/equity/?indicator=rent", "/results/equity/?indicator=share",
        "/results/equity/?indicator=flats", f"/results/objectives/{objective.pk}/",
        f"/results/indicators/{visitors}/trend.vl.json", f"/indicators/{visitors}/", "/results/review/",
        f"/results/import/{run.pk}/", "/indicators/", "/observations/", "/counterweights/", "/indicator-targets/",
        "/api/v1/observations/", "/api/v1/indicators/",
    ]  # fmt: skip
    client = Client()
    client.force_login(world.users["coordinator"])
    grow(metro, range(2018, 2020))
    few = [queries(client, url) for url in urls]
    grow(metro, range(2020, 2025))
    Observation.objects.filter(territory=metro.towns[0]).update(import_run=run)
    assert [queries(client, url) for url in urls] == few
    assert max(few) <= 25


@pytest.mark.parametrize("url", ["/results/ledger/", "/results/equity/", "/indicators/", "/observations/"])
def test_public_pages_answer_anonymous_visitors(metro, url: str) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 5)
    assert Client().get(url).status_code == 200


def test_import_and_review_need_a_writer(metro) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/results/import/").status_code == 403
    viewer = Client()
    viewer.force_login(metro.world.users["viewer"])
    assert viewer.get("/results/import/").status_code == 403
    other = ObservationImport.objects.create(
        owner=metro.world.other, user=metro.world.users["coordinator"], filename="f.csv", content=b""
    )
    editor = Client()
    editor.force_login(metro.world.users["editor"])
    assert editor.get(f"/results/import/{other.pk}/").status_code == 404


@pytest.mark.parametrize(
    "span", [{"from": "1", "to": "9999"}, {"from": "-5", "to": "99999999"}, {"from": "٢٠٢٠", "to": "2100000"}]
)
def test_a_year_out_of_range_falls_back_to_the_default_span(metro, span: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    visitors = metro.indicators["visitors"].pk
    for url in ("/results/equity/?indicator=visitors", f"/results/indicators/{visitors}/trend.vl.json"):
        assert Client().get(url, span).status_code == 200, url


@pytest.mark.parametrize("run", ["99999999999999999999", "²", "-1"])
def test_a_review_queue_of_an_import_that_cannot_exist_is_empty(metro, run: str) -> None:  # type: ignore[no-untyped-def]
    observe(metro, "visitors", 0, "2020", 5, status="submitted")
    client = Client()
    client.force_login(metro.world.users["coordinator"])

    response = client.get("/results/review/", {"import": run})

    assert response.status_code == 200 and list(response.context["page"].object_list) == []
