"""The search API router (mounted by the API at /api/v1/search): q=, filters, pages, visibility, errors."""

import pytest
from ninja.testing import TestClient

from interlocal.knowledge.api import router
from interlocal.knowledge.models import Practice
from interlocal.knowledge.services import search_index_rebuild
from tests.factories import make


@pytest.fixture
def api(world):  # type: ignore[no-untyped-def]
    for n in range(25):
        make(Practice, title=f"Cable car line {n:02d}", summary="Metrocable for the comunas.", owner=world.own)
    make(Practice, title="Cable draft", owner=world.own, visibility="draft")
    make(Practice, title="Catàleg de pràctiques", owner=world.own, language="ca")
    search_index_rebuild()
    return TestClient(router)


def test_search_answers_ranked_paginated_results(api) -> None:  # type: ignore[no-untyped-def]
    body = api.get("?q=cable&kind=practices").json()
    assert body["count"] == 25 and body["pages"] == 2 and len(body["results"]) == 20
    first = body["results"][0]
    assert first["kind"] == "practices" and first["url"] == f"/practices/{first['id']}/"
    assert "<mark>Cable</mark>" in first["title"]
    assert len(api.get("?q=cable&page=2").json()["results"]) == 5
    assert api.get("?q=practiques&language=ca").json()["count"] == 1
    assert api.get("?q=practiques&language=es").json()["count"] == 0


def test_drafts_need_a_reader_who_may_see_them(api, world) -> None:  # type: ignore[no-untyped-def]
    anonymous = api.get("?q=draft").json()
    assert anonymous["count"] == 0
    viewer = api.get("?q=draft", headers={"Authorization": f"Bearer {world.tokens['viewer']}"}).json()
    assert [hit["title"] for hit in viewer["results"]] == ["Cable <mark>draft</mark>"]


@pytest.mark.parametrize(
    "query", ["", "?q=", "?q=cable&kind=nonsense", "?q=cable&language=xx", "?q=cable&page=0", "?q=cable&per_page=500"]
)
def test_bad_parameters_are_explained(api, query: str) -> None:  # type: ignore[no-untyped-def]
    response = api.get(query)
    assert response.status_code == 422
    assert response.json()["detail"]
