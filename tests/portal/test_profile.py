"""The metropolis's public profile for attraction: key facts with their sources, public records only, fixed queries."""

import pytest
from django.test import Client

from interlocal.core import memo
from interlocal.diplomacy.models import Membership
from interlocal.ecosystem.models import Organisation
from interlocal.rankings.models import Edition, Position, Ranking
from interlocal.territory.models import PopulationFigure, Territory
from tests.factories import World, make


@pytest.fixture
def profiled(world: World, home: Territory) -> World:
    barcelona, gava = Territory.objects.get(key="amb-barcelona"), Territory.objects.get(key="amb-gava")
    make(PopulationFigure, territory=barcelona, year=2023, population=1_660_000, source="Idescat", owner=world.amb)
    make(PopulationFigure, territory=barcelona, year=2018, population=1_620_000, source="Idescat", owner=world.amb)
    make(PopulationFigure, territory=gava, year=2023, population=47_000, source="Idescat", owner=world.amb)
    make(Organisation, key="zq-hosted", name="Hosted Forum of Cities", kind="international_organisation",
         country="ES", territory=barcelona, owner=world.amb, citation="Study §4 (Hosted)")  # fmt: skip
    make(Organisation, key="zq-hidden-hosted", name="Zqhiddenhosted", kind="international_organisation",
         country="ES", territory=barcelona, owner=world.amb, visibility="draft")  # fmt: skip
    public = make(Ranking, key="gatherings", name="International gatherings", owner=world.amb, citation="Study §4")
    hidden = make(Ranking, key="zq-hidden", name="Zqhiddenranking", owner=world.amb, visibility="internal")
    older = make(Edition, ranking=public, year=2017, owner=world.amb)
    latest = make(Edition, ranking=public, year=2023, owner=world.amb, source="Edition of 2023")
    draft = make(Edition, ranking=public, year=2024, owner=world.amb, visibility="draft")
    make(Position, edition=older, territory=barcelona, position=1, owner=world.amb)
    make(Position, edition=latest, territory=barcelona, position=4, owner=world.amb)
    make(Position, edition=draft, territory=barcelona, position=2, owner=world.amb)  # a draft edition: never shown
    make(Position, edition=make(Edition, ranking=hidden, year=2023, owner=world.amb), territory=home, position=77,
         owner=world.amb)  # fmt: skip
    return world


def test_the_profile_gives_the_key_facts_with_their_sources_to_anyone(profiled: World) -> None:
    page = Client().get("/portal/profile/").content.decode()
    assert "Barcelona Metropolitan Area at a glance" in page
    assert "1,707,000 (2023)" in page  # 1,660,000 + 47,000, the latest figure of each
    assert "The latest figures of 2 municipalities, added up." in page and "Source: Idescat" in page
    assert 'data-fact="municipalities">2' in page
    assert "Hosted Forum of Cities" in page and "Study §4 (Hosted)" in page
    assert "United Cities and Local Governments" in page  # the home agencies' network
    assert "4. Barcelona" in page and "Edition of 2023" in page  # the latest public edition, not 2017's 1st place
    for hidden in ("Zqhiddenhosted", "Zqhiddenranking", "2. Barcelona", "77."):
        assert hidden not in page


def test_the_profile_names_a_dozen_memberships_and_counts_every_network(profiled: World) -> None:
    agency = Organisation.objects.get(key="org-own")
    for n in range(14):
        network = make(Organisation, key=f"net-{n:02}", name=f"Network {n:02}", kind="city_network",
                       owner=profiled.own)  # fmt: skip
        make(Membership, organisation=agency, network=network, role="member", owner=profiled.own)
    page = Client().get("/portal/profile/").content.decode()
    assert "15 networks." in page  # the fourteen and the home agencies' one
    assert "Network 11" in page and "Network 12" not in page  # by network name: the first twelve
    assert "Every membership and role" in page


def test_the_profile_is_in_catalan_and_spanish(profiled: World) -> None:
    for language in ("ca", "es"):
        response = Client().get("/portal/profile/", headers={"accept-language": language})
        assert response.status_code == 200 and f'lang="{language}"' in response.content.decode()


def test_the_profile_costs_the_same_queries_whatever_the_data(profiled: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # 22: the publishers of the rankings shown are read once, so that a hidden one is not named; the networks and
    # the organisations based here are counted apart from those shown; the facts and the key figures each ask for
    # the version of their data (core.memo).
    memo.forget()  # counted as computed, not as remembered from an earlier test
    with django_assert_num_queries(22) as counted:
        Client().get("/portal/profile/")
    public = Ranking.objects.get(key="gatherings")
    barcelona = Territory.objects.get(key="amb-barcelona")
    for n in range(3):
        ranking = make(Ranking, key=f"more-{n}", name=f"More {n}", owner=profiled.amb)
        make(Position, edition=make(Edition, ranking=ranking, year=2020, owner=profiled.amb), territory=barcelona,
             position=n + 1, owner=profiled.amb)  # fmt: skip
        make(Organisation, key=f"zq-hosted-{n}", name=f"Hosted {n}", kind="city_network", country="ES",
             territory=barcelona, owner=profiled.amb)  # fmt: skip
    make(Position, edition=make(Edition, ranking=public, year=2010, owner=profiled.amb), territory=barcelona,
         position=9, owner=profiled.amb)  # fmt: skip
    with django_assert_num_queries(len(counted.captured_queries)):
        page = Client().get("/portal/profile/").content.decode()
    assert "More 2" in page and "Hosted 2" in page


def test_the_profile_names_fifty_organisations_based_here_and_counts_the_rest(profiled: World) -> None:
    barcelona = Territory.objects.get(key="amb-barcelona")
    for n in range(52):
        make(Organisation, key=f"zq-based-{n:02}", name=f"Based {n:02}", kind="city_network", country="ES",
             territory=barcelona, owner=profiled.amb)  # fmt: skip
    page = Client().get("/portal/profile/").content.decode()
    section = page.split('data-section="hosted"')[1].split("</section>")[0]
    assert section.count("<li data-hosted=") == 50  # by name: the 52 "Based", then "Hosted Forum of Cities"
    assert "Based 49" in section and "Based 50" not in section and "Hosted Forum" not in section
    assert "And 3 more organisations based here." in section  # the draft one is not counted
    csv = Client().get("/portal/data/organisations.csv")
    assert csv.status_code == 200 and "Hosted Forum of Cities" in csv.getvalue().decode()
