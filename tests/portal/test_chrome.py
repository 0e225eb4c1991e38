"""The portal's own chrome: the instance's name, logo and colours; no back-office link for a visitor but
"Log in"; a home with real counts and the latest records."""

import datetime
import re

import pytest
from django.test import Client, override_settings

from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.knowledge.models import Practice
from interlocal.portal.identity import contrast, identity
from interlocal.projects.models import Project
from tests.factories import make

from .test_pages import PAGES

HREF = re.compile(r'href="([^"]*)"')
# The portal, its files, the API's documentation and the weekly bulletin's subscription: open to everyone.
PUBLIC_PREFIXES = ("/portal/", "/static/", "/api/v1/docs", "/bulletin/subscribe/", "https://", "#")


def test_an_anonymous_visitor_is_linked_to_no_back_office_page_but_log_in(world, home) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for url in PAGES:
        html = client.get(url).content.decode()
        others = {h for h in HREF.findall(html) if not h.startswith(PUBLIC_PREFIXES)}
        # The practices' "ask the team" form is open to everyone, without an account.
        others = {h for h in others if not re.fullmatch(r"/practices/\d+/ask/", h)}
        assert others == {f"/accounts/login/?next={url}"}, url
        assert "Àrea Metropolitana de Barcelona" in html and "Staff" not in html


def test_signed_in_staff_get_one_back_office_link(world, home) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["viewer"])
    html = client.get("/portal/").content.decode()
    assert html.count('href="/"') == 1 and ">Back office</a>" in html and "Log in" not in html


def test_the_theme_wears_the_configured_colours_with_readable_text(db) -> None:  # type: ignore[no-untyped-def]
    css = Client().get("/portal/theme.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--portal-primary: #0f4c5c;" in css.content.decode()  # the demo's, by default
    with override_settings(
        INTERLOCAL_PORTAL_IDENTITY={
            "name": "Métropole de Lyon",
            "short_name": "Lyon",
            "primary": "#f5f5f5",
            "accent": "red",
        }  # fmt: skip
    ):
        css = Client().get("/portal/theme.css").content.decode()
        assert "--portal-primary: #f5f5f5;" in css and "--portal-on-primary: #1b1f24;" in css  # dark on light
        assert "--portal-accent: #e36414;" in css  # "red" is not #rrggbb: the default stays
        html = Client().get("/portal/data/").content.decode()
        assert "<title>Open data · Lyon</title>" in html and "Métropole de Lyon" in html
        assert 'href="/static/portal/img/metropolis-mark.svg"' in html  # the default logo: none configured


@pytest.mark.parametrize("colour", ["#0f4c5c", "#e36414", "#f5f5f5", "#777777", "#0000ff", "#ffff00"])
def test_text_on_the_instance_colours_always_reads(colour: str) -> None:
    with override_settings(INTERLOCAL_PORTAL_IDENTITY={"primary": colour}):
        chosen = identity()
    assert contrast(chosen.primary, chosen.on_primary) >= 4.5
    assert chosen.primary == colour or colour == "#777777"  # only a mid-grey had to be darkened


def test_the_home_counts_records_and_names_the_latest(world, home) -> None:  # type: ignore[no-untyped-def]
    for year in (2020, 2021, 2022):
        make(Project, title=f"Project of {year}", kind="eu_funded", lead=world.own, owner=world.own,
             start_on=datetime.date(year, 1, 1))  # fmt: skip
    make(Project, title="Secret", kind="eu_funded", lead=world.own, owner=world.own, visibility="internal",
         start_on=datetime.date(2030, 1, 1))  # fmt: skip
    make(Practice, title="Newest practice", owner=world.own, started_on=datetime.date(2025, 1, 1))
    html = Client().get("/portal/").content.decode()
    cards = dict(re.findall(r'data-card="(\w+)">(.*?)</li>\n  (?:<li|</ul>)', html, re.S))
    assert list(cards) == ["projects", "networks", "practices"]
    # The world's two home projects (own and other's, undated) and the three dated ones; not the internal one.
    assert re.search(r'class="portal-count">(\d+)<', cards["projects"]).group(1) == "5"  # type: ignore[union-attr]
    assert re.findall(r">(Project [^<]+)</a>", cards["projects"]) == [
        "Project of 2022",
        "Project of 2021",
        "Project of 2020",
    ]
    assert re.findall(r'practices/\?q=[^"]+">([^<]+)</a>', cards["practices"])[0] == "Newest practice"

    # The cards are remembered (core.memo), never past a change: a project made internal leaves them at once.
    latest = Project.objects.get(title="Project of 2022")
    services.record_update(access=SYSTEM, user=None, instance=latest, fields={"visibility": "internal"})
    cards = dict(
        re.findall(r'data-card="(\w+)">(.*?)</li>\n  (?:<li|</ul>)', Client().get("/portal/").content.decode(), re.S)
    )
    assert re.search(r'class="portal-count">(\d+)<', cards["projects"]).group(1) == "4"  # type: ignore[union-attr]
    assert "Project of 2022" not in cards["projects"]
