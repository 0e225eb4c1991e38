"""An editor documents a practice; it is found at once by words without their accents; anonymous readers miss drafts."""

from playwright.sync_api import Page, expect

from interlocal.metropolis.defaults import load_default_data
from interlocal.metropolis.demo import DEMO_PASSWORD, ensure_demo_users


def test_a_new_practice_is_found_by_search(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None)
    ensure_demo_users()
    url = live_server.url

    # The report's practices are there from the start, found without typing accents.
    page.goto(f"{url}/search/")
    page.get_by_label("Search for").fill("practicas vivas medellin")
    page.get_by_role("button", name="Search", exact=True).click()
    practices = page.locator("ol.search-results li").filter(has=page.locator('a[href^="/practices/"]'))
    result = practices.filter(has_text="Laboratorio")
    expect(result.locator("mark").first).to_have_text("Medellín")
    result.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Laboratorio Medellín")
    expect(page.get_by_role("link", name="Laboratorio Medellín. Catálogo de diez prácticas vivas")).to_be_visible()

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{url}/practices/new/")
    page.get_by_label("Title").fill("Escoles bressol i participació")
    page.get_by_label("Summary").fill("Les famílies decideixen el projecte educatiu.")
    page.get_by_label("What failed").fill("The first consultation reached too few families.")
    page.get_by_label("Documents").fill("Informe | https://example.org/informe.pdf")
    page.locator("#id_visibility").select_option("draft")
    page.locator("#id_language").select_option("ca")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Escoles bressol i participació")

    page.goto(f"{url}/search/?q=participacio+escoles")
    expect(page.locator("#search-count")).to_contain_text("1 result")
    expect(page.locator("ol.search-results mark").first).to_have_text("Escoles")

    # Logged out, the draft is nowhere.
    page.get_by_role("button", name="Log out editor").click()
    page.goto(f"{url}/search/?q=participacio+escoles")
    expect(page.locator("#search-count")).to_contain_text("0 results")
