"""The REST API: the OpenAPI document, visibility, bad input, query counts."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openapi_spec_validator import validate

from interlocal.core import paging
from interlocal.core.entities import REGISTRY
from interlocal.diplomacy.models import Agreement
from interlocal.ecosystem.models import Organisation, Person

from .factories import make, records_for


@pytest.fixture
def world(every_kind_world, db):  # type: ignore[no-untyped-def]
    """A record of every registered kind, owned by the editor's organisation and by another one."""
    return every_kind_world()


def test_openapi_document_is_valid_openapi_3(db) -> None:  # type: ignore[no-untyped-def]
    document = Client().get("/api/v1/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/agreements/" in document["paths"]


def test_openapi_document_is_written_in_the_reader_s_language_each_time(db) -> None:  # type: ignore[no-untyped-def]
    """The document is written as JSON once per language and process, and never served in another language."""
    english = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    catalan = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ca")
    english_again = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    translation.activate("en")  # the Catalan request left Catalan active in this process
    assert english["Content-Type"] == "application/json"
    in_english, in_catalan = (json.dumps(r.json(), ensure_ascii=False) for r in (english, catalan))
    assert "Leave empty if not known." in in_english
    assert "Deixeu-ho en blanc si no se sap." in in_catalan
    assert "Leave empty if not known." not in in_catalan
    assert english_again.content == english.content


def test_anonymous_reads_only_public_unarchived_records(world) -> None:  # type: ignore[no-untyped-def]
    draft = make(
        Agreement,
        organisation=world.own,
        partner_place=world.records["places"],
        title="Secret draft",
        kind="mou",
        owner=world.own,
        visibility="draft",
    )
    internal = make(
        Agreement,
        organisation=world.own,
        partner_place=world.records["places"],
        title="Internal",
        kind="mou",
        owner=world.own,
        visibility="internal",
    )
    titles = {a["title"] for a in Client().get("/api/v1/agreements/").json()["items"]}
    assert "Agreement own" in titles
    assert not {"Secret draft", "Internal"} & titles
    assert Client().get(f"/api/v1/agreements/{draft.pk}").status_code == 404
    viewer = {"Authorization": f"Bearer {world.tokens['viewer']}"}
    titles = {a["title"] for a in Client().get("/api/v1/agreements/", headers=viewer).json()["items"]}
    assert {"Internal", "Secret draft"} <= titles  # the viewer's own organisation's draft too
    assert Client().get(f"/api/v1/agreements/{internal.pk}", headers=viewer).status_code == 200


def test_a_list_counts_up_to_the_cap_and_says_there_are_more(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for n in range(4):
        make(Agreement, organisation=world.own, partner_place=world.records["places"], title=f"Zq pact {n}",
             kind="mou", owner=world.own)  # fmt: skip
    exact = Client().get("/api/v1/agreements/", {"q": "Zq pact", "limit": 2}).json()
    assert (exact["count"], exact["more"], len(exact["items"])) == (4, False, 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)  # as if the list held more than 10,000
    capped = Client().get("/api/v1/agreements/", {"q": "Zq pact", "limit": 2, "offset": 2}).json()
    assert (capped["count"], capped["more"]) == (3, True)
    every = [a["title"] for a in Client().get("/api/v1/agreements/", {"q": "Zq pact"}).json()["items"]]
    assert [a["title"] for a in capped["items"]] == every[2:]  # the pages themselves go on past the count


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "kind": "mou"}, "title"),
        ({"title": "X", "kind": "alliance"}, "kind"),
        ({"title": "X", "kind": "mou", "partner_city": "Xyzzyville"}, "partner_city"),
        ({"title": "X", "kind": "mou", "signed_on": "2024-05-01", "ends_on": "2023-01-01"}, "ends_on"),
    ],
)
def test_bad_agreement_input_gets_a_clear_message_and_changes_nothing(world, payload: dict, field: str) -> None:
    before = Agreement.objects.count()
    body = {
        "organisation": world.own.pk,
        "owner": world.own.pk,
        "visibility": "public",
        "language": "en",
        "status": "active",
        "partner_place": world.records["places"].pk,
        **payload,
    }
    if field == "partner_city":
        body.pop("partner_place")
    response = Client().post(
        "/api/v1/agreements/",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert Agreement.objects.count() == before


def test_malformed_json_and_wrong_types_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    before = Agreement.objects.count()
    assert Client().post(
        "/api/v1/agreements/", "{not json", content_type="application/json", headers=headers
    ).status_code in (400, 422)
    response = Client().post(
        "/api/v1/agreements/", json.dumps({"organisation": "abc"}), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert Agreement.objects.count() == before


def test_invalid_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        "/api/v1/people/",
        json.dumps({"name": "X"}),
        content_type="application/json",
        headers={"Authorization": "Bearer nope"},
    )
    assert response.status_code == 401


def test_a_list_gives_a_related_record_s_key_only_where_the_reader_may_see_it(world) -> None:  # type: ignore[no-untyped-def]
    """The list reads related records as keys alone (`related_as_keys`): a hidden one is null, never its raw key."""
    hidden = make(Organisation, key="zq-hidden", name="Zq hidden", kind="ngo", owner=world.other, visibility="draft")
    shown = make(Organisation, key="zq-shown", name="Zq shown", kind="ngo", owner=world.other, visibility="public")
    for organisation in (hidden, shown):
        make(Agreement, organisation=organisation, partner_place=world.records["places"], title=f"Zq {organisation.key}",
             kind="mou", owner=world.own, visibility="public")  # fmt: skip
    for reader in ("anonymous", "viewer", "editor", "coordinator"):
        headers = {} if reader == "anonymous" else {"Authorization": f"Bearer {world.tokens[reader]}"}
        items = Client().get("/api/v1/agreements/", {"q": "Zq zq-"}, headers=headers).json()["items"]
        listed = {item["title"]: item["organisation"] for item in items}
        one = {item["title"]: Client().get(item["url"].replace("/agreements/", "/api/v1/agreements/").rstrip("/"),
                                           headers=headers).json()["organisation"] for item in items}  # fmt: skip
        sees_drafts = reader == "coordinator"
        expected = {"Zq zq-hidden": hidden.pk if sees_drafts else None, "Zq zq-shown": shown.pk}
        assert listed == expected == one, reader


def _count_queries(url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, headers=headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["coordinator", "editor"])
@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_api_list_query_count_does_not_grow_with_rows(world, key: str, reader: str) -> None:
    """A coordinator's related records are all visible; an editor's are checked by their keys, a query per foreign
    key (`related_as_keys`), whatever the number of rows."""
    headers = {"Authorization": f"Bearer {world.tokens[reader]}"}
    few = _count_queries(f"/api/v1/{key}/", headers)
    for n in range(5):
        records_for(world.own, world.network, f"more-own-{n}", every_kind=True)
        records_for(world.other, world.network, f"more-other-{n}", every_kind=True)
    assert _count_queries(f"/api/v1/{key}/", headers) == few


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/organisations/999999999", "/api/v2/"])
def test_what_the_api_does_not_know_is_a_json_404(db, path: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_page_the_site_does_not_know_is_still_an_html_404(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("body", ['{"name": "\\ud800"}', '{"name": "ok", "notes": "a\\udfffb"}', '"\\ud800"'])
def test_text_that_is_not_unicode_is_refused_with_a_message(world, body: str) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    before = Person.objects.count()

    response = Client().post("/api/v1/people/", body, content_type="application/json", headers=headers)

    assert response.status_code in (400, 422)
    assert response.json()["detail"]
    assert Person.objects.count() == before
