"""Record pages in sections: a contents list, related lists paged on their own, the handover dossier linked."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo, services
from interlocal.core.permissions import SYSTEM
from interlocal.core.views import may_repeat
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Project

from .factories import World, make


def _agreements(world: World, count: int) -> None:
    place = world.records["places"]
    for n in range(count):
        make(Agreement, organisation=world.own, partner_place=place, title=f"Twinning {n:02}", kind="twinning",
             owner=world.own)  # fmt: skip


def test_the_organisation_page_has_a_contents_list_of_its_sections(world: World) -> None:
    page = Client().get(f"/organisations/{world.own.pk}/").content.decode()
    contents = page[page.index('<nav class="record-contents"') : page.index("</nav>", page.index("record-contents"))]
    anchors = re.findall(r'<a href="#([^"]+)">', contents)
    assert anchors[:3] == ["details", "units-organisation", "positions-organisation"]
    for anchor in anchors:
        assert f'id="{anchor}"' in page  # every entry leads to its section
    # Each entry counts its records: Barcelona City Council has one agreement in the test world.
    assert re.search(r'href="#agreements-organisation">Agreements</a> <span class="count">\(1\)', contents)


def test_a_related_list_is_paged_on_its_own(world: World) -> None:
    _agreements(world, 11)  # 12 with the world's own
    url = f"/organisations/{world.own.pk}/"
    first = Client().get(url).content.decode()
    section = first[first.index('id="agreements-organisation"') :]
    section = section[: section.index("</section>")]
    assert section.count('<tr><td><a href="/agreements/') == 10
    assert "Page 1 of 2" in section
    assert "?agreements-organisation-page=2#agreements-organisation" in section
    second = Client().get(url, {"agreements-organisation-page": "2", "units-organisation-page": "1"}).content.decode()
    section = second[second.index('id="agreements-organisation"') :]
    section = section[: section.index("</section>")]
    assert section.count('<tr><td><a href="/agreements/') == 2
    assert "Page 2 of 2" in section
    # The other sections' parameters are kept in the links
    assert "units-organisation-page=1&amp;agreements-organisation-page=1#agreements-organisation" in section


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_few_or_many_related_records(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/organisations/{world.own.pk}/"
    few = _queries(client, url)
    _agreements(world, 30)
    assert _queries(client, url) == few


def test_records_a_dossier_describes_link_to_it(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    agreement = world.records["agreements"]
    place = world.records["places"]
    links = {
        f"/agreements/{agreement.pk}/": f"/coordination/dossier/agreement/{agreement.pk}/",
        f"/places/{place.pk}/": f"/coordination/dossier/place/{place.pk}/",
        f"/organisations/{world.own.pk}/": f"/coordination/dossier/organisation/{world.own.pk}/",
        f"/organisations/{world.network.pk}/": f"/coordination/dossier/network/{world.network.pk}/",
    }
    for page, dossier in links.items():
        assert f'href="{dossier}"' in client.get(page).content.decode(), page
        assert client.get(dossier).status_code == 200
    person = client.get(f"/people/{world.records['people'].pk}/").content.decode()
    assert "/coordination/dossier/" not in person  # no dossier describes a person


def test_a_section_is_read_distinct_only_where_its_lookupmay_repeat_a_record() -> None:
    assert not may_repeat(Agreement, "organisation")  # a foreign key: one organisation per agreement
    assert not may_repeat(Agreement, "organisation__parent")
    assert may_repeat(Project, "partners")  # a many-to-many set
    assert may_repeat(Engagement, "agreement__parties")  # through one
    assert may_repeat(Organisation, "memberships__network")  # a reverse relation


def _section(client: Client, url: str, anchor: str) -> str:
    page = client.get(url).content.decode()
    section = page[page.index(f'<section id="{anchor}"') :]
    return section[: section.index("</section>")]


def test_a_remembered_section_shows_a_new_record_an_edit_and_only_what_the_reader_may_see(world: World) -> None:
    anonymous, coordinator = Client(), Client()
    coordinator.force_login(world.users["coordinator"])
    url = f"/organisations/{world.own.pk}/"
    assert "Zq" not in _section(anonymous, url, "agreements-organisation")  # read once: now remembered
    assert "Zq" not in _section(coordinator, url, "agreements-organisation")
    place = world.records["places"]
    public = make(Agreement, organisation=world.own, partner_place=place, title="Zqpublic twinning", kind="twinning",
                  owner=world.own)  # fmt: skip
    make(Agreement, organisation=world.own, partner_place=place, title="Zqdraft twinning", kind="twinning",
         owner=world.own, visibility="draft")  # fmt: skip
    assert "Zqpublic twinning" in _section(anonymous, url, "agreements-organisation")
    assert "Zqdraft twinning" not in _section(anonymous, url, "agreements-organisation")
    assert "Zqdraft twinning" in _section(coordinator, url, "agreements-organisation")

    services.record_update(access=SYSTEM, user=None, instance=public, fields={"title": "Zqrenamed twinning"})
    assert "Zqrenamed twinning" in _section(anonymous, url, "agreements-organisation")
    services.record_update(access=SYSTEM, user=None, instance=public, fields={"visibility": "draft"})
    assert "Zqrenamed twinning" not in _section(anonymous, url, "agreements-organisation")
    assert "Zqrenamed twinning" in _section(coordinator, url, "agreements-organisation")


def test_a_remembered_page_is_read_again_only_after_a_write(world: World) -> None:
    client = Client()
    url = f"/organisations/{world.own.pk}/"
    memo.forget()
    first = _queries(client, url)
    again = _queries(client, url)
    assert again < first  # the sections, remembered: their counts and pages are not read
    _agreements(world, 1)
    assert _queries(client, url) == first


def test_the_add_link_follows_the_reader_not_the_remembered_sections(world: World) -> None:
    viewer, editor = Client(), Client()
    viewer.force_login(world.users["viewer"])
    editor.force_login(world.users["editor"])
    url = f"/organisations/{world.own.pk}/"
    add = f'href="/agreements/new/?organisation={world.own.pk}"'
    assert add in _section(editor, url, "agreements-organisation")
    assert add not in _section(viewer, url, "agreements-organisation")
    assert add in _section(editor, url, "agreements-organisation")
