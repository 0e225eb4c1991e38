"""The back office's main menu: grouped by task, collapsible without JavaScript, only links the reader may use."""

import re

from django.test import Client

from .factories import World


def _menu(client: Client, path: str = "/") -> str:
    page = client.get(path).content.decode()
    return page[page.index('<nav class="main"') : page.index("</nav>", page.index('<nav class="main"'))]


def _signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def test_the_menu_groups_its_links_by_task_in_disclosures(world: World) -> None:
    menu = _menu(_signed_in(world, "coordinator"))
    groups = re.findall(r"<summary>([^<]+)", menu)
    assert groups == [
        "Registry",
        "Strategy and results",
        "Coordination",
        "Knowledge",
        "Participation and talent",
        "Public account",
        "Administration",
    ]
    assert menu.count("<details data-menu-group>") == 7  # closed: a phone sees seven lines, not 30 links
    registry = menu[menu.index("Registry") : menu.index("Strategy and results")]
    assert 'href="/organisations/"' in registry and 'href="/agreements/"' in registry
    assert 'href="/registry/import/"' in registry


def test_a_reader_sees_only_the_links_they_may_use(world: World) -> None:
    anonymous = _menu(Client())
    assert "Administration" not in anonymous  # no link in it for them, so no group
    for hidden in ("Import values", "Import registry", "Requests to moderate", "People and access", "My account"):
        assert hidden not in anonymous
    viewer = _menu(_signed_in(world, "viewer"))
    assert "My account" in viewer and "Import values" in viewer
    assert "People and access" not in viewer and "Import registry" not in viewer
    assert "People and access" in _menu(_signed_in(world, "coordinator"))


def test_the_page_being_read_is_marked_current_with_its_group(world: World) -> None:
    menu = _menu(Client(), f"/organisations/{world.own.pk}/")
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', menu) == ["/organisations/"]
    current = re.findall(r'<li class="menu-group current">\s*<details data-menu-group>\s*<summary>([^<]+)', menu)
    assert current == ["Registry"]
    # /results/ledger/ is the ledger, not a page "under" another results link
    ledger = _menu(Client(), "/results/ledger/")
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', ledger) == ["/results/ledger/"]
