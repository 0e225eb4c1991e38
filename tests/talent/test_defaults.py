"""The talent default data: the report's two networks, cited and linked to their organisations; demo members only as illustrative."""

from typing import Any

from django.test import Client

from interlocal.ecosystem.models import Organisation
from interlocal.talent import defaults
from interlocal.talent.models import Consent, Member, NetworkEvent, TalentNetwork
from tests.factories import make


def registry(world: Any) -> dict[str, Organisation]:
    keys = ["barcelona-alumni", "scitech-diplohub", "seoul-club", "seoul-metropolitan-government"]
    return {
        key: make(Organisation, key=key, name=key.replace("-", " ").title(), kind="other", owner=world.amb)
        for key in keys
    }


def test_the_two_networks_are_cited_and_linked_to_their_organisations(world: Any) -> None:
    organisations = registry(world)

    defaults.load()
    defaults.load()  # idempotent

    alumni = TalentNetwork.objects.get(name="Barcelona Alumni")
    seoul = TalentNetwork.objects.get(name="Seoul Club")
    assert TalentNetwork.objects.count() == 2
    assert (alumni.organisation, alumni.run_by) == (
        organisations["barcelona-alumni"],
        organisations["scitech-diplohub"],
    )
    assert (seoul.organisation, seoul.run_by) == (
        organisations["seoul-club"],
        organisations["seoul-metropolitan-government"],
    )
    assert alumni.citation == "Report §5.2 (Session II: Human Capital, SciTech DiploHub)"
    assert seoul.citation == "Study §4 (Attracting investments)"
    assert not alumni.illustrative and alumni.visibility == "public"
    assert not Member.objects.exists() and not NetworkEvent.objects.exists()  # the report names no member


def test_the_demo_members_are_illustrative_and_only_the_consenting_ones_are_public(world: Any) -> None:
    registry(world)

    defaults.load(illustrative=True)
    defaults.load(illustrative=True)

    assert Member.objects.count() == 6 and not Member.objects.filter(illustrative=False).exists()
    assert Consent.objects.count() == 4
    assert NetworkEvent.objects.get().illustrative
    listed = Client().get("/api/v1/talent-members/").json()
    assert listed["count"] == 4
    drawn = Client().get("/api/v1/talent/map").json()
    assert sorted((p["name"], p["count"]) for p in drawn["points"]) == [("Boston", 2), ("Geneva", 1), ("Paris", 1)]
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    assert coordinator.get("/talent-members/").context["page"].paginator.count == 6
