"""Every public page of the portal passes axe-core (WCAG 2.1 AA and best practices) in a real browser, at a
laptop's width (1366 px) and a phone's (390 px), without scrolling sideways; on the phone the menu is folded
and opens. One live server, one browser, one walk."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from interlocal.core.permissions import ANONYMOUS
from interlocal.metropolis.defaults import load_default_data
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate
from interlocal.portal.sections import indicator_url
from interlocal.portal.views import reverse_project
from interlocal.projects.models import Project
from interlocal.results.models import Indicator

PAGES = [
    "/portal/",
    "/portal/strategy/",
    "/portal/networks/",
    "/portal/map/",
    "/portal/projects/",
    "/portal/projects/?kind=nonsense",
    "/portal/indicators/",
    "/portal/territory/",
    "/portal/practices/",
    "/portal/report/",
    "/portal/data/",
]
WIDTHS = {"laptop": (1366, 768), "phone": (390, 844)}


def audit(page: Page, url: str) -> str:
    """axe's report of the page's violations, or "" when there is none."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return "" if results.violations_count == 0 else f"{url}\n{results.generate_report()}"


def sideways(page: Page, url: str) -> str:
    """The page's width past the window's when it scrolls sideways, or ""."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return f"{url} scrolls sideways by {overflow} px" if overflow > 0 else ""


def test_every_public_portal_page_passes_axe_at_both_widths(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None, illustrative=True)  # the demo (make demo)
    project = Project.objects.visible_to(ANONYMOUS).order_by("pk").first()
    assert project is not None
    ready = generate(AnnualReport.objects.create(year=2024).pk)
    waiting = AnnualReport.objects.create(year=2023)
    attraction = Indicator.objects.visible_to(ANONYMOUS).filter(role="attraction", counterweights__isnull=False)
    cost = Indicator.objects.visible_to(ANONYMOUS).filter(role="externality").order_by("pk")
    indicators = [indicator_url(attraction.order_by("pk").first()), indicator_url(cost.first())]  # type: ignore[arg-type]
    urls = [
        *PAGES,
        reverse_project(project),
        *indicators,
        "/portal/practices/?q=catalogue",
        f"/portal/report/{ready.pk}/",
        f"/portal/report/{waiting.pk}/",
    ]
    problems = []
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            problems.append(audit(page, f"{live_server.url}{url}"))
            if name == "phone":
                problems.append(sideways(page, url))
    assert not any(problems), "\n".join(p for p in problems if p)

    # On the phone the menu is folded: one button, no link, until it is opened.
    page.goto(f"{live_server.url}/portal/")
    menu = page.get_by_role("navigation", name="Public portal")
    expect(menu).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(menu.get_by_role("link", name="Relations map")).to_be_visible()
    menu.get_by_role("link", name="Relations map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relations map")

    # On a laptop the links are a bar, open from the start.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/portal/")
    expect(page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Projects")).to_be_visible()
