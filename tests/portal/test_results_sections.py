"""The portal's results sections: plans, indicators beside their counterweights, territorial equity, practices,
and the annual report's results, all from public records and approved values only."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo
from interlocal.core.permissions import ANONYMOUS
from interlocal.diplomacy.models import Engagement
from interlocal.knowledge.models import Practice
from interlocal.portal import sections
from interlocal.results.models import Counterweight
from interlocal.strategy.models import Axis, Objective, Plan
from interlocal.territory.models import Territory
from tests.factories import make
from tests.results.conftest import Metro, indicator, observe

THIS_YEAR = datetime.date.today().year  # noqa: DTZ011 - the portal looks at the last eight calendar years


def pair(metro: Metro, attraction: str, cost: str, rationale: str, **fields) -> Counterweight:  # type: ignore[no-untyped-def]
    return make(  # type: ignore[no-any-return]
        Counterweight, attraction=metro.indicators[attraction], cost=metro.indicators[cost], rationale=rationale,
        owner=metro.world.amb, **fields,
    )  # fmt: skip


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def ledger(metro: Metro) -> Metro:
    """Visitors weighed against rents; one draft value and one internal indicator that must not show."""
    pair(metro, "visitors", "rent", "Tourism pushes rents up")
    last, before = str(THIS_YEAR - 1), str(THIS_YEAR - 2)
    for town, visitors, rent in [(0, 100, 900), (1, 50, 600)]:  # rents weighted by 600 and 300 inhabitants: 800
        observe(metro, "visitors", town, before, visitors)
        observe(metro, "rent", town, before, rent)
    observe(metro, "visitors", 0, last, 170)
    observe(metro, "rent", 0, last, 1000)
    observe(metro, "visitors", 1, last, 999, status="submitted")  # not approved: never counted
    metro.indicators["secret"] = indicator(metro.world, "secret", name="Secret count", visibility="internal")
    observe(metro, "secret", 0, last, 5)
    return metro


def test_the_indicators_page_shows_each_gain_beside_its_costs(ledger: Metro) -> None:
    html = page("/portal/indicators/")
    assert 'data-indicator="visitors"' in html and 'data-cost="rent"' in html
    assert "Tourism pushes rents up" in html
    assert "Secret count" not in html
    values = re.findall(r'<td class="num">([^<]*)</td>', html)  # not the page's random CSRF token
    assert values and not any("999" in v or "1,169" in v for v in values)  # the submitted value is left out
    board = sections.indicators(ANONYMOUS)
    assert board is not None
    (entry,) = board.ledger
    assert entry.rows() == [(str(THIS_YEAR - 2), 150, [800]), (str(THIS_YEAR - 1), 170, [1000])]
    assert [url.split("-")[0] for _indicator, url in entry.columns()] == [
        f"/portal/indicators/{ledger.indicators['visitors'].pk}",
        f"/portal/indicators/{ledger.indicators['rent'].pk}",
    ]  # the portal's pages, never the internal ones
    others = {item.indicator.key for item in board.others}
    assert "visitors" not in others and "rent" not in others and "flats" in others


def test_the_indicators_board_is_remembered_in_each_language_until_a_value_changes(ledger: Metro) -> None:
    """The board is remembered as drawn (core.memo): in the reader's language, and drawn again after a change."""
    assert "Gains beside their costs" in page("/portal/indicators/")
    catalan = Client()
    catalan.cookies["django_language"] = "ca"
    assert "Guanys al costat dels seus costos" in catalan.get("/portal/indicators/").content.decode()
    assert "Gains beside their costs" in page("/portal/indicators/")  # the English board, still
    observe(ledger, "flats", 0, str(THIS_YEAR - 1), 4321)
    assert "4,321" in page("/portal/indicators/")


