"""The privacy rule of talent networks on every read path: a member without consent is seen by its organisation only."""

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from interlocal.core import memo
from interlocal.core.models import ApiToken, Role, UserRole
from interlocal.core.permissions import SYSTEM
from interlocal.knowledge.models import SearchEntry
from interlocal.knowledge.services import search_index_rebuild
from interlocal.talent import services
from interlocal.talent.models import Member, TalentNetwork
from tests.factories import make

READERS = ["anonymous", "viewer", "editor"]  # none of them in Gavà, which keeps the members


@pytest.fixture
def network(world: Any) -> TalentNetwork:
    return make(TalentNetwork, name="Gavà Alumni", owner=world.other)


def member(network: TalentNetwork, name: str, *, consents: bool, city: str = "Boston", country: str = "US") -> Member:
    record = make(
        Member, network=network, name=name, email=f"{name.lower()}@example.org", city=city, country=country,
        sector="science", owner=network.owner,
    )  # fmt: skip
    if consents:
        services.consent_give(
            access=SYSTEM, user=None, member=record, purpose="publication", given_on=datetime.date(2024, 1, 1)
        )
    return record


def client_for(world: Any, reader: str) -> Client:
    client = Client()
    if world.users.get(reader) is not None:
        client.force_login(world.users[reader])
    return client


def gava_user(world: Any, role: str) -> tuple[Any, str]:
    user = get_user_model().objects.create_user(username=f"gava-{role}", password="pw-gava")
    UserRole.objects.create(user=user, organisation=world.other, role=role)
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="test", digest=ApiToken.digest_for(raw))
    return user, raw


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())


@pytest.mark.parametrize("reader", READERS)
def test_a_member_without_consent_shows_on_no_read_path(world: Any, network: TalentNetwork, reader: str) -> None:
    shown = member(network, "Zqconsenting", consents=True)
    hidden = member(network, "Zqsecretmember", consents=False, city="Paris", country="FR")
    client = client_for(world, reader)

    answers = {
        "list": body(client.get("/talent-members/")),
        "csv": body(client.get("/talent-members/", {"format": "csv"})),
        "api list": body(client.get("/api/v1/talent-members/")),
        "network page": body(client.get(network.get_absolute_url())),
        "map": body(client.get("/api/v1/talent/map")),
    }
    for path, text in answers.items():
        assert "zqsecretmember" not in text.lower(), path
    assert (
        "Zqconsenting" in answers["list"] and "Zqconsenting" in answers["csv"] and "Zqconsenting" in answers["api list"]
    )
    assert client.get("/talent-members/", {"q": "Zqsecretmember"}).context["page"].paginator.count == 0
    assert client.get("/api/v1/talent-members/", {"q": "Zqsecretmember"}).json()["count"] == 0
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/talent-members/{hidden.pk}").status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    # The map counts the one consenting member, in Boston; Paris (the hidden member's city) is not there.
    drawn = client.get("/api/v1/talent/map").json()
    assert [(p["name"], p["count"]) for p in drawn["points"]] == [("Boston", 1)]
    assert [(c["iso_numeric"], c["count"]) for c in drawn["countries"]] == [("840", 1)]


@pytest.mark.parametrize("reader", READERS)
def test_the_e_mail_is_never_shown_outside_the_members_organisation(
    world: Any, network: TalentNetwork, reader: str
) -> None:
    shown = member(network, "Zqconsenting", consents=True)
    client = client_for(world, reader)
    for url in [shown.get_absolute_url(), "/talent-members/?format=csv", f"/api/v1/talent-members/{shown.pk}"]:
        assert "zqconsenting@example.org" not in body(client.get(url)), url


def test_the_members_organisation_sees_every_member_and_its_e_mail(world: Any, network: TalentNetwork) -> None:
    hidden = member(network, "Zqsecretmember", consents=False)
    viewer, token = gava_user(world, Role.VIEWER)
    client = Client()
    client.force_login(viewer)

    page = client.get(hidden.get_absolute_url()).content.decode()
    assert "Zqsecretmember" in page and "zqsecretmember@example.org" in page
    assert "Zqsecretmember" in body(client.get("/talent-members/"))
    listed = Client().get("/api/v1/talent-members/", headers={"Authorization": f"Bearer {token}"}).json()
    assert [m["name"] for m in listed["items"]] == ["Zqsecretmember"]
    # The map counts consenting members only, whoever reads it.
    assert client.get("/api/v1/talent/map").json() == {"points": [], "countries": []}


