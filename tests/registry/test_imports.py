"""The registry import: every bad row named and nothing written, a second run updates, references checked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from interlocal.core.permissions import access_for
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Organisation, Person, Position
from interlocal.projects.models import Project
from interlocal.registry.imports import registry_import_run
from interlocal.registry.jobs import registry_import_start
from interlocal.registry.models import RegistryImport
from tests.factories import make

from .conftest import as_file, check, run_import

ORGANISATIONS = ["key", "name", "kind", "country", "parent", "territory", "themes", "website"]
TEN_BAD = [
    ORGANISATIONS,
    ["upf", "Pompeu Fabra University", "university", "ES", "", "", "climate", ""],  # row 2: fine
    ["bad-kind", "Bad kind", "castle", "ES", "", "", "", ""],  # row 3: unknown kind
    ["bad-country", "Bad country", "ngo", "XX", "", "", "", ""],  # row 4: no such country
    ["no-name", "", "ngo", "ES", "", "", "", ""],  # row 5: the name is required
    ["not a key!", "Bad key", "ngo", "ES", "", "", "", ""],  # row 6: not a slug
    ["orphan", "Orphan", "ngo", "ES", "nowhere", "", "", ""],  # row 7: unknown parent
    ["lost", "Lost", "ngo", "ES", "", "atlantis", "", ""],  # row 8: unknown territory
    ["themeless", "Themeless", "ngo", "ES", "", "", "knitting", ""],  # row 9: unknown theme
    ["badsite", "Bad site", "ngo", "ES", "", "", "", "not a website"],  # row 10: not a URL
    ["upf", "Pompeu Fabra again", "university", "ES", "", "", "", ""],  # row 11: the same record as row 2
    ["hidden-child", "Hidden child", "ngo", "ES", "zqhidden", "", "", ""],  # row 12: a parent the editor cannot see
]


@pytest.fixture
def hidden(world):  # type: ignore[no-untyped-def]
    """A draft organisation of another organisation: the editor may not know it exists."""
    return make(
        Organisation, key="zqhidden", name="Zqhidden Secret Agency", kind="ngo", owner=world.other, visibility="draft"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ten_bad_rows_are_all_named_and_nothing_is_written(world, hidden, fmt) -> None:  # type: ignore[no-untyped-def]
    before = Organisation.objects.count()
    run = check(world, "organisations", TEN_BAD, fmt)
    assert run.stage == "refused"
    assert sorted({e["row"] for e in run.errors}) == list(range(3, 13))  # all ten, not only the first
    messages = {e["row"]: (e["column"], e["message"]) for e in run.errors}
    assert messages[3][0] == "kind" and "castle" in messages[3][1]
    assert messages[5][0] == "name"
    assert messages[7] == ("parent", "Unknown organisation “nowhere” (give its key).")
    assert messages[11] == ("", "Row 2 already gives this record.")
    # A hidden record is refused exactly as one that does not exist.
    assert messages[12] == ("parent", "Unknown organisation “zqhidden” (give its key).")
    assert Organisation.objects.count() == before and not Organisation.objects.filter(key="upf").exists()
    assert bytes(run.content) == b""  # a refused file is not kept


def test_the_job_checks_again_and_writes_nothing_if_a_row_is_bad(world, hidden) -> None:  # type: ignore[no-untyped-def]
    """The registry may change between the dry run and the job: the job names every bad row too."""
    before = Organisation.objects.count()
    filename, content = as_file(TEN_BAD, "csv")
    run = RegistryImport.objects.create(
        kind="organisations", owner=world.own, user=world.users["editor"], filename=filename, content=content,
        stage="confirmed",
    )  # fmt: skip
    result = registry_import_run(import_id=run.pk)
    assert result.error == "The file was refused: 10 rows have problems. Nothing was saved."
    assert sorted({e["row"] for e in result.errors}) == list(range(3, 13))
    assert Organisation.objects.count() == before


PEOPLE = [
    ["name", "email", "phone", "position_organisation", "position_title", "position_start_on"],
    ["Ada Puig", "ada@example.org", "", "bcn", "Head of international relations", "2023-01-15"],
    ["Ada Puig", "ada@example.org", "", "uclg", "Board member", ""],  # a second position: a second row
    ["Jordi Vila", "", "+34 600", "", "", ""],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_clean_file_run_twice_creates_once_then_updates(world, fmt) -> None:  # type: ignore[no-untyped-def]
    people, positions = Person.objects.count(), Position.objects.count()
    dry = check(world, "people", PEOPLE, fmt)
    assert dry.stage == "checked" and dry.errors == []
    assert dry.plan["counts"] == {
        "ecosystem.Person": {"created": 2, "updated": 0, "unchanged": 0},
        "ecosystem.Position": {"created": 2, "updated": 0, "unchanged": 0},
    }
    assert Person.objects.count() == people  # the dry run wrote nothing
    first = run_import(world, "people", PEOPLE, fmt)
    assert (first.status, first.created_count, first.updated_count) == ("succeeded", 4, 0), first.errors
    ada = Person.objects.get(email="ada@example.org")
    assert ada.owner == world.own and ada.visibility == "internal"
    assert ada.positions.get(organisation=world.own).start_on == datetime.date(2023, 1, 15)

    second = run_import(world, "people", PEOPLE, fmt)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 4)
    assert (Person.objects.count(), Position.objects.count()) == (people + 2, positions + 2)

    changed = [row[:] for row in PEOPLE]
    changed[3][2] = "+34 611"
    dry = check(world, "people", changed, fmt)
    assert dry.plan["counts"]["ecosystem.Person"] == {"created": 0, "updated": 1, "unchanged": 1}
    [update] = dry.plan["preview"]["updated"]
    assert (update["row"], update["record"]) == (4, "Jordi Vila")
    assert update["changes"] == [{"field": "phone", "old": "+34 600", "new": "+34 611"}]


def test_each_kind_imports_and_a_second_run_matches_by_natural_key(world) -> None:  # type: ignore[no-untyped-def]
    files = {
        "agreements": [
            ["organisation", "partner_place", "title", "kind", "signed_on", "themes", "parties"],
            ["bcn", "Place own, FR", "Friendship pact", "twinning", "31/03/2024", "climate", "amb; uclg"],
            ["bcn", "Lyon, FR", "Lyon pact", "Memorandum of understanding", "2024-05-01", "", ""],  # a label, a city
        ],
        "memberships": [
            ["organisation", "network", "role", "annual_fee_eur", "priority"],
            ["bcn", "uclg", "member", "1 500,50", "yes"],
        ],
        "engagements": [
            ["title", "kind", "start_on", "participants", "place", "agreement", "project"],
            [
                "Mission to Lyon",
                "outgoing_mission",
                "2024-06-01",
                "bcn; amb",
                "Lyon, FR",
                "Agreement own",
                "Project own",
            ],
        ],
        "projects": [
            ["title", "kind", "lead", "partners", "budget_eur", "places", "sdg_targets"],
            ["Green corridors", "eu_funded", "bcn", "uclg", "250000", "Lyon, FR", "11.4"],
        ],
    }
    for kind, rows in files.items():
        result = run_import(world, kind, rows)
        assert (result.status, result.errors) == ("succeeded", []), (kind, result.error)
        assert result.created_count == len(rows) - 1, kind
        again = run_import(world, kind, rows)
        assert (again.created_count, again.unchanged_count) == (0, len(rows) - 1), (kind, again.plan)
    lyon = PartnerPlace.objects.get(name="Lyon")
    pact = Agreement.objects.get(title="Friendship pact")
    assert pact.signed_on == datetime.date(2024, 3, 31) and set(pact.parties.values_list("key", flat=True)) == {
        "amb",
        "uclg",
    }
    assert (
        Agreement.objects.get(title="Lyon pact").kind == "mou"
        and Agreement.objects.get(title="Lyon pact").partner_place == lyon
    )
    membership = Membership.objects.get(organisation=world.own, network=world.network)
    assert (str(membership.annual_fee_eur), membership.priority) == ("1500.50", True)
    mission = Engagement.objects.get(title="Mission to Lyon")
    assert (mission.place, mission.agreement, mission.project) == (
        lyon,
        world.records["agreements"],
        world.records["projects"],
    )
    project = Project.objects.get(title="Green corridors")
    assert list(project.sdg_targets.values_list("code", flat=True)) == ["11.4"] and list(project.places.all()) == [lyon]


def test_keys_and_titles_are_found_whatever_their_case(world) -> None:  # type: ignore[no-untyped-def]
    """A file gives a key or a title as someone typed it: `BCN` is `bcn`, and `Agreement OWN` the agreement."""
    agency = world.records["organisations"]
    rows = [["key", "name", "kind", "parent"], [agency.key.upper(), "Agency renamed", agency.kind, "BCN"]]
    result = run_import(world, "organisations", rows)
    assert (result.created_count, result.updated_count, result.errors) == (0, 1, [])
    agency.refresh_from_db()
    assert (agency.name, agency.parent) == ("Agency renamed", world.own)

    agreement = world.records["agreements"]
    missions = [
        ["title", "kind", "start_on", "participants", "agreement"],
        ["Mission", "outgoing_mission", "2024-06-01", "bcn", "AGREEMENT own"],
    ]
    result = run_import(world, "engagements", missions)
    assert (result.created_count, result.errors) == (1, [])
    assert Engagement.objects.get(title="Mission").agreement == agreement
    # Matched again by its title in other capitals: the same mission, renamed, not a second one.
    missions[1][0] = "MISSION"
    again = run_import(world, "engagements", missions)
    assert (again.created_count, again.updated_count) == (0, 1)
    assert list(Engagement.objects.filter(start_on="2024-06-01").values_list("title", flat=True)) == ["MISSION"]


def test_a_file_id_column_updates_that_record(world) -> None:  # type: ignore[no-untyped-def]
    agency = world.records["organisations"]
    rows = [["id", "key", "name", "kind"], [agency.pk, agency.key, "Agency renamed", agency.kind]]
    result = run_import(world, "organisations", rows)
    assert result.updated_count == 1
    agency.refresh_from_db()
    assert agency.name == "Agency renamed" and agency.owner == world.own


def test_history_carries_the_user_and_names_the_import(world) -> None:  # type: ignore[no-untyped-def]
    rows = [["key", "name", "kind"], ["upf", "UPF", "university"]]
    first = run_import(world, "organisations", rows)
    second = run_import(world, "organisations", [["key", "name", "kind"], ["upf", "Pompeu Fabra", "university"]])
    upf = Organisation.objects.get(key="upf")
    created, updated = upf.history.order_by("history_id")
    editor = world.users["editor"]
    assert (created.history_user, created.history_type) == (editor, "+")
    assert created.history_change_reason == f"imported from registry.csv (registry import {first.pk})"
    assert (updated.history_user, updated.name) == (editor, "Pompeu Fabra")
    assert updated.history_change_reason == f"imported from registry.csv (registry import {second.pk})"


def test_an_editor_cannot_import_for_another_organisation_nor_change_its_records(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    filename, content = as_file([["key", "name", "kind"], ["upf", "UPF", "university"]], "csv")
    with pytest.raises(PermissionDenied):
        registry_import_start(
            access=access_for(editor), user=editor, kind="organisations", owner=world.other, filename=filename,
            content=content,
        )  # fmt: skip
    viewer = world.users["viewer"]
    with pytest.raises(PermissionDenied):
        registry_import_start(
            access=access_for(viewer), user=viewer, kind="organisations", owner=world.own, filename=filename,
            content=content,
        )  # fmt: skip
    theirs = world.others["organisations"]  # visible (public) but owned by Gavà
    run = check(world, "organisations", [["key", "name", "kind"], [theirs.key, "Taken over", "ngo"]])
    assert run.stage == "refused"
    assert [(e["row"], e["message"]) for e in run.errors] == [
        (2, "You may only change records of your own organisation.")
    ]
    theirs.refresh_from_db()
    assert theirs.name != "Taken over"


def test_wrong_headers_and_unreadable_files(world) -> None:  # type: ignore[no-untyped-def]
    run = check(world, "memberships", [["organisation", "netwerk", "role"], ["bcn", "uclg", "member"]])
    assert [(e["row"], e["column"]) for e in run.errors] == [(1, "netwerk"), (1, "Network")]
    assert "is missing" in run.errors[1]["message"]
    editor = world.users["editor"]
    damaged = registry_import_start(
        access=access_for(editor), user=editor, kind="people", owner=world.own, filename="people.xlsx",
        content=b"PK\x03\x04 not a workbook",
    )  # fmt: skip
    assert damaged.stage == "refused" and "not a readable XLSX" in damaged.errors[0]["message"]
    latin = registry_import_start(
        access=access_for(editor), user=editor, kind="people", owner=world.own, filename="people.csv",
        content="name\nJosé\n".encode("latin-1"),
    )  # fmt: skip
    assert latin.errors[0]["row"] == 2 and "UTF-8" in latin.errors[0]["message"]


def test_an_update_keeps_hidden_links_and_does_not_name_them(world, hidden) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core import services
    from interlocal.core.permissions import SYSTEM

    pact = world.records["agreements"]
    services.record_update(access=SYSTEM, user=None, instance=pact, fields={}, m2m={"parties": [hidden]})
    rows = [
        ["organisation", "partner_place", "title", "kind", "parties"],
        ["bcn", "Place own, FR", pact.title, "twinning", "amb"],
    ]
    dry = check(world, "agreements", rows)
    [update] = dry.plan["preview"]["updated"]
    assert update["changes"] == [{"field": "parties", "old": "—", "new": "AMB"}]  # not even how many are hidden
    assert "Zqhidden" not in str(dry.plan)
    run_import(world, "agreements", rows)
    assert set(pact.parties.values_list("key", flat=True)) == {"amb", "zqhidden"}  # the hidden party stays
    refused = check(world, "agreements", [rows[0], ["bcn", "Place own, FR", pact.title, "twinning", "zqhidden"]])
    assert refused.errors == [
        {"row": 2, "column": "parties", "message": "Unknown organisation “zqhidden” (give its key)."}
    ]
