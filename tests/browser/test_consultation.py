"""An anonymous visitor sends a contribution to an open consultation; a coordinator moderates it, links it to
an objective, and it appears on the consultation's public page with what was done."""

import re

from django.core.cache import cache
from playwright.sync_api import Page, expect

from interlocal.participation.models import Consultation, Contribution, Sector
from interlocal.strategy.models import Axis, Objective, Plan
from tests.factories import build_world, make, settle_at_home


def test_contribution_from_the_public_to_the_public_page(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    cache.clear()  # the hourly allowance per address
    world = build_world()
    settle_at_home(world)
    plan = make(Plan, title="Metropolitan Action Plan", kind=2, organisation=world.amb, owner=world.amb)
    axis = make(Axis, plan=plan, position=1, title="Networks and outreach", owner=world.amb)
    objective = make(Objective, axis=axis, code="1.3", title="Mitigate the externalities", owner=world.amb)
    Sector.objects.create(slug="transport", name="Transport")
    consultation = make(
        Consultation, title="Consultation on the international lines", organisation=world.amb, plan=plan,
        status="open", owner=world.amb,
    )  # fmt: skip
    url = live_server.url

    # A visitor without an account finds the consultation and contributes.
    page.goto(f"{url}/portal/consultations/")
    page.get_by_role("link", name="Consultation on the international lines", exact=True).click()
    expect(page.get_by_role("heading", name="Consultation on the international lines")).to_be_visible()
    page.get_by_role("link", name="Send your contribution").click()
    page.get_by_label("Your contribution *").fill("Big events should publish their effect on air quality.")
    page.get_by_label("Your sector").select_option(label="Transport")
    page.get_by_label("1.3 Mitigate the externalities").check()
    page.get_by_role("button", name="Send the contribution").click()
    expect(page.get_by_text(re.compile("Your contribution reached the consultation"))).to_be_visible()
    contribution = Contribution.objects.get()
    assert contribution.moderation == "pending"

    # Until it is moderated, the public page does not show it.
    page.goto(f"{url}/portal/consultations/{consultation.pk}/")
    expect(page.locator("[data-section=heard]")).not_to_contain_text("Big events")

    # The coordinator accepts it, linking it to the objective it changed.
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out coordinator"))).to_be_visible()
    page.goto(f"{url}/contributions/moderation/")
    item = page.locator(f"[data-contribution='{contribution.pk}']")
    expect(item).to_contain_text("Big events should publish their effect on air quality.")
    item.get_by_label("Objective it changed").select_option(str(objective.pk))
    item.get_by_label("What we did").fill("The objective now asks every big event for an air-quality plan.")
    item.get_by_role("button", name="Accept").click()
    expect(page.get_by_text(re.compile("Accepted: the contribution is now on"))).to_be_visible()
    contribution.refresh_from_db()
    assert (contribution.moderation, contribution.changed_objective) == ("accepted", objective)

    # A visitor reads what was heard and what was done.
    page.context.clear_cookies()
    page.goto(f"{url}/portal/consultations/{consultation.pk}/")
    heard = page.locator(f"[data-section=heard] [data-contribution='{contribution.pk}']")
    expect(heard).to_contain_text("Big events should publish their effect on air quality.")
    expect(heard.locator("[data-what-we-did]")).to_contain_text(
        "It changed the objective 1.3 Mitigate the externalities"
    )
    expect(heard.locator("[data-what-we-did]")).to_contain_text("every big event for an air-quality plan")
    expect(page.locator("[data-sector=Transport]")).to_contain_text("1")
