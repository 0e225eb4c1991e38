"""An anonymous visitor uses the public portal: language, relations map, a project, an indicator with its
counterweights, the annual report, open data."""

import io
import json
import zipfile

from playwright.sync_api import Page, expect

from interlocal.metropolis.defaults import load_default_data
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate

from .test_portal_accessibility import audit


def test_an_anonymous_visitor_reads_the_portal_and_downloads_its_report_and_data(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None, illustrative=True)  # the demo (make demo)
    url = live_server.url
    violations = []

    page.goto(f"{url}/portal/")
    violations.append(audit(page, f"{url}/portal/"))
    page.locator("select#language").select_option("ca")  # submits itself
    expect(page.locator("html")).to_have_attribute("lang", "ca")
    page.locator("select#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Relations map").click()
    expect(page.locator(".il-map svg.il-map-svg")).to_be_visible()
    expect(page.locator(".il-map circle.il-map-point").first).to_be_attached()
    expect(page.locator(".il-map a")).to_have_count(0)  # no back-office page for a partner place
    violations.append(audit(page, page.url))

    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Projects").click()
    first = page.locator("table.list tbody a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    shared = page.url
    assert "/portal/projects/" in shared
    violations.append(audit(page, shared))

    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Indicators").click()
    tourists = page.locator('article[data-indicator="tourists"]')
    expect(tourists.locator('th[data-cost="average-rent"]')).to_be_visible()  # the gain is never shown alone
    tourists.get_by_role("heading", level=3).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tourists (overnight stays of visitors)")
    counterweights = page.locator('[data-section="counterweights"]')
    expect(counterweights.get_by_role("heading", name="Gains beside their costs")).to_be_visible()
    expect(counterweights.locator("table.ledger tbody tr").first).to_be_visible()
    expect(counterweights.locator(".il-chart svg, .il-chart canvas").first).to_be_visible()  # drawn by Vega
    assert "/portal/indicators/" in page.url
    violations.append(audit(page, page.url))

    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Annual report").click()
    page.get_by_label("Year").select_option("2024")
    page.get_by_role("button", name="Generate the report").click()
    expect(page.locator("#job-progress")).to_have_attribute("hx-trigger", "every 1s")
    generate(AnnualReport.objects.get(year=2024).pk)  # what the db_worker does
    download_link = page.get_by_role("link", name="Download the annual report 2024 (PDF)")
    expect(download_link).to_be_visible(timeout=10_000)  # htmx polling brought the finished report
    expect(page.get_by_role("heading", name="Annual report 2024")).to_be_visible()
    violations.append(audit(page, page.url))
    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Annual report").click()
    page.get_by_role("link", name="Annual report 2024").click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the annual report 2024 (PDF)").click()
    assert pdf.value.path().read_bytes()[:5] == b"%PDF-"

    page.get_by_role("navigation", name="Public portal").get_by_role("link", name="Open data").click()
    violations.append(audit(page, page.url))
    with page.expect_download() as package:
        page.get_by_role("link", name="Download the data package (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(package.value.path().read_bytes()))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert "projects.csv" in archive.namelist()  # beside datapackage.json, as its resource paths say
    assert any(r["name"] == "projects" for r in descriptor["resources"])
    assert title in archive.read("projects.csv").decode()

    assert not any(violations), "\n".join(v for v in violations if v)
