"""Two organisations plan missions to one city; the overlap becomes a joint mission; a coordination
meeting decides and assigns an action, which stays on the coordination dashboard until done."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.models import Organisation
from tests.factories import build_world, make


def test_overlap_to_joint_mission_to_meeting_action(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    body = make(Organisation, key="roundtable", name="Quarterly roundtable", kind="coordination_body", owner=world.amb)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out coordinator"))).to_be_visible()

    # Two organisations plan missions to Lyon, a week apart.
    for owner, day in ((world.own, soon), (world.other, soon + datetime.timedelta(days=7))):
        page.goto(f"{url}/engagements/new/")
        page.get_by_label("Title *").fill(f"{owner.name} mission to Lyon")
        page.locator("#id_kind").select_option("outgoing_mission")
        page.locator("#id_start_on").fill(day.isoformat())
        page.get_by_label("or a city by name").fill("Lyon, FR")
        page.locator("#id_participants").select_option(str(owner.pk))
        page.locator("#id_owner").select_option(str(owner.pk))
        page.locator("#id_visibility").select_option("internal")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name=f"{owner.name} mission to Lyon")).to_be_visible()

    # The overlap appears, naming both missions.
    page.goto(f"{url}/coordination/findings/")
    overlap = page.locator("ul.findings-overlap > li")
    expect(overlap).to_have_count(1)
    expect(overlap).to_contain_text("Barcelona City Council, Gavà City Council")
    expect(overlap).to_contain_text("Gavà City Council mission to Lyon")
    expect(overlap).to_contain_text("Équipe Montréal")

    # It becomes one joint mission with both organisations.
    overlap.get_by_role("link", name="Dismiss or act on it").click()
    page.get_by_label("Title of the joint mission").fill("Équipe Barcelona to Lyon")
    page.get_by_role("button", name="Create the joint mission").click()
    expect(page.get_by_role("heading", name="Équipe Barcelona to Lyon")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Barcelona City Council")
    expect(page.locator("dl.facts")).to_contain_text("Gavà City Council")
    joint = Engagement.objects.get(title="Équipe Barcelona to Lyon")
    assert set(joint.participants.values_list("name", flat=True)) == {"Barcelona City Council", "Gavà City Council"}
    page.goto(f"{url}/coordination/findings/")
    expect(page.locator("ul.findings-overlap > li")).to_have_count(0)

    # The roundtable meets, decides, and assigns an action.
    page.goto(f"{url}/coordination/")
    page.get_by_role("link", name="Record a meeting").click()
    page.locator("#id_body").select_option(str(body.pk))
    page.get_by_label("Title *").fill("Roundtable on the Lyon mission")
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.get_by_label("Agenda").fill("1. The joint mission to Lyon")
    page.locator("#id_attendees").select_option([str(world.own.pk), str(world.other.pk)])
    page.locator("#id_owner").select_option(str(world.amb.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("Roundtable on the Lyon mission"))).to_be_visible()

    page.locator("section", has_text="Decisions").get_by_role("link", name="Add").click()
    page.get_by_label("Decision *").fill("Barcelona leads the joint programme")
    page.locator("#id_owner").select_option(str(world.amb.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Barcelona leads the joint programme")).to_be_visible()

    page.locator("section", has_text="Follow-up actions").get_by_role("link", name="Add").click()
    page.get_by_label("Action *").fill("Send the joint programme to Lyon")
    page.locator("#id_responsible").select_option(str(world.own.pk))
    page.locator("#id_due_on").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_owner").select_option(str(world.amb.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Send the joint programme to Lyon")).to_be_visible()

    # The action shows on the coordination dashboard until it is done.
    page.goto(f"{url}/coordination/")
    actions = page.locator("#open-actions table.list")
    expect(actions).to_contain_text("Send the joint programme to Lyon")
    expect(actions).to_contain_text("Barcelona City Council")
    expect(actions).to_contain_text("Roundtable on the Lyon mission")
    page.get_by_role("button", name="Mark “Send the joint programme to Lyon” as done").click()
    expect(page.locator(".messages")).to_contain_text("is now Done")
    expect(page.locator("#open-actions")).not_to_contain_text("Send the joint programme to Lyon")
