"""A coordinator invites a person; the invitee joins through the e-mailed link, takes the role and makes an
API token that works; the coordinator revokes it and the API refuses it."""

import json
import re

from django.core import mail
from playwright.sync_api import Browser, Page, expect

from interlocal.core.models import UserRole
from tests.factories import build_world

PASSWORD = "a-long-passphrase-for-ines"


def test_invite_join_use_a_token_and_have_it_revoked(live_server, page: Page, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Log in").click()
    page.locator("nav.main summary", has_text="Administration").click()  # the menu's groups open on demand
    page.get_by_role("link", name="People and access").click()
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("E-mail").fill("ines@example.org")
    page.get_by_label("Organisation").select_option(str(world.own.pk))
    page.get_by_label("Role").select_option("editor")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("An invitation was sent to ines@example.org")
    expect(page.locator("table.invitations")).to_contain_text("ines@example.org")

    found = re.search(r"https?://\S+/invitation/[\w-]+/", mail.outbox[-1].body)
    assert found is not None
    invitee = browser.new_context().new_page()
    invitee.goto(found.group(0))
    expect(invitee.get_by_role("heading", name="Join Interlocal")).to_be_visible()
    invitee.get_by_label("Username").fill("ines")
    invitee.get_by_label("Password *", exact=True).fill("short")
    invitee.get_by_label("Password again").fill("short")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.locator(".errorlist")).to_contain_text("too short")
    invitee.get_by_label("Password *", exact=True).fill(PASSWORD)
    invitee.get_by_label("Password again").fill(PASSWORD)
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("button", name=re.compile("Log out ines"))).to_be_visible()
    expect(invitee.locator(".messages")).to_contain_text("you are editor of Barcelona City Council")
    assert list(UserRole.objects.filter(user__username="ines").values_list("organisation", "role")) == [
        (world.own.pk, "editor")
    ]
    expect(invitee.get_by_role("link", name="People and access")).to_have_count(0)

    invitee.locator("nav.main summary", has_text="Administration").click()
    invitee.get_by_role("link", name="My account").click()
    invitee.get_by_label("Name").fill("Spreadsheet sync")
    invitee.get_by_role("button", name="Create the token").click()
    raw = invitee.locator("#new-token").input_value()
    assert raw.startswith("il_")
    bearer = {"Authorization": f"Bearer {raw}"}
    assert invitee.request.get(f"{url}/api/v1/agreements/", headers=bearer).status == 200
    person = {"name": "Ada Lovelace", "owner": world.own.pk, "visibility": "internal", "language": "en"}
    created = invitee.request.post(
        f"{url}/api/v1/people/", data=json.dumps(person), headers={**bearer, "Content-Type": "application/json"}
    )
    assert created.status == 201, created.text()
    elsewhere = invitee.request.post(
        f"{url}/api/v1/people/",
        data=json.dumps({**person, "owner": world.other.pk}),
        headers={**bearer, "Content-Type": "application/json"},
    )
    assert elsewhere.status in (403, 422)  # an editor writes for their own organisation only

    page.goto(f"{url}/access/people/?q=ines")
    page.get_by_role("link", name="ines").click()
    expect(page.locator("table.tokens")).to_contain_text("Spreadsheet sync")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke Spreadsheet sync").click()
    expect(page.locator(".messages")).to_contain_text("was revoked")
    expect(page.locator("table.history")).to_contain_text("API token changed")

    assert invitee.request.get(f"{url}/api/v1/agreements/", headers=bearer).status == 401
    refused = invitee.request.post(
        f"{url}/api/v1/people/", data=json.dumps(person), headers={**bearer, "Content-Type": "application/json"}
    )
    assert refused.status == 401
