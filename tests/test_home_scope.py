"""The home metropolis's own account counts its own ecosystem only; its peers stay in the benchmark.

The test world's AMB, Barcelona and Gavà councils are settled in the home metropolis (`home`);
`peers` plants the units, memberships, agreements, engagements, projects and plans of Vienna and
Seoul, and a city network and its unit hosted in Barcelona, which is in the home territory but
not of its ecosystem. No own-account figure may count them.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.benchmark.models import Profile
from interlocal.benchmark.selectors import profile_views
from interlocal.coordination.findings import Settings, all_findings, default_scope
from interlocal.core.permissions import ANONYMOUS, SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.home import home_organisations, own_records
from interlocal.ecosystem.models import ManagementUnit, Organisation, UnitYear
from interlocal.metropolis.dashboard import agreements_needing_attention
from interlocal.metropolis.defaults import load_default_data
from interlocal.portal import sections
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate
from interlocal.projects.models import Project
from interlocal.strategy.models import Plan
from interlocal.territory.models import Territory

from .factories import World, make

TODAY = datetime.date(2026, 1, 1)
D = datetime.date


@dataclass
class Peers:
    vienna: Organisation
    seoul: Organisation
    hosted: Organisation  # a city network with its secretariat in Barcelona
    joint: Agreement  # Vienna's agreement with the AMB among its parties: the AMB's own too
    records: dict[str, Any]


@pytest.fixture
def peers(world: World, home: Territory) -> Peers:
    barcelona = Territory.objects.get(key="amb-barcelona")
    vienna_area = make(Territory, key="vienna", name="Vienna", kind="metropolis", country="AT", owner=world.amb)
    seoul_area = make(Territory, key="seoul", name="Seoul", kind="metropolis", country="KR", owner=world.amb)
    vienna = make(Organisation, key="city-of-vienna", name="City of Vienna", kind="metropolitan_government",
                  country="AT", territory=vienna_area, owner=world.amb)  # fmt: skip
    seoul = make(Organisation, key="seoul-mg", name="Seoul Metropolitan Government", kind="metropolitan_government",
                 country="KR", territory=seoul_area, owner=world.amb)  # fmt: skip
    hosted = make(Organisation, key="metropolis-network", name="Metropolis World Association", kind="city_network",
                  territory=barcelona, owner=world.amb)  # fmt: skip
    bratislava = make(PartnerPlace, name="Bratislava", country="SK", latitude=48.1, longitude=17.1, owner=world.amb)
    lyon = make(PartnerPlace, name="Lyon", country="FR", latitude=45.76, longitude=4.83, owner=world.amb)
    units = {
        "vienna": make(ManagementUnit, organisation=vienna, name="European and International Affairs",
                       scope="relations", owner=vienna),
        "seoul": make(ManagementUnit, organisation=seoul, name="International Cooperation Bureau",
                      scope="cooperation", owner=world.amb),  # kept by the AMB's staff: still Seoul's
        "hosted": make(ManagementUnit, organisation=hosted, name="World Secretariat", scope="relations",
                       owner=world.amb),
    }  # fmt: skip
    for unit in units.values():
        make(UnitYear, unit=unit, year=2024, staff=40, budget_eur=8_790_000, owner=unit.owner)
    records = {
        "units": units,
        "memberships": [
            make(Membership, organisation=vienna, network=world.network, role="presidency", owner=vienna),
            make(Membership, organisation=seoul, network=world.network, role="secretariat_host", owner=world.amb),
            make(Membership, organisation=seoul, network=hosted, role="co_presidency", owner=world.amb),
        ],
        "agreements": [
            make(Agreement, organisation=vienna, partner_place=bratislava, title="City of Vienna – Bratislava",
                 kind="technical_cooperation", signed_on=D(2020, 5, 1), owner=vienna),
            make(Agreement, organisation=seoul, partner_place=lyon, title="Seoul – Lyon", kind="mou",
                 signed_on=D(2021, 3, 1), owner=world.amb),
        ],
        "engagements": [
            make(Engagement, title="Vienna delegation to Lyon", kind="incoming_delegation", start_on=D(2024, 6, 1),
                 place=lyon, participants=[vienna], owner=vienna),
            make(Engagement, title="Seoul mission to Lyon", kind="outgoing_mission", start_on=D(2024, 5, 3),
                 place=lyon, participants=[seoul], owner=world.amb),
        ],
        "projects": [
            make(Project, title="Vienna in the Danube region", kind="cooperation", status="active",
                 lead=vienna, start_on=D(2023, 1, 1), budget_eur=5_000_000, owner=vienna),
        ],
        "plans": [make(Plan, title="Vienna international strategy", kind=1, organisation=vienna, owner=vienna)],
    }  # fmt: skip
    joint = make(Agreement, organisation=vienna, partner_place=lyon, title="Vienna and the AMB with Lyon",
                 kind="collaboration", signed_on=D(2022, 2, 1), owner=vienna, parties=[world.amb])  # fmt: skip
    make(Profile, key="vienna", name="Vienna", kind="case_study", territory=vienna_area, country="AT",
         owner=world.amb)  # fmt: skip
    return Peers(vienna=vienna, seoul=seoul, hosted=hosted, joint=joint, records=records)


PEER_NAMES = [
    "City of Vienna",
    "Seoul Metropolitan Government",
    "European and International Affairs",
    "International Cooperation Bureau",
    "World Secretariat",
    "Vienna international strategy",
    "Vienna in the Danube region",
]


def test_the_portal_names_no_unit_membership_plan_or_project_of_a_peer(world: World, peers: Peers) -> None:
    client = Client()
    make(Membership, organisation=world.amb, network=peers.hosted, role="presidency", owner=world.amb)
    networks = client.get("/portal/networks/").content.decode()
    assert "Agency own" in networks and "Agency other" in networks  # the world's own members
    assert "AMB" in networks and "Metropolis World Association" in networks  # the AMB's seat in a hosted network
    strategy = client.get("/portal/strategy/").content.decode()
    assert "Unit own" in strategy and "Unit other" in strategy
    projects = client.get("/portal/projects/").content.decode()
    assert "Project own" in projects and "Project other" in projects
    for page in (networks, strategy, projects):
        assert not [name for name in PEER_NAMES if name in page]
    vienna_project = peers.records["projects"][0]
    assert client.get(f"/portal/projects/{vienna_project.pk}/").status_code == 404
    # The relations map: the world's places and Lyon (the joint agreement), not Vienna's Bratislava.
    points = {p["name"]: p["label"] for p in client.get("/api/v1/map").json()["points"]}
    assert set(points) == {"Place own", "Place other", "Lyon"}
    assert points["Lyon"] == "Lyon (France): 1 agreement(s), 0 engagement(s)"


def test_the_portal_pages_keep_their_query_counts_with_peers(
    world: World, peers: Peers, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    counts = {}
    for url in ("/portal/networks/", "/portal/strategy/", "/portal/projects/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    for n in range(3):  # three more peers, each with a unit, a membership and a project
        area = make(Territory, key=f"peer-{n}", name=f"Peer {n}", kind="metropolis", country="FR", owner=world.amb)
        peer = make(Organisation, key=f"peer-org-{n}", name=f"Peer government {n}", kind="metropolitan_government",
                    territory=area, owner=world.amb)  # fmt: skip
        make(ManagementUnit, organisation=peer, name=f"Peer unit {n}", scope="relations", owner=world.amb)
        make(Membership, organisation=peer, network=world.network, role="member", owner=world.amb)
        make(Project, title=f"Peer project {n}", kind="other", lead=peer, owner=world.amb)
    for url, expected in counts.items():
        with django_assert_num_queries(expected):
            page = client.get(url).content.decode()
        assert "Peer " not in page


def test_the_annual_report_counts_the_home_metropolis_own_only(world: World, peers: Peers) -> None:
    make(Engagement, title="Congress of the network", kind="event_hosted", start_on=D(2024, 10, 1),
         participants=[peers.hosted], owner=world.amb)  # fmt: skip
    figures = sections.year_figures(ANONYMOUS, 2024)
    # In force in 2024: Agreement own, Agreement other (no dates) and the joint one the AMB is a party to;
    # not Vienna–Bratislava nor Seoul–Lyon, even though the AMB keeps the latter.
    assert figures.agreements_active == 3
    assert figures.agreements_active == own_records(Agreement.objects.visible_to(ANONYMOUS)).count()
    assert figures.agreements_signed == 0  # none of the AMB's was signed in 2024 (Vienna's was in 2020…)
    # The world's two missions of May 2024; the Vienna delegation and the Seoul mission are theirs.
    assert (figures.missions, figures.delegations) == (2, 0)
    # Agency own and Agency other as members of UCLG; not Vienna's presidency nor Seoul's two seats.
    assert figures.roles == [("Member", 2)]
    assert figures.projects_active == 2 and figures.projects_budget == 0  # Project own and other, no budget
    # Per municipality: Mission own and Project own in Barcelona, the same in Gavà; the network's congress
    # in Barcelona is what Barcelona hosts, not its action.
    assert [(d.name, d.engagements, d.projects) for d in figures.distribution] == [("Barcelona", 1, 1), ("Gavà", 1, 1)]
    assert figures.engagements_by_kind == [("Outgoing mission", 2)]
    assert figures.staff == 0 and figures.units == []  # the AMB's units have no 2024 figures; the peers' 40s are out
    report = generate(AnnualReport.objects.create(year=2024).pk)
    assert "2 outgoing missions, 2 more than in 2023. 0 incoming delegations." in report.html
    assert not [name for name in PEER_NAMES if name in report.html]


def test_the_home_dashboard_watches_the_home_metropolis_agreements_only(world: World, peers: Peers) -> None:
    watch = agreements_needing_attention(SYSTEM, today=TODAY)
    # Active and never served: Agreement own, Agreement other and the joint one; not Vienna's nor Seoul's.
    assert watch["dormant_count"] == 3
    assert {a.title for a in watch["dormant"]} == {"Agreement own", "Agreement other", "Vienna and the AMB with Lyon"}
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get("/").content.decode()
    attention = page[page.index("Needs attention") : page.index("Recent changes")]
    assert "3 active agreements with no engagement for two years" in attention
    assert "Vienna and the AMB with Lyon" in attention and "Bratislava" not in attention


def test_coordination_findings_are_about_the_home_ecosystem(world: World, peers: Peers) -> None:
    scope = default_scope()
    assert scope is not None and scope.key == "amb"
    make(Engagement, title="Barcelona to Lyon", kind="outgoing_mission", start_on=D(2025, 11, 1),
         place=PartnerPlace.objects.get(name="Lyon"), participants=[world.own], owner=world.own)  # fmt: skip
    make(Engagement, title="Vienna to Lyon", kind="outgoing_mission", start_on=D(2025, 11, 5),
         place=PartnerPlace.objects.get(name="Lyon"), participants=[peers.vienna], owner=peers.vienna)  # fmt: skip
    found = all_findings(SYSTEM, Settings(today=TODAY, scope=scope))
    dormant = {f.records[0].title for f in found.findings if f.rule == "dormant"}
    assert dormant == {"Agreement own", "Agreement other", "Vienna and the AMB with Lyon"}
    [shared] = [f for f in found.findings if f.rule == "network_shared"]
    assert {o.name for o in shared.organisations} == {"Agency own", "Agency other"}  # not Vienna nor Seoul
    assert not [f for f in found.findings if f.rule == "overlap"]  # Barcelona alone with a peer in Lyon
    assert {row.network.name for row in found.portfolio} == {"United Cities and Local Governments"}
    named = {str(o) for f in found.findings for o in f.organisations}
    assert not named & {"City of Vienna", "Seoul Metropolitan Government", "Metropolis World Association"}


def test_the_data_package_holds_the_own_account_and_the_reference_whole(world: World, peers: Peers) -> None:
    client = Client()

    def ids(key: str) -> set[int]:
        return {row["id"] for row in json.loads(client.get(f"/portal/data/{key}.json").getvalue())}

    assert ids("units") == {world.records["units"].pk, world.others["units"].pk}
    assert ids("memberships") == {world.records["memberships"].pk, world.others["memberships"].pk}
    agreements = {world.records["agreements"].pk, world.others["agreements"].pk, peers.joint.pk}
    assert ids("agreements") == agreements
    assert ids("engagements") == {world.records["engagements"].pk, world.others["engagements"].pk}
    assert ids("projects") == {world.records["projects"].pk, world.others["projects"].pk}
    assert ids("plans") == set()
    csv_text = client.get("/portal/data/unit-years.csv").getvalue().decode()
    assert len(csv_text.splitlines()) == 1 + 2 and "8790000" not in csv_text  # Unit own's and Unit other's 2019
    # Reference kinds stay whole: the peers' territories and organisations are there to be named.
    assert {peers.vienna.pk, peers.seoul.pk, peers.hosted.pk} <= ids("organisations")
    assert Territory.objects.get(key="vienna").pk in ids("territories")
    descriptor = client.get("/portal/data/datapackage.json").json()
    described = {r["name"] for r in descriptor["resources"] if "description" in r}
    assert {"units", "memberships", "agreements", "engagements", "projects"} <= described
    assert not {"territories", "organisations", "places", "facts", "profiles"} & described


def test_the_benchmark_still_shows_the_peers(world: World, peers: Peers) -> None:
    [vienna] = [v for v in profile_views(access=ANONYMOUS) if v.profile.key == "vienna"]
    assert [u.unit for u in vienna.units] == ["European and International Affairs"]
    assert [(m.network_name, m.role) for m in vienna.memberships] == [
        ("United Cities and Local Governments", "presidency")
    ]
    client = Client()
    client.force_login(world.users["viewer"])
    page = client.get("/benchmark/compare/", {"p": "vienna"})
    assert page.status_code == 200 and "Vienna" in page.content.decode()


PEERS = ["eThekwini", "Medellín", "Montreal", "Seoul", "Vienna"]


def test_on_the_default_data_the_portal_is_the_amb_account(db) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None)
    # The AMB's ecosystem, walked here in Python: based in the AMB, its municipalities or their districts,
    # and not an organisation it only hosts.
    hosted = {"international_organisation", "city_network", "consulate", "foreign_government"}
    home_ids = set()
    for organisation in Organisation.objects.select_related("territory__parent__parent"):
        t = organisation.territory
        keys = {t.key, t.parent and t.parent.key, t.parent and t.parent.parent and t.parent.parent.key} if t else set()
        if "amb" in keys and organisation.kind not in hosted:
            home_ids.add(organisation.pk)
    peer_units = {u.name for u in ManagementUnit.objects.exclude(organisation__in=home_ids)}
    peer_units -= {u.name for u in ManagementUnit.objects.filter(organisation__in=home_ids)}
    peer_members = {m.organisation.name for m in Membership.objects.exclude(organisation__in=home_ids)}
    assert peer_units and peer_members  # the case studies are there, in the benchmark

    client = Client()
    networks = client.get("/portal/networks/").content.decode()
    strategy = client.get("/portal/strategy/").content.decode()
    assert "Barcelona City Council" in networks and "Department of International Relations" in strategy
    assert not [name for name in PEERS if name in networks or name in strategy]
    assert not [name for name in peer_members if name in networks]
    assert not [name for name in peer_units if f">{name}<" in strategy]

    year = sections.available_years(ANONYMOUS)[0]
    own = 0
    for agreement in Agreement.objects.visible_to(ANONYMOUS).prefetch_related("parties"):
        in_force = (agreement.signed_on is None or agreement.signed_on.year <= year) and (
            agreement.ends_on is None or agreement.ends_on.year >= year
        )
        parties = {agreement.organisation_id, *(p.pk for p in agreement.parties.all())}
        own += in_force and bool(parties & home_ids)
    figures = sections.year_figures(ANONYMOUS, year)
    assert figures.agreements_active == own and own < Agreement.objects.count()
    report = generate(AnnualReport.objects.create(year=year).pk)
    assert f">{own} agreements in force" in report.html or f" {own} agreements in force" in report.html


def test_the_dashboard_counts_the_metropolis_s_own_records_and_opens_their_list(world: World, peers: Peers) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    own_memberships = Membership.objects.filter(organisation__in=home_organisations()).count()
    assert own_memberships
    assert Membership.objects.count() > own_memberships  # Vienna's and Seoul's seats are in the registry

    page = client.get("/").content.decode()
    listing = client.get("/memberships/?whose=own").content.decode().partition('id="record-table"')[2]
    everything = client.get("/memberships/").content.decode().partition('id="record-table"')[2]

    assert f'href="/memberships/?whose=own"><span class="card-number">{own_memberships}</span>' in page
    assert "Agency own" in listing and "City of Vienna" not in listing and "Seoul Metropolitan" not in listing
    assert "City of Vienna" in everything  # the registry itself keeps the peers


def test_lists_and_the_api_narrow_to_the_metropolis_s_own_on_request(world: World, peers: Peers) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['coordinator']}"}
    api = Client()

    own_units = api.get("/api/v1/units/?whose=own&limit=1000", headers=headers).json()["items"]
    own_organisations = api.get("/api/v1/organisations/?whose=own&limit=1000", headers=headers).json()["items"]
    territories = api.get("/api/v1/territories/?whose=own&limit=1000", headers=headers).json()["count"]

    assert {u["name"] for u in own_units} >= {"Unit own", "Unit other"}
    assert not {u["name"] for u in own_units} & {"European and International Affairs", "World Secretariat"}
    assert {o["key"] for o in own_organisations} >= {world.amb.key, world.own.key, world.other.key}
    assert not {o["key"] for o in own_organisations} & {"city-of-vienna", "seoul-mg", "metropolis-network"}
    assert territories == Territory.objects.count()  # a kind shared whole is not narrowed
