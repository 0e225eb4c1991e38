"""No lost updates: an edit from a stale version is refused, on the pages and with If-Match; one record per create form."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from interlocal.core import services
from interlocal.core.entities import REGISTRY
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.models import ManagementUnit

from .factories import valid_data

ENTITIES = sorted(REGISTRY)


@pytest.fixture
def world(every_kind_world, db):  # type: ignore[no-untyped-def]
    """A record of every registered kind, owned by the editor's organisation and by another one."""
    return every_kind_world()


def client_for(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[role])
    return client


def bearer(world, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {world.tokens[role]}"}


def posted(form: Any) -> dict[str, Any]:
    """What a browser sends back from the form as it was rendered."""
    data = {}
    for field in form:
        value = field.value()
        data[field.name] = "" if value is None else value
    return data


def meanwhile(world, record) -> None:  # type: ignore[no-untyped-def]
    """A colleague (the coordinator) changes the record after the editor loaded it."""
    services.record_update(
        access=SYSTEM, user=world.users["coordinator"], instance=record, fields={"citation": "Checked by phone"}
    )


@pytest.mark.parametrize("key", ENTITIES)
def test_a_page_edit_from_a_stale_version_is_refused_and_keeps_the_input(world, key: str) -> None:
    spec = REGISTRY[key]
    record = world.records[key]
    url = reverse(spec.url_name("update"), args=[record.pk])
    editor = client_for(world, "editor")
    loaded = editor.get(url).context["form"]["loaded_version"].value()
    meanwhile(world, spec.model.objects.get(pk=record.pk))
    versions = record.history.count()

    stale = editor.post(url, {**valid_data(key, world, world.own), "loaded_version": loaded})
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "changed since you loaded it (by coordinator at " in page and "Changed meanwhile: citation." in page
    record.refresh_from_db()
    assert record.citation == "Checked by phone" and record.visibility == "public"  # nothing was written
    assert record.history.count() == versions
    form = stale.context["form"]
    assert form["visibility"].value() == "internal"  # the editor's input is kept…
    assert "Checked by phone" in str(form.errors["citation"])  # …beside what changed meanwhile

    again = editor.post(url, posted(form))  # the form now carries the present version: saving re-applies
    assert again.status_code == 302, again.content.decode()[:3000]
    record.refresh_from_db()
    assert record.visibility == "internal"


def test_the_stale_message_names_related_records_only_if_the_reader_may_see_them(world) -> None:  # type: ignore[no-untyped-def]
    agreement = world.records["agreements"]
    url = reverse("diplomacy:agreement-update", args=[agreement.pk])
    viewer_cannot_see = services.record_update(
        access=SYSTEM, user=None, instance=world.others["places"], fields={"visibility": "draft"}
    )
    editor = client_for(world, "editor")
    form = editor.get(url).context["form"]
    services.record_update(
        access=SYSTEM, user=world.users["coordinator"], instance=agreement, fields={"partner_place": viewer_cannot_see}
    )
    stale = editor.post(url, posted(form))
    assert stale.status_code == 400
    errors = str(stale.context["form"].errors)
    assert "Place own" in errors and "a non-public record" in errors and "Place other" not in errors


def test_an_unchanged_form_saves_and_a_form_without_version_saves_as_before(world) -> None:  # type: ignore[no-untyped-def]
    unit = world.records["units"]
    url = reverse("ecosystem:managementunit-update", args=[unit.pk])
    editor = client_for(world, "editor")
    form = posted(editor.get(url).context["form"])
    assert editor.post(url, {**form, "name": "Renamed"}).status_code == 302
    assert editor.post(url, {**form, "loaded_version": "", "name": "Renamed twice"}).status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Renamed twice"


@pytest.mark.parametrize("key", ENTITIES)
def test_if_match_refuses_a_stale_version_with_412_and_accepts_the_present_one(world, key: str) -> None:
    record = world.records[key]
    client = Client()
    read = client.get(f"/api/v1/{key}/{record.pk}", headers=bearer(world, "editor"))
    etag = read.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    meanwhile(world, REGISTRY[key].model.objects.get(pk=record.pk))
    versions = record.history.count()

    stale = client.patch(
        f"/api/v1/{key}/{record.pk}",
        json.dumps({"visibility": "draft"}),
        content_type="application/json",
        headers={**bearer(world, "editor"), "If-Match": etag},
    )
    assert stale.status_code == 412, stale.content.decode()[:2000]
    body = stale.json()
    assert [c["field"] for c in body["changes"]] == ["citation"]
    assert body["changes"][0]["new"] == "Checked by phone" and body["saves"][0]["user"] == "coordinator"
    assert "changed since you loaded it" in body["detail"]
    record.refresh_from_db()
    assert record.visibility == "public" and record.history.count() == versions

    fresh = client.get(f"/api/v1/{key}/{record.pk}", headers=bearer(world, "editor")).headers["ETag"]
    assert fresh == body["etag"] != etag
    saved = client.patch(
        f"/api/v1/{key}/{record.pk}",
        json.dumps({"visibility": "draft"}),
        content_type="application/json",
        headers={**bearer(world, "editor"), "If-Match": fresh},
    )
    assert saved.status_code == 200, saved.content.decode()[:2000]
    assert saved.headers["ETag"] not in (fresh, etag)
    assert (
        saved.headers["ETag"]
        == client.get(f"/api/v1/{key}/{record.pk}", headers=bearer(world, "editor")).headers["ETag"]
    )
    record.refresh_from_db()
    assert record.visibility == "draft"


def test_without_if_match_or_with_a_star_a_change_is_written_as_before(world) -> None:  # type: ignore[no-untyped-def]
    unit = world.records["units"]
    for headers, name in [({}, "Without"), ({"If-Match": "*"}, "Star")]:
        response = Client().patch(
            f"/api/v1/units/{unit.pk}",
            json.dumps({"name": name}),
            content_type="application/json",
            headers={**bearer(world, "editor"), **headers},
        )
        assert response.status_code == 200 and response.json()["name"] == name
    malformed = Client().patch(
        f"/api/v1/units/{unit.pk}",
        json.dumps({"name": "Nope"}),
        content_type="application/json",
        headers={**bearer(world, "editor"), "If-Match": "not an etag"},
    )
    assert malformed.status_code == 412
    unit.refresh_from_db()
    assert unit.name == "Star"


def test_a_double_submitted_create_form_creates_one_record(world) -> None:  # type: ignore[no-untyped-def]
    editor = client_for(world, "editor")
    form = editor.get("/units/new/").context["form"]
    key = form["submission_key"].value()
    assert key and key != editor.get("/units/new/").context["form"]["submission_key"].value()
    data = {**valid_data("units", world, world.own), "submission_key": key}
    before = ManagementUnit.objects.count()

    first = editor.post("/units/new/", data)
    second = editor.post("/units/new/", data)  # a double click, or Back and submit again
    assert ManagementUnit.objects.count() == before + 1
    created = ManagementUnit.objects.latest("pk")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == created.get_absolute_url()
    followed = editor.get(second.url)
    assert "already submitted" in followed.content.decode()

    editor.post("/units/new/", {**data, "submission_key": form["submission_key"].value() + "x"})
    assert ManagementUnit.objects.count() == before + 2  # another form, another record


def test_created_and_archived_records_come_with_their_etag(world) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(world, "editor")
    created = Client().post(
        "/api/v1/units/", json.dumps(valid_data("units", world, world.own)), content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert created.status_code == 201
    url = f"/api/v1/units/{created.json()['id']}"
    assert created.headers["ETag"] == Client().get(url, headers=headers).headers["ETag"]
    archived = Client().post(f"{url}/archive", json.dumps({"archived": True}), content_type="application/json",
                             headers=headers)  # fmt: skip
    assert archived.headers["ETag"] not in ("", created.headers["ETag"])
    assert archived.headers["ETag"] == Client().get(url, headers=headers).headers["ETag"]
