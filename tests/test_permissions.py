"""Every role against every write path, on the pages and in the API."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from interlocal.core.entities import REGISTRY
from interlocal.core.permissions import access_for

from .factories import valid_data

ENTITIES = sorted(REGISTRY)
ROLES = ["anonymous", "viewer", "editor", "coordinator"]


@pytest.fixture
def world(every_kind_world, db):  # type: ignore[no-untyped-def]
    """A record of every registered kind, owned by the editor's organisation and by another one."""
    return every_kind_world()


def client_for(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def api_headers(world, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {} if role == "anonymous" else {"Authorization": f"Bearer {world.tokens[role]}"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ENTITIES)
def test_page_create_only_for_editors_and_coordinators(world, key: str, role: str) -> None:
    spec = REGISTRY[key]
    before = spec.model.objects.count()
    response = client_for(world, role).post(reverse(spec.url_name("create")), valid_data(key, world, world.own))
    if role in ("editor", "coordinator"):
        assert response.status_code == 302, response.content.decode()[:3000]
        assert spec.model.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert spec.model.objects.count() == before


@pytest.mark.parametrize("key", ENTITIES)
def test_editor_cannot_create_for_another_organisation(world, key: str) -> None:
    spec = REGISTRY[key]
    before = spec.model.objects.count()
    response = client_for(world, "editor").post(reverse(spec.url_name("create")), valid_data(key, world, world.other))
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert spec.model.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ENTITIES)
def test_page_edit_and_archive_of_another_organisations_record(world, key: str, role: str) -> None:
    spec = REGISTRY[key]
    record = world.others[key]
    versions = record.history.count()
    client = client_for(world, role)
    edit = client.post(reverse(spec.url_name("update"), args=[record.pk]), valid_data(key, world, world.other))
    archive = client.post(reverse(spec.url_name("archive"), args=[record.pk]), {"archived": "1"})
    record.refresh_from_db()
    if role == "coordinator":
        assert edit.status_code == 302, edit.content.decode()[:3000]
        assert archive.status_code == 302
        assert record.archived_at is not None
    else:
        # A record the reader may not even see is answered as absent (404), never as forbidden.
        refused = 403 if record.is_visible_to(access_for(world.users[role])) else 404
        assert edit.status_code == refused
        assert archive.status_code == refused
        assert record.archived_at is None
        assert record.history.count() == versions  # nothing was written


@pytest.mark.parametrize("key", ENTITIES)
def test_editor_edits_archives_and_restores_own_record(world, key: str) -> None:
    spec = REGISTRY[key]
    record = world.records[key]
    client = client_for(world, "editor")
    response = client.post(reverse(spec.url_name("update"), args=[record.pk]), valid_data(key, world, world.own))
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert record.visibility == "internal"
    assert record.history.first().history_user == world.users["editor"]
    first_version = record.history.earliest("history_date")
    response = client.post(
        reverse(spec.url_name("history"), args=[record.pk]), {"history_id": first_version.history_id}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.visibility == "public"  # the first version's value is back
    client.post(reverse(spec.url_name("archive"), args=[record.pk]), {"archived": "1"})
    record.refresh_from_db()
    assert record.archived_at is not None
    assert spec.model.objects.filter(pk=record.pk).exists()  # archived, not deleted


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ENTITIES)
def test_api_create(world, key: str, role: str) -> None:
    spec = REGISTRY[key]
    before = spec.model.objects.count()
    response = Client().post(
        f"/api/v1/{key}/",
        json.dumps(valid_data(key, world, world.own)),
        content_type="application/json",
        headers=api_headers(world, role),
    )
    expected = {"anonymous": 401, "viewer": 403, "editor": 201, "coordinator": 201}[role]
    assert response.status_code == expected, response.content.decode()[:2000]
    assert spec.model.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ENTITIES)
def test_api_update_and_archive_of_another_organisations_record(world, key: str, role: str) -> None:
    record = world.others[key]
    client = Client()
    patch = client.patch(
        f"/api/v1/{key}/{record.pk}",
        json.dumps({"visibility": "internal"}),
        content_type="application/json",
        headers=api_headers(world, role),
    )
    archive = client.post(
        f"/api/v1/{key}/{record.pk}/archive",
        json.dumps({"archived": True}),
        content_type="application/json",
        headers=api_headers(world, role),
    )
    record.refresh_from_db()
    if role == "coordinator":
        assert patch.status_code == 200, patch.content.decode()[:2000]
        assert archive.status_code == 200
        assert record.visibility == "internal" and record.archived_at is not None
    else:
        assert patch.status_code == archive.status_code == (401 if role == "anonymous" else 403)
        assert record.visibility == "public" and record.archived_at is None


@pytest.mark.parametrize("key", ENTITIES)
def test_api_editor_updates_own_record(world, key: str) -> None:
    record = world.records[key]
    response = Client().patch(
        f"/api/v1/{key}/{record.pk}",
        json.dumps({"visibility": "draft"}),
        content_type="application/json",
        headers=api_headers(world, "editor"),
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.json()["visibility"] == "draft"
    record.refresh_from_db()
    assert record.visibility == "draft"
