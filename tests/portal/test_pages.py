"""The public portal: public records only, shareable URLs, fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.benchmark.models import Profile
from interlocal.core import memo, services
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Engagement, Membership
from interlocal.ecosystem.models import Organisation, UnitYear
from interlocal.projects.models import Funding, Project
from interlocal.territory.models import Territory
from tests.factories import make, records_for

PAGES = [
    "/portal/",
    "/portal/strategy/",
    "/portal/networks/",
    "/portal/map/",
    "/portal/projects/",
    "/portal/indicators/",
    "/portal/territory/",
    "/portal/practices/",
    "/portal/report/",
    "/portal/data/",
]


def _count(client: Client, url: str) -> int:
    memo.forget()  # what the page computes, not what it remembered from the last read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _more(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        records = records_for(world.own, world.network, f"more-{n}-{i}")
        make(UnitYear, unit=records["units"], year=2024, staff=2, budget_eur=1000, owner=world.own)
        make(Funding, project=records["projects"], funder=world.network, amount_eur=50, owner=world.own)


@pytest.mark.parametrize("url", PAGES)
def test_portal_pages_answer_anonymous_visitors_with_a_fixed_number_of_queries(world, home, url: str) -> None:
    client = Client()
    project = world.records["projects"]
    few = (_count(client, url), _count(client, f"/portal/projects/{project.pk}-project-own/"))
    _more(world, 5)
    assert (_count(client, url), _count(client, f"/portal/projects/{project.pk}-project-own/")) == few


def test_only_public_unarchived_records_are_shown(world, home) -> None:  # type: ignore[no-untyped-def]
    secret = make(
        Project, title="Secret pact", kind="eu_funded", lead=world.own, owner=world.own, visibility="internal"
    )
    gone = make(Project, title="Archived work", kind="eu_funded", lead=world.own, owner=world.own)
    services.record_set_archived(access=SYSTEM, user=None, instance=gone, archived=True)
    make(
        UnitYear,
        unit=world.records["units"],
        year=2023,
        staff=7,
        budget_eur=5000,
        owner=world.own,
        visibility="private",
    )
    client = Client()
    client.force_login(world.users["coordinator"])  # even a coordinator sees the public portal only
    listing = client.get("/portal/projects/").content.decode()
    assert "Project own" in listing and "Secret pact" not in listing and "Archived work" not in listing
    assert client.get(f"/portal/projects/{secret.pk}/").status_code == 404
    assert client.get(f"/portal/projects/{gone.pk}/").status_code == 404
    strategy = client.get("/portal/strategy/").content.decode()
    assert "Unit own" in strategy and "2019" in strategy and "5000" not in strategy


def test_project_urls_are_shareable_with_a_slug(world, home) -> None:  # type: ignore[no-untyped-def]
    project = world.records["projects"]
    client = Client()
    short = client.get(f"/portal/projects/{project.pk}/")
    assert short.status_code == 301 and short["Location"] == f"/portal/projects/{project.pk}-project-own/"
    page = client.get(short["Location"])
    assert page.status_code == 200 and "<h1>Project own</h1>" in page.content.decode()
    assert "Barcelona City Council" in page.content.decode()  # its public lead


def test_project_filters_and_bad_input(world, home) -> None:  # type: ignore[no-untyped-def]
    make(Project, title="Climate alliance", kind="cooperation", lead=world.own, owner=world.own)
    client = Client()
    titles = [p.title for p in client.get("/portal/projects/", {"q": "climate"}).context["page"].object_list]
    assert titles == ["Climate alliance"]
    by_kind = client.get("/portal/projects/", {"kind": "eu_funded"}).context["page"].object_list
    assert {p.title for p in by_kind} == {"Project own", "Project other"}
    bad = client.get("/portal/projects/", {"kind": "nonsense"})
    assert bad.status_code == 200 and bad.context["filters"].errors["kind"]
    assert not bad.context["page"].object_list


def test_the_project_count_is_remembered_until_a_project_changes(world, home) -> None:  # type: ignore[no-untyped-def]
    client = Client()

    def counted(**filters: str) -> int:
        return int(client.get("/portal/projects/", filters).context["page"].paginator.count)

    before, eu_funded = counted(), counted(kind="eu_funded")
    with CaptureQueriesContext(connection) as again:
        client.get("/portal/projects/")
    assert not [query for query in again.captured_queries if "COUNT(" in query["sql"]]
    project = make(Project, title="Newer work", kind="eu_funded", lead=world.own, owner=world.own)
    assert (counted(), counted(kind="eu_funded"), counted(kind="cooperation")) == (before + 1, eu_funded + 1, 0)
    services.record_set_archived(access=SYSTEM, user=None, instance=project, archived=True)
    assert (counted(), counted(kind="eu_funded")) == (before, eu_funded)
    assert counted(q="Newer") == 0 and counted(q="Project own") == 1  # a search is counted each time


def test_strategy_shows_the_metropolis_profile_and_its_cooperation_share(world) -> None:  # type: ignore[no-untyped-def]
    amb = make(
        Territory, key="amb", name="Barcelona Metropolitan Area", kind="metropolis", country="ES", owner=world.amb
    )
    make(
        Profile, key="amb-profile", name="AMB", territory=amb, country="ES", owner=world.amb,
        planning_kind=1, plans=["International Action Plan"], cooperation_share_percent="0.450",
        citation="Report §1",
    )  # fmt: skip
    page = Client().get("/portal/strategy/").content.decode()
    assert "International Action Plan" in page and "A specific plan for international action" in page
    assert "0.45% (commitment: 0.7%)" in page and "Report §1" in page


def test_distribution_counts_engagements_and_projects_per_municipality(world) -> None:  # type: ignore[no-untyped-def]
    amb = make(Territory, key="amb", name="AMB", kind="metropolis", country="ES", owner=world.amb)
    gava = make(Territory, key="gava", name="Gavà", kind="municipality", country="ES", parent=amb, owner=world.amb)
    services.record_update(access=SYSTEM, user=None, instance=world.other, fields={"territory": gava})
    make(
        Engagement, title="Visit", kind="incoming_delegation", start_on=datetime.date(2024, 3, 1),
        owner=world.other, participants=[world.other],
    )  # fmt: skip
    make(
        Engagement, title="Hidden", kind="visit", start_on=datetime.date(2024, 3, 2),
        owner=world.other, participants=[world.other], visibility="internal",
    )  # fmt: skip
    response = Client().get("/portal/territory/")
    rows = [(d.name, d.engagements, d.projects) for d in response.context["distribution"]]
    assert rows == [("Gavà", 2, 1)]  # "Mission other" and "Visit"; "Project other"


def test_networks_list_roles(world, home) -> None:  # type: ignore[no-untyped-def]
    agency = Organisation.objects.get(key="org-own")
    make(Membership, organisation=agency, network=world.network, role="presidency", owner=world.own)
    page = Client().get("/portal/networks/").content.decode()
    assert "United Cities and Local Governments" in page and "Presidency" in page


def test_networks_come_a_page_at_a_time(world, home) -> None:  # type: ignore[no-untyped-def]
    agency = Organisation.objects.get(key="org-own")
    networks = [
        make(Organisation, key=f"net-{n:02}", name=f"Network {n:02}", kind="city_network", owner=world.own)
        for n in range(55)
    ]
    for network in networks:
        make(Membership, organisation=agency, network=network, role="member", owner=world.own)
    client = Client()
    first = client.get("/portal/networks/").content.decode()
    assert "Network 00" in first and "Network 49" in first and "Network 50" not in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/portal/networks/?page=2").content.decode()
    assert "Network 54" in second and "Network 49" not in second
    # Each page is remembered (core.memo), never past a change: a membership made a draft leaves it at once.
    draft = Membership.objects.get(network=networks[3])
    services.record_update(access=SYSTEM, user=None, instance=draft, fields={"visibility": "draft"})
    first = client.get("/portal/networks/").content.decode()
    assert "Network 03" not in first and "Network 50" in first and "Page 1 of 2" in first
    assert "Network 03" not in client.get("/portal/networks/?page=x").content.decode()  # page 1, read, not remembered


def test_empty_sections_say_so(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert "No public indicator yet." in client.get("/portal/indicators/").content.decode()
    assert "No public practice matches." in client.get("/portal/practices/").content.decode()
    territory = client.get("/portal/territory/").content.decode()
    assert "No public indicator is recorded per municipality yet." in territory
