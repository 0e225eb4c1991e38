"""Open data: every public kind of record as CSV and JSON, and a data package frictionless accepts."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from frictionless import Package, validate

from interlocal.core.entities import REGISTRY
from interlocal.ecosystem.models import Person
from interlocal.projects.models import Project
from tests.factories import make, records_for


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_each_kind_is_published_as_csv_and_json_with_public_records_only(world, home, key: str) -> None:
    if key == "people":  # a person is published only with their consent
        Person.objects.filter(pk=world.records[key].pk).update(consent_on="2026-01-01", consent_purpose="portal")
    client = Client()
    rows = client.get(f"/portal/data/{key}.json").json()
    ids = {row["id"] for row in rows}
    if key in world.records:  # kinds the shared test world builds (newer apps register more)
        assert world.records[key].pk in ids
    csv_text = client.get(f"/portal/data/{key}.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("id,") and len(csv_text.splitlines()) == len(rows) + 1


def test_private_and_internal_records_stay_out(world) -> None:  # type: ignore[no-untyped-def]
    hidden = make(Project, title="Hidden", kind="eu_funded", lead=world.own, owner=world.own, visibility="internal")
    client = Client()
    assert hidden.pk not in {row["id"] for row in client.get("/portal/data/projects.json").json()}
    assert "Hidden" not in client.get("/portal/data/projects.csv").content.decode()
    assert client.get("/portal/data/nonsense.csv").status_code == 404


def test_the_data_package_validates_with_frictionless(world, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/portal/data/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
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
            assert Client().get("/portal/data/datapackage.zip").status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        records_for(world.own, world.network, f"more-{n}")
    assert count() == few


def test_the_data_package_validates_at_its_url(world, live_server) -> None:  # type: ignore[no-untyped-def]
    """What a user points frictionless at: every resource path resolves beside the descriptor's URL."""
    report = validate(f"{live_server.url}/portal/data/datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(REGISTRY)
