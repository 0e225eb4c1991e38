"""The back office at 1366 and 390 px: comparison and ledger never scroll sideways, the menu folds on a phone.

One live server for the module; the data is built once per test through the real services.
"""

import datetime
import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from interlocal.benchmark.models import Profile
from interlocal.core.permissions import SYSTEM
from interlocal.results import services as results
from interlocal.results.models import Counterweight, Indicator, Observation
from interlocal.territory.models import PopulationFigure, Territory
from tests.factories import World, build_world, make

WIDTHS = (1366, 390)
OVERFLOW = "document.documentElement.scrollWidth > window.innerWidth"


def _indicator(world: World, key: str, name: str, unit: str, role: str) -> Indicator:
    return make(
        Indicator, key=key, name=name, kind="output", unit=unit, polarity="higher_better", aggregation="sum",
        periodicity="year", territorial_level="municipality", role=role, owner=world.amb,
    )  # fmt: skip


def _ledger(world: World) -> None:
    """The cruise entry of the demo's ledger: a gain with two costs, all with long names, and a gain with no values."""
    area = make(Territory, key="metro", name="Metro", kind="metropolis", country="ES", owner=world.amb)
    town = make(Territory, key="port-town", name="Port town", kind="municipality", country="ES", parent=area,
                owner=world.amb)  # fmt: skip
    make(PopulationFigure, territory=town, year=2020, population=1000, source="test", owner=world.amb)
    cruise = _indicator(world, "cruise", "Cruise passengers starting or ending their cruise in the port",
                        "passengers thousand", "attraction")  # fmt: skip
    costs = [
        _indicator(world, "no2-port", "Air quality near the port: NO2 annual mean", "µg/m³", "externality"),
        _indicator(
            world,
            "transit",
            "Cruise passengers in transit (a few hours in the city)",
            "passengers thousand",
            "externality",
        ),  # fmt: skip
    ]
    _indicator(world, "congresses", "International congresses held in the metropolis", "congresses", "attraction")
    for cost in costs:
        make(Counterweight, attraction=cruise, cost=cost, rationale="Ships pollute and crowd", owner=world.amb)
    for year in range(2019, 2025):
        for indicator in (cruise, *costs):
            observation = results.observation_create(
                access=SYSTEM, user=None,
                fields={"indicator": indicator, "territory": town, "period_kind": "year",
                        "period_start": datetime.date(year, 1, 1), "value": Decimal(1000 + year),
                        "owner": world.amb, "visibility": "public"},
            )  # fmt: skip
            Observation.objects.filter(pk=observation.pk).update(status="approved")


def _peers(world: World) -> str:
    territory = world.records["territories"]
    names = [
        "Metropolitan Region of a Long Name",
        "Greater Manchester Combined Authority",
        "Liverpool City Region",
        "Amsterdam Metropolitan Region",
        "Metropolitan Area of the Aburrá Valley",
        "eThekwini Municipality",
    ]
    keys = []
    for n, name in enumerate(names):
        make(Profile, key=f"peer-{n}", name=name, territory=territory, country="ES", owner=world.amb,
             governance_note="The metropolitan government and the municipalities act side by side " * 3)  # fmt: skip
        keys.append(f"p=peer-{n}")
    return "&".join(keys)


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out coordinator")).to_be_visible()


def test_compare_and_ledger_fit_the_window_and_the_menu_folds_on_a_phone(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    _ledger(world)
    chosen = _peers(world)
    url = live_server.url
    _log_in(page, url)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{url}/benchmark/compare/?{chosen}")
        assert not page.evaluate(OVERFLOW), f"/benchmark/compare/ scrolls sideways at {width} px"
        # Each checkbox sits on the line of its own name.
        for box in page.locator('fieldset.choices input[type="checkbox"]').all():
            label = page.locator(f'label[for="{box.get_attribute("id")}"]')
            box_top, label_top = box.bounding_box()["y"], label.bounding_box()["y"]  # type: ignore[index]
            assert abs(box_top - label_top) < 12, (width, label.inner_text())

        page.goto(f"{url}/results/ledger/")
        expect(page.locator(".il-chart.il-chart-ready")).to_have_count(1)  # the cruise entry; none for congresses
        expect(page.locator('[id="ledger-congresses"] .il-chart')).to_have_count(0)
        assert not page.evaluate(OVERFLOW), f"/results/ledger/ scrolls sideways at {width} px"
        table = page.locator('table.ledger[data-attraction="cruise"]')
        box = page.locator('[id="ledger-cruise"] .table-wrap')
        # The table fits its box, or scrolls inside it: its last column is never cut off by the page.
        assert table.evaluate("t => t.closest('.table-wrap').scrollWidth") >= table.evaluate("t => t.offsetWidth")
        assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"

    # On a phone the menu is one button until asked for, then its groups open with the keyboard.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{url}/")
    menu = page.locator("nav.main")
    toggle = page.get_by_role("button", name="Menu")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.locator("header.site").bounding_box()["height"] < 400  # type: ignore[index]
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    registry = menu.locator("summary", has_text="Registry")
    registry.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Organisations")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Organisations")).to_be_hidden()

    # On a wide screen the groups are in view, closed, and the current page is marked.
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{url}/organisations/")
    expect(toggle).to_be_hidden()
    expect(menu.locator("summary", has_text="Registry")).to_be_visible()
    menu.locator("summary", has_text="Registry").click()
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Organisations")
    assert not page.evaluate(OVERFLOW)

    # Filtering a list twice keeps one of each filter in the address, ready to be shared.
    filters = page.locator("form.filters")
    filters.locator("select[name=kind]").select_option("city_network")
    expect(page.locator("#record-table")).to_contain_text("UCLG")
    filters.locator("select[name=visibility]").select_option("public")
    expect(page).to_have_url(re.compile(r"visibility=public"))
    assert page.url.count("kind=") == 1 and page.url.count("visibility=") == 1, page.url
