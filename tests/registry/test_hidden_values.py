"""The registry import tells nothing of records the user may not see: no bulk key oracle, no hidden places."""

from django.test import Client

from interlocal.core.reference import find_city
from interlocal.diplomacy.models import Agreement, Membership, PartnerPlace
from interlocal.ecosystem.models import Organisation
from tests.factories import make

from .conftest import check, run_import

ORGANISATIONS = ["key", "name", "kind", "country"]


def hidden_org(world):  # type: ignore[no-untyped-def]
    return make(Organisation, key="zqhidden", name="Zqhidden Agency", kind="ngo", owner=world.other, visibility="draft")


def test_a_key_of_a_hidden_organisation_refuses_the_file_without_naming_the_row(world) -> None:  # type: ignore[no-untyped-def]
    hidden_org(world)
    free = check(world, "organisations", [ORGANISATIONS, ["zqfree", "Free", "ngo", "ES"]])
    assert free.stage == "checked" and free.errors == []
    rows = [ORGANISATIONS, ["zqfree", "Free", "ngo", "ES"], ["zqhidden", "Probe", "ngo", "ES"], ["bad", "", "x", "XX"]]
    probe = check(world, "organisations", rows)
    assert probe.stage == "refused"
    # One answer for the whole file, as the page form gives one per key: no row, no key, no other result.
    [error] = probe.errors
    assert error["row"] == 1 and error["column"] == ""
    assert "already used by a record you may not see" in error["message"]
    assert "zqhidden" not in str(probe.errors) and "Zqhidden" not in str(probe.errors)
    assert "already exists" not in str(probe.errors)
    assert not probe.plan or not probe.plan.get("preview", {}).get("created")
    assert not Organisation.objects.filter(key="zqfree").exists()


def test_a_visible_key_still_updates_and_a_coordinator_sees_every_key(world) -> None:  # type: ignore[no-untyped-def]
    hidden = hidden_org(world)
    run = run_import(world, "organisations", [ORGANISATIONS, ["zqhidden", "Renamed", "ngo", "ES"]], user="coordinator")
    assert (run.status, run.updated_count) == ("succeeded", 1), run.errors
    hidden.refresh_from_db()
    assert hidden.name == "Renamed"


def test_a_hidden_membership_is_not_told_by_its_unique_triple(world) -> None:  # type: ignore[no-untyped-def]
    Membership.objects.all().delete()
    make(
        Membership, organisation=world.own, network=world.network, role="member", owner=world.other, visibility="draft"
    )
    probe = check(world, "memberships", [["organisation", "network", "role"], ["bcn", "uclg", "member"]])
    [error] = probe.errors
    assert error["row"] == 1 and "already used by a record you may not see" in error["message"]
    assert "already exists" not in str(probe.errors)


def test_a_hidden_partner_place_is_neither_named_nor_linked(world) -> None:  # type: ignore[no-untyped-def]
    lyon = find_city("Lyon", "FR")
    assert lyon is not None
    make(
        PartnerPlace, name="Zqsecret Lyon office", country="FR", geonameid=lyon.geonameid, latitude=45.0,
        longitude=4.0, owner=world.other, visibility="draft",
    )  # fmt: skip
    rows = [["organisation", "partner_place", "title", "kind"], ["bcn", "Lyon, FR", "Lyon pact", "twinning"]]
    run = check(world, "agreements", rows)
    assert run.stage == "refused"
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "partner_place")]
    assert "cannot be used" in run.errors[0]["message"] and "Zqsecret" not in str(run.errors)
    assert "Zqsecret" not in str(run.plan)
    assert not Agreement.objects.filter(title="Lyon pact").exists()
    # The page form refuses the city the same way, without linking the agreement to the hidden place.
    client = Client()
    client.force_login(world.users["editor"])
    response = client.post(
        "/agreements/new/",
        {
            "organisation": world.own.pk, "title": "Lyon pact", "kind": "twinning", "partner_city": "Lyon, FR",
            "owner": world.own.pk, "visibility": "public", "language": "en", "status": "active",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot be used" in response.context["form"].errors["partner_city"][0]
    assert "Zqsecret" not in response.content.decode()
    assert not Agreement.objects.filter(title="Lyon pact").exists()
