"""The talent pages: a network's counts, the map page, and the member form's checks."""

import datetime
from typing import Any

from django.test import Client

from interlocal.core.permissions import SYSTEM
from interlocal.talent import services
from interlocal.talent.models import Member, NetworkEvent, TalentNetwork
from tests.factories import make


def test_a_networks_page_counts_consenting_members_and_event_attendance(world: Any) -> None:
    network = make(TalentNetwork, name="Alumni", owner=world.other)
    for n, (role, consents) in enumerate([("ambassador", True), ("member", True), ("ambassador", False)]):
        member = make(Member, network=network, name=f"M{n}", country="US" if n else "FR", role=role, owner=world.other)
        if consents:
            services.consent_give(
                access=SYSTEM, user=None, member=member, purpose="publication", given_on=datetime.date(2024, 1, 1)
            )
    make(
        NetworkEvent,
        network=network,
        title="Meeting",
        held_on=datetime.date(2024, 5, 1),
        attendance=40,
        owner=world.other,
    )
    make(
        NetworkEvent,
        network=network,
        title="Online",
        held_on=datetime.date(2024, 9, 1),
        attendance=25,
        owner=world.other,
    )

    summary = Client().get(network.get_absolute_url()).context["summary"]

    assert summary == {"members": 2, "ambassadors": 1, "countries": 2, "events": 2, "attendance": 65}


def test_the_map_page_draws_from_the_map_api(world: Any) -> None:
    network = make(TalentNetwork, name="Alumni", owner=world.other)
    page = Client().get("/talent-members/map/", {"network": network.pk})
    assert page.status_code == 200
    assert f'data-points-url="/api/v1/talent/map?network={network.pk}"' in page.content.decode()
    assert Client().get("/talent-members/map/", {"network": "x"}).status_code == 200


def test_the_member_form_checks_country_and_date(world: Any) -> None:
    network = make(TalentNetwork, name="Alumni", owner=world.own)
    client = Client()
    client.force_login(world.users["editor"])
    data = {"network": network.pk, "name": "New", "country": "XX", "member_since": "2999-01-01", "role": "member",
            "owner": world.own.pk, "visibility": "internal", "language": "en"}  # fmt: skip
    response = client.post("/talent-members/new/", data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"country", "member_since"}
    assert not Member.objects.exists()