def test_an_indicator_page_has_its_trend_and_its_counterweights(ledger: Metro) -> None:
    visitors, rent = ledger.indicators["visitors"], ledger.indicators["rent"]
    short = Client().get(f"/portal/indicators/{visitors.pk}/")
    assert short.status_code == 301 and short["Location"].endswith(f"/portal/indicators/{visitors.pk}-visitors/")
    html = page(f"/portal/indicators/{visitors.pk}-visitors/")
    assert 'data-section="counterweights"' in html and 'data-cost="rent"' in html
    assert f"170\xa0units ({THIS_YEAR - 1})" in html  # the value with its unit, as the reader reads it
    cost = page(f"/portal/indicators/{rent.pk}-rent/")
    assert 'data-section="weighs-against"' in cost and "Tourism pushes rents up" in cost
    trend = Client().get(f"/portal/indicators/{visitors.pk}/trend.vl.json").json()
    assert [v["value"] for v in trend["layer"][0]["data"]["values"]] == [150.0, 170.0]
    chart = Client().get(f"/portal/indicators/{visitors.pk}/ledger.vl.json").json()
    assert {v["side"] for v in chart["data"]["values"]} == {"Gain", "Cost"}
    assert Client().get(f"/portal/indicators/{rent.pk}/ledger.vl.json").status_code == 404
    secret = ledger.indicators["secret"]
    assert Client().get(f"/portal/indicators/{secret.pk}-secret-count/").status_code == 404


def test_an_indicator_page_and_its_charts_follow_a_new_value_and_a_new_cost(ledger: Metro) -> None:
    """They are remembered until their data changes (core.memo): a value approved afterwards shows at once, on the
    portal's page and charts and on the back office's page of the indicator."""
    visitors = ledger.indicators["visitors"]
    editor = Client()
    editor.force_login(ledger.world.users["editor"])

    def trend() -> list[float]:
        chart = Client().get(f"/portal/indicators/{visitors.pk}/trend.vl.json").json()
        return [v["value"] for v in chart["layer"][0]["data"]["values"]]

    def costs() -> set[str]:
        chart = Client().get(f"/portal/indicators/{visitors.pk}/ledger.vl.json").json()
        return {v["indicator"] for v in chart["data"]["values"] if v["side"] == "Cost"}

    observe(ledger, "flats", 0, str(THIS_YEAR - 1), 12)  # a cost with values, not yet weighed against visitors
    assert trend() == [150.0, 170.0] and costs() == {"Rent (units)"}
    assert "4,321" not in page(f"/portal/indicators/{visitors.pk}-visitors/")
    assert "4,321" not in editor.get(f"/indicators/{visitors.pk}/").content.decode()
    observe(ledger, "visitors", 0, str(THIS_YEAR), 4321)
    assert trend() == [150.0, 170.0, 4321.0]
    assert "4,321" in page(f"/portal/indicators/{visitors.pk}-visitors/")
    assert "4,321" in editor.get(f"/indicators/{visitors.pk}/").content.decode()
    pair(ledger, "visitors", "flats", "Tourism turns flats into lodgings")
    assert costs() == {"Rent (units)", "Flats (units)"}