def test_a_withdrawn_consent_hides_the_member_again(world: Any, network: TalentNetwork) -> None:
    record = member(network, "Zqconsenting", consents=True)
    anonymous = Client()
    assert anonymous.get(record.get_absolute_url()).status_code == 200

    services.consent_withdraw(access=SYSTEM, user=None, member=record, purpose="publication")

    assert anonymous.get(record.get_absolute_url()).status_code == 404
    assert "Zqconsenting" not in body(anonymous.get("/talent-members/?format=csv"))
    assert anonymous.get("/api/v1/talent/map").json() == {"points": [], "countries": []}
    assert record.history.first().history_change_reason == "consent withdrawn: publication"


def test_a_consent_for_contact_only_does_not_publish(world: Any, network: TalentNetwork) -> None:
    record = member(network, "Zqcontactonly", consents=False)
    services.consent_give(
        access=SYSTEM, user=None, member=record, purpose="contact", given_on=datetime.date(2024, 1, 1)
    )
    assert Client().get(record.get_absolute_url()).status_code == 404


def test_a_draft_network_hides_its_members_from_other_organisations(world: Any) -> None:
    draft = make(TalentNetwork, name="Draft network", owner=world.other, visibility="draft")
    record = member(draft, "Zqconsenting", consents=True)
    assert client_for(world, "viewer").get(record.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("reader", ["viewer", "editor"])
def test_other_organisations_read_no_past_version_of_a_consenting_member(
    world: Any, network: TalentNetwork, reader: str
) -> None:
    record = member(network, "Zqconsenting", consents=True)
    services_update_email(record, "zqoldaddress@example.org")
    client = client_for(world, reader)

    page = client.get(f"/talent-members/{record.pk}/history/")
    api = client.get(f"/api/v1/talent-members/{record.pk}/history")

    assert page.status_code == 200 and "zqoldaddress" not in page.content.decode()
    assert page.context["versions"] == []
    assert api.status_code == 200 and api.json() == []


def services_update_email(record: Member, email: str) -> None:
    from interlocal.core.services import record_update

    record_update(access=SYSTEM, user=None, instance=record, fields={"email": email})


def test_members_are_not_in_the_search_index(world: Any, network: TalentNetwork) -> None:
    member(network, "Zqconsenting", consents=True)
    member(network, "Zqsecretmember", consents=False)
    search_index_rebuild()
    assert not SearchEntry.objects.filter(kind="talent-members").exists()
    assert SearchEntry.objects.filter(kind="talent-networks", title="Gavà Alumni").exists()
    found = Client().get("/api/v1/search", {"q": "Zqsecretmember"}).json()
    assert found["count"] == 0


@pytest.mark.parametrize(
    "url", ["/talent-members/", "/api/v1/talent-members/", "/api/v1/talent/map", "/talent-members/?format=csv"]
)
def test_lists_and_the_map_cost_the_same_queries_for_more_members(world: Any, network: TalentNetwork, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world, "viewer")
    member(network, "First", consents=True)

    def count() -> int:
        memo.forget()  # what the page computes, not what a read before it left remembered (a list's filters' options)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body(response)
        assert response.status_code == 200
        return len(queries)

    few = count()
    for n, (city, country) in enumerate([("Paris", "FR"), ("Geneva", "CH"), ("Toronto", "CA"), ("Boston", "US")]):
        member(network, f"More {n}", consents=n % 2 == 0, city=city, country=country)
    assert count() == few


def test_the_map_has_fixed_queries(world: Any, network: TalentNetwork, django_assert_num_queries: Any) -> None:
    for n, city in enumerate(["Boston", "Boston", "Paris"]):
        member(network, f"M{n}", consents=True, city=city, country="US" if city == "Boston" else "FR")
    client = Client()
    with django_assert_num_queries(1):  # one grouped query: the counts by country and city
        drawn = client.get("/api/v1/talent/map").json()
    assert sorted((p["name"], p["count"]) for p in drawn["points"]) == [("Boston", 2), ("Paris", 1)]
    assert sorted((c["name"], c["count"]) for c in drawn["countries"]) == [("France", 1), ("United States", 2)]
