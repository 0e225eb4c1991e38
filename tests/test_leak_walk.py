"""The leak walk: hidden records, linked from public ones, never show through any URL.

Draft and internal records of another organisation are planted, each carrying a unique
word, and linked from public records (as lead, partner, participant, funder, place,
network, counterweight, person, responsible…). Then every URL pattern of the URL conf
(with the ids of real records) and every GET path of the OpenAPI document is read as an
anonymous visitor, as a viewer and as an editor of another organisation, with the lists'
CSV exports, the search, IATI, the data package and the annual report among them: no
hidden word may appear. A list searched for a hidden word must answer exactly as for a
word that exists nowhere. A new URL is walked without anyone adding it here.
"""

import json

import pytest

from interlocal.diplomacy.models import Engagement, PartnerPlace
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Project

from .factories import build_world, settle_at_home
from .leak_walk import body, plant, read_everything_as, reader_client, search_everything_as


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_no_hidden_record_shows_anywhere_to_an_anonymous_visitor(db) -> None:  # type: ignore[no-untyped-def]
    read_everything_as("anonymous")


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_searching_a_hidden_name_answers_an_anonymous_visitor_as_for_a_name_that_exists_nowhere(db) -> None:  # type: ignore[no-untyped-def]
    search_everything_as("anonymous")


def test_hidden_related_records_are_given_neither_name_nor_id(db) -> None:  # type: ignore[no-untyped-def]
    world = build_world(every_kind=True)
    settle_at_home(world)  # the data package publishes the home metropolis's projects
    planted = plant(world)
    draft_org = Organisation.objects.get(key="zqdraftorg")
    internal_org = Organisation.objects.get(key="zqinternalorg")
    place = PartnerPlace.objects.get(name="Zqdraftplace")
    project = Project.objects.get(title="Public project")
    assert project.pk in planted.ids[Project]
    anonymous, viewer = reader_client(world, "anonymous"), reader_client(world, "viewer")

    as_public = anonymous.get(f"/api/v1/projects/{project.pk}").json()
    assert as_public["lead"] is None
    assert as_public["partners"] == [world.own.pk]  # draft, internal and archived partners left out
    assert as_public["places"] == []
    as_viewer = viewer.get(f"/api/v1/projects/{project.pk}").json()
    archived_org = Organisation.objects.get(key="zqarchivedorg")  # signed-in readers see archived records
    assert as_viewer["lead"] is None
    assert sorted(as_viewer["partners"]) == sorted([internal_org.pk, archived_org.pk, world.own.pk])
    # A list reads its pages' sets otherwise (as plain lists, `many_sets_as_lists`): the same are left out.
    listed = anonymous.get("/api/v1/projects/?limit=1000").json()["items"]
    assert [item["partners"] for item in listed if item["id"] == project.pk] == [[world.own.pk]]
    listed = viewer.get("/api/v1/projects/?limit=1000").json()["items"]
    partners = [sorted(item["partners"]) for item in listed if item["id"] == project.pk]
    assert partners == [sorted([internal_org.pk, archived_org.pk, world.own.pk])]

    page = anonymous.get(f"/projects/{project.pk}/").content.decode()
    assert "a non-public record" in page and f"/organisations/{draft_org.pk}/" not in page

    exported = anonymous.get("/projects/?format=csv")
    rows = [line.split(",") for line in body(exported).splitlines()]
    header, row = rows[0], next(r for r in rows if r[0] == str(project.pk))
    assert row[header.index("lead_id")] == row[header.index("lead")] == ""  # neither its id nor its name
    published = json.loads(anonymous.get("/portal/data/projects.json").getvalue())
    assert next(r for r in published if r["id"] == project.pk)["lead_id"] is None

    engagement = Engagement.objects.get(title="Public mission")
    assert anonymous.get(f"/api/v1/engagements/{engagement.pk}").json()["place"] is None
    assert place.pk not in {p["id"] for p in anonymous.get("/api/v1/places/").json()["items"]}