def test_indicator_pages_keep_a_fixed_number_of_queries(ledger: Metro) -> None:
    visitors = ledger.indicators["visitors"]
    urls = ["/portal/indicators/", f"/portal/indicators/{visitors.pk}-visitors/", "/portal/territory/"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            memo.forget()  # counted as computed, not as remembered from the last round (core.memo)
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(url).status_code == 200
            found.append(len(queries))
        return found

    few = counts()
    for n in range(4):
        name = f"extra-{n}"
        ledger.indicators[name] = indicator(ledger.world, name, role="externality")
        pair(ledger, "visitors", name, f"Cost {n}")
        observe(ledger, name, 2, str(THIS_YEAR - 1), n + 1)
        observe(ledger, "jobs", n % 3, str(THIS_YEAR - 3 - n), 10)
    assert counts() == few


def test_territorial_equity_by_municipality_with_a_chosen_indicator(ledger: Metro) -> None:
    html = page("/portal/territory/?indicator=rent")
    assert '<option value="rent" selected>' in html
    assert 'data-section="territorial-equity"' in html and 'data-measure="mean"' in html  # rents are averages:
    assert 'data-measure="hoover"' not in html and 'data-measure="reason"' in html  # no Hoover, and the page says why
    choice = sections.territorial_equity(ANONYMOUS, "visitors")
    assert choice is not None and choice.equity is not None
    assert choice.equity.total == 320 and choice.equity.brand is not None
    assert [(r.territory.name, r.value) for r in choice.equity.rows][:2] == [("Big", 270), ("Middle", 50)]
    assert "Secret count" not in html
    assert '<option value="visitors" selected>' in page("/portal/territory/?indicator=Not a key!")


def test_plans_show_public_axes_and_objectives_only(metro: Metro, home: Territory) -> None:
    plan = make(Plan, title="Metropolitan Action Plan", kind=3, organisation=metro.world.amb, owner=metro.world.amb)
    axis = make(Axis, plan=plan, position=1, title="Networks and outreach", owner=metro.world.amb)
    make(Objective, axis=axis, code="1.1", title="Reach every municipality", owner=metro.world.amb)
    make(Objective, axis=axis, code="1.2", title="A draft idea", owner=metro.world.amb, visibility="internal")
    make(Plan, title="Unpublished plan", kind=1, organisation=metro.world.amb, owner=metro.world.amb,
         visibility="internal")  # fmt: skip
    html = page("/portal/strategy/")
    assert "Metropolitan Action Plan" in html and "1. Networks and outreach" in html
    assert "Reach every municipality" in html
    assert "A draft idea" not in html and "Unpublished plan" not in html


def test_the_practices_catalogue_lists_public_practices_with_search_and_pages(metro: Metro) -> None:
    amb = metro.world.amb
    make(Practice, title="Catalogue of living practices", summary="Medellín's catalogue", owner=amb)
    make(Practice, title="Seoul Solution", summary="Policies shared", what_failed="Too long", owner=amb)
    make(Practice, title="Internal draft", owner=amb, visibility="internal")
    html = page("/portal/practices/")
    assert "Seoul Solution" in html and "Too long" in html and "Internal draft" not in html
    found = page("/portal/practices/?q=medell")
    assert "Catalogue of living practices" in found and "Seoul Solution" not in found
    assert "No public practice matches." in page("/portal/practices/?q=nothing-like-this")
    for n in range(21):
        make(Practice, title=f"Practice {n:02d}", owner=amb)
    assert "Page 1 of 2" in page("/portal/practices/") and "Page 2 of 2" in page("/portal/practices/?page=2")


def test_the_annual_report_results_compare_the_year_with_the_year_before(ledger: Metro) -> None:
    results = sections.results_figures(ANONYMOUS, THIS_YEAR - 1)
    assert results is not None
    (row,) = results.ledger
    assert (row.gain.value, row.gain.previous, row.gain.change) == (170, 150, 20)
    ((counterweight, rent),) = row.costs
    assert counterweight.rationale == "Tourism pushes rents up"
    assert (rent.value, rent.previous, rent.change) == (1000, 800, 200)
    from interlocal.portal.report import report_context

    context = report_context(THIS_YEAR - 1)
    assert context["charts"]["results"] is not None and "Tourism pushes rents up" not in context["charts"]["results"]
    assert 'aria-label="Gains and their costs' in context["charts"]["results"]


def test_the_report_offers_every_year_between_the_first_and_the_last_engagement(metro: Metro, home: Territory) -> None:
    for day in (datetime.date(2019, 3, 1), datetime.date(2022, 6, 1)):
        make(Engagement, title=f"Mission {day.year}", kind="outgoing_mission", start_on=day, owner=metro.world.amb,
             participants=[metro.world.amb])  # fmt: skip
    years = sections.available_years(ANONYMOUS)
    assert years[0] >= 2022 and years[-1] <= 2019 and years == sorted(years, reverse=True)
    assert set(range(2019, 2023)) <= set(years)


def test_the_territory_page_follows_a_value_approved_after_it_was_read(ledger: Metro) -> None:
    """The indicator by municipality is remembered until its data changes (core.memo)."""
    assert "4,321" not in page("/portal/territory/?indicator=visitors")
    observe(ledger, "visitors", 2, str(THIS_YEAR - 1), 4321)
    assert "4,321" in page("/portal/territory/?indicator=visitors")
