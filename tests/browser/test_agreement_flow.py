"""An editor's day in a real browser: create an agreement, find it, edit it, read its history."""

import re

from playwright.sync_api import Page, expect

from tests.factories import build_world, settle_at_home


def test_editor_creates_edits_and_reviews_an_agreement(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    settle_at_home(world)  # the relations map shows the home metropolis's own agreements
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out editor"))).to_be_visible()

    page.goto(f"{url}/agreements/new/")
    page.locator("#id_organisation").select_option(str(world.own.pk))
    page.get_by_label("Title *").fill("Twinning with Lyon")
    page.locator("#id_kind").select_option("twinning")
    page.get_by_label("or a city by name").fill("Lyon, FR")
    page.locator("#id_owner").select_option(str(world.own.pk))
    page.locator("#id_visibility").select_option("public")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Twinning with Lyon")).to_be_visible()

    page.goto(f"{url}/agreements/?q=Lyon")
    expect(page.locator("table.list")).to_contain_text("Twinning with Lyon")

    page.goto(f"{url}/map/")
    expect(page.locator('[data-testid="map-point"][data-name="Lyon"]')).to_have_count(1)

    page.goto(f"{url}/agreements/?q=Lyon")
    page.get_by_role("link", name="Twinning with Lyon").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title *").fill("Twinning with Lyon, renewed")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Twinning with Lyon, renewed")).to_be_visible()

    page.get_by_role("link", name="History").click()
    history = page.locator("table.history")
    expect(history).to_contain_text("Twinning with Lyon, renewed")
    expect(history.locator("del").first).to_contain_text("Twinning with Lyon")
    expect(history).to_contain_text("editor")

    other = world.others["agreements"]
    response = page.goto(f"{url}/agreements/{other.pk}/edit/")
    assert response is not None and response.status == 403
    page.goto(f"{url}/agreements/{other.pk}/")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
