"""A metropolis outside the report profiles itself and finds its place beside the case studies."""

from playwright.sync_api import Page, expect

from interlocal.metropolis.defaults import load_default_data
from interlocal.metropolis.demo import DEMO_PASSWORD, ensure_demo_users


def test_self_assessment_lands_in_the_comparison(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None)
    ensure_demo_users()
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{url}/benchmark/compare/")
    page.get_by_role("link", name="Profile your metropolis (self-assessment)").click()
    page.get_by_label("Metropolis", exact=True).fill("Porto Metropolitan Area")
    page.get_by_label("Name *").fill("Porto")
    page.get_by_label("Country *").fill("PT")
    page.get_by_label("Governance scenario").select_option("3")
    page.get_by_label("Planning kind").select_option("3")
    page.get_by_label("A transversal space for the whole external action").select_option("false")
    page.get_by_label("Measures negative externalities").select_option("false")
    page.get_by_label("Has a public web page of its international action").select_option("true")
    page.get_by_label("Declared staff").fill("6")
    page.locator("#id_visibility").select_option("public")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Porto", exact=True)).to_be_visible()
    gaps = page.locator("ul.findings-gap")
    expect(gaps.locator('[data-rule="transversal_space"]')).to_contain_text("Recommendation:")
    expect(gaps.locator('[data-rule="sectoral_plan"]')).to_contain_text("Peers that do better:")
    expect(gaps.locator('[data-rule="sectoral_plan"]')).to_contain_text("Montreal")

    page.goto(f"{url}/benchmark/compare/")
    page.get_by_label("Porto").check()
    page.get_by_role("button", name="Compare").click()
    table = page.locator("table.comparison")
    expect(table.locator("thead")).to_contain_text("Porto")
    expect(table.locator("thead")).to_contain_text("Seoul")
    expect(table).to_contain_text("3 · The metropolitan government and the municipalities act side by side")
