"""SDG targets travel through the API as their codes ("11.4"), in and out, as the document says."""

import json

import pytest
from django.test import Client

from interlocal.knowledge.models import Practice
from interlocal.projects.models import Project
from interlocal.strategy.models import Axis, Objective, Plan

from ..factories import World, make


def post(world: World, path: str, body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = Client().post(
        path, json.dumps(body), content_type="application/json",
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )  # fmt: skip
    return response.status_code, response.json()


def project(world: World, targets: list[str]) -> dict:  # type: ignore[type-arg]
    return {
        "title": "Heritage of the delta", "kind": "decentralised_cooperation", "status": "active",
        "lead": world.own.pk, "sdg_targets": targets, "owner": world.own.pk, "visibility": "public", "language": "en",
    }  # fmt: skip


def test_the_document_types_sdg_targets_as_codes_in_and_out(db) -> None:  # type: ignore[no-untyped-def]
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    for entity in ("Project", "Objective", "Practice"):
        into = schemas[f"{entity}In"]["properties"]["sdg_targets"]["anyOf"][0]
        out = schemas[f"{entity}Out"]["properties"]["sdg_targets"]
        assert into["items"] == out["items"] == {"type": "string"}, entity


def test_a_project_gets_its_sdg_targets_by_code(world: World) -> None:
    status, created = post(world, "/api/v1/projects/", project(world, ["11.4"]))

    assert status == 201 and created["sdg_targets"] == ["11.4"]
    assert list(Project.objects.get(pk=created["id"]).sdg_targets.values_list("code", flat=True)) == ["11.4"]
    read = Client().get(f"/api/v1/projects/{created['id']}").json()
    assert read["sdg_targets"] == ["11.4"]


@pytest.mark.parametrize("code", ["99.9", "4", "11.4 "])
def test_an_unknown_sdg_target_is_refused_naming_its_code(world: World, code: str) -> None:
    before = Project.objects.count()
    status, refused = post(world, "/api/v1/projects/", project(world, [code]))

    assert status == 422
    assert refused["detail"] == {"sdg_targets": [f"Select a valid choice. {code} is not one of the available choices."]}
    assert Project.objects.count() == before


def test_objectives_and_practices_take_codes_too(world: World) -> None:
    plan = make(Plan, title="Plan", kind=1, organisation=world.own, owner=world.own)
    axis = make(Axis, plan=plan, title="Axis", owner=world.own)
    status, objective = post(world, "/api/v1/objectives/", {
        "axis": axis.pk, "title": "Heritage", "sdg_targets": ["11.4"], "owner": world.own.pk, "visibility": "public",
        "language": "en",
    })  # fmt: skip
    assert status == 201, objective
    assert list(Objective.objects.get(pk=objective["id"]).sdg_targets.values_list("code", flat=True)) == ["11.4"]
    status, practice = post(world, "/api/v1/practices/", {
        "title": "Heritage walks", "summary": "Walks", "sdg_targets": ["11.4"], "owner": world.own.pk,
        "visibility": "public", "language": "en",
    })  # fmt: skip
    assert status == 201, practice
    assert list(Practice.objects.get(pk=practice["id"]).sdg_targets.values_list("code", flat=True)) == ["11.4"]
