"""Every public page of the portal passes axe-core (WCAG 2.1 AA and best practices) in a real browser."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

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


def audit(page: Page, url: str) -> str:
    """axe's report of the page's violations, or "" when there is none."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return "" if results.violations_count == 0 else f"{url}\n{results.generate_report()}"


def test_every_public_portal_page_has_no_axe_violation(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
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
    reports = [audit(page, f"{live_server.url}{url}") for url in urls]
    assert not any(reports), "\n".join(r for r in reports if r)
