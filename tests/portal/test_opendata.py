"""Open data: every public kind of record as CSV and JSON, and a data package frictionless accepts."""

import csv
import io
import json
import zipfile
from decimal import Decimal
from urllib.request import urlopen

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from frictionless import Package, validate

from interlocal.core.entities import REGISTRY
from interlocal.diplomacy.models import Agreement, Engagement, PartnerPlace
from interlocal.ecosystem.models import Organisation, Person
from interlocal.projects.models import Funding, Project
from tests.factories import make, records_for


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_each_kind_is_published_as_csv_and_json_with_public_records_only(world, home, key: str) -> None:
    if key == "people":  # a person is published only with their consent
        Person.objects.filter(pk=world.records[key].pk).update(consent_on="2026-01-01", consent_purpose="portal")
    client = Client()
    rows = json.loads(client.get(f"/portal/data/{key}.json").getvalue())
    ids = {row["id"] for row in rows}
    if key in world.records:  # kinds the shared test world builds (newer apps register more)
        assert world.records[key].pk in ids
    csv_text = client.get(f"/portal/data/{key}.csv").getvalue().decode()
    assert csv_text.splitlines()[0].startswith("id,") and len(csv_text.splitlines()) == len(rows) + 1


def test_private_and_internal_records_stay_out(world) -> None:  # type: ignore[no-untyped-def]
    hidden = make(Project, title="Hidden", kind="eu_funded", lead=world.own, owner=world.own, visibility="internal")
    client = Client()
    assert hidden.pk not in {row["id"] for row in json.loads(client.get("/portal/data/projects.json").getvalue())}
    assert "Hidden" not in client.get("/portal/data/projects.csv").getvalue().decode()
    assert client.get("/portal/data/nonsense.csv").status_code == 404


def test_the_data_package_validates_with_frictionless(world, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/portal/data/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.getvalue())).extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert {r["name"] for r in descriptor["resources"]} == set(REGISTRY)
    assert all(r["path"] == f"{r['name']}.csv" for r in descriptor["resources"])
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    projects = package.get_resource("projects").read_rows()
    assert {row["title"] for row in projects} >= {"Project own", "Project other"}


def test_the_package_uses_a_fixed_number_of_queries(world, home) -> None:  # type: ignore[no-untyped-def]
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get("/portal/data/datapackage.zip").getvalue()[:2] == b"PK"
        return len(queries)

    few = count()
    for n in range(4):
        records_for(world.own, world.network, f"more-{n}")
    assert count() == few


def test_the_data_package_validates_at_its_url(world, home, live_server) -> None:  # type: ignore[no-untyped-def]
    """What a user points frictionless at: every resource beside the descriptor's URL, every foreign key held."""
    peer = make(
        Organisation, key="zqpeer", name="Zqpeer City", kind="municipal_government", country="AT", owner=world.amb
    )
    peer_project = make(Project, title="Peer project", kind="eu_funded", lead=peer, owner=peer)  # public, not home's
    secret_place = make(PartnerPlace, name="Zqsecret place", country="FR", owner=world.own, visibility="private")
    secret_project = make(Project, title="Zqsecret project", kind="other", lead=world.own, owner=world.own,
                          visibility="internal")  # fmt: skip
    agreement = make(Agreement, organisation=world.own, partner_place=secret_place, title="Pact", kind="mou",
                     owner=world.own)  # fmt: skip
    mission = make(Engagement, title="Visit", kind="visit", start_on="2025-01-10", project=peer_project,
                   owner=world.own, participants=[world.own])  # fmt: skip
    funding = make(Funding, project=secret_project, funder=world.own, amount_eur=Decimal("-3.50"), owner=world.own)
    Person.objects.filter(pk=world.records["people"].pk).update(
        consent_on="2026-01-01", consent_purpose="portal", notes="Zqsecret note"
    )

    url = f"{live_server.url}/portal/data/datapackage.json"
    report = validate(url)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(REGISTRY)

    keys = {r["name"]: r["schema"]["foreignKeys"] for r in json.loads(urlopen(url).read())["resources"]}  # noqa: S310
    assert {"fields": ["organisation_id"], "reference": {"resource": "organisations", "fields": ["id"]}} in keys[
        "agreements"
    ]
    assert {"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}} in keys["territories"]
    files = {key: urlopen(f"{live_server.url}/portal/data/{key}.csv").read().decode() for key in REGISTRY}  # noqa: S310
    assert not [key for key, text in files.items() if "Zqsecret" in text]

    def row(key: str, pk: int, *names: str) -> tuple[str, ...]:
        found = next(r for r in csv.DictReader(io.StringIO(files[key])) if r["id"] == str(pk))
        return tuple(found[name] for name in names)

    assert row("agreements", agreement.pk, "partner_place_id", "partner_place") == ("", "")  # private: no id, no name
    # Public but not the metropolis's own, so not in the package: named, without an id the package does not hold.
    assert row("engagements", mission.pk, "project_id", "project") == ("", "Peer project")
    assert row("fundings", funding.pk, "project_id", "project", "amount_eur") == ("", "", "-3.50")


def test_the_files_and_the_package_are_streamed_and_the_zip_is_sound(world, home) -> None:  # type: ignore[no-untyped-def]
    urls = ["/portal/data/projects.csv", "/portal/data/spreadsheet/projects.csv", "/portal/data/projects.json"]
    assert all(Client().get(url).streaming for url in [*urls, "/portal/data/datapackage.zip"])
    package = zipfile.ZipFile(io.BytesIO(Client().get("/portal/data/datapackage.zip").getvalue()))
    assert package.testzip() is None  # every member's checksum matches
    assert package.read("projects.csv") == Client().get("/portal/data/projects.csv").getvalue()
