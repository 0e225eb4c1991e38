"""Search: ranking, accents, the three languages, filters, visibility, index upkeep, fixed queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import services
from interlocal.core.permissions import ANONYMOUS, SYSTEM, access_for
from interlocal.ecosystem.models import Organisation
from interlocal.knowledge.models import Practice, SearchEntry
from interlocal.knowledge.selectors import search
from interlocal.knowledge.services import search_index_rebuild
from tests.factories import make


def practice(world, title: str, summary: str = "", **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("owner", world.own)
    return make(Practice, title=title, summary=summary, **fields)


def titles(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.title.replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


@pytest.fixture
def corpus(world):  # type: ignore[no-untyped-def]
    practice(world, "Bus rapid transit corridors", "A body that mentions cable cars once.")
    practice(world, "Cable cars for hillside neighbourhoods", "Metrocable links the comunas to the metro.")
    practice(world, "Urban gardens", "Nothing about transport here.")
    practice(world, "Laboratorio Medellín: catálogo de prácticas vivas", "Diez prácticas de transformación urbana.",
             language="es")  # fmt: skip
    practice(world, "Educació i participació ciutadana", "Pressupostos participatius als barris.", language="ca")
    practice(world, "Draft idea on cable cars", "Not ready.", visibility="draft")
    search_index_rebuild()
    return world


def test_a_title_match_outranks_a_body_match(corpus) -> None:  # type: ignore[no-untyped-def]
    found = search(access=ANONYMOUS, q="cable cars", kinds=["practices"])
    assert titles(found) == ["Cable cars for hillside neighbourhoods", "Bus rapid transit corridors"]
    assert found.total == 2
    assert "<mark>cable</mark>" in found.hits[1].snippet.lower()


def test_accents_do_not_matter_either_way(corpus) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q="Medellin")) == ["Laboratorio Medellín: catálogo de prácticas vivas"]
    assert titles(search(access=ANONYMOUS, q="MEDELLÍN catalogo")) == [
        "Laboratorio Medellín: catálogo de prácticas vivas"
    ]
    hit = search(access=ANONYMOUS, q="practicas").hits[0]
    assert "<mark>prácticas</mark>" in hit.title  # highlighted with its accents


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("participació", "Educació i participació ciutadana"),  # Catalan
        ("educacio ciutadana", "Educació i participació ciutadana"),
        ("transformación urbana", "Laboratorio Medellín: catálogo de prácticas vivas"),  # Spanish
        ("hillside neighbourhoods", "Cable cars for hillside neighbourhoods"),  # English
    ],
)
def test_the_three_interface_languages(corpus, q: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q=q)) == [expected]


def test_every_word_must_occur_and_prefixes_match(corpus) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q="cable gardens")) == []
    assert titles(search(access=ANONYMOUS, q="neighbour")) == ["Cable cars for hillside neighbourhoods"]
    assert search(access=ANONYMOUS, q=' "*:&|! ').total == 0  # operators are not syntax


def test_filters_by_kind_and_language(corpus) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q="practicas", language="es")) == [
        "Laboratorio Medellín: catálogo de prácticas vivas"
    ]
    assert search(access=ANONYMOUS, q="practicas", language="ca").total == 0
    # Registry records are searched too, and the kind filter narrows.
    assert {h.kind for h in search(access=ANONYMOUS, q="Barcelona").hits} >= {"organisations"}
    assert search(access=ANONYMOUS, q="Barcelona", kinds=["practices"]).total == 0
    assert {h.kind for h in search(access=ANONYMOUS, q="Agreement own").hits} == {"agreements"}


def test_readers_only_find_what_they_may_see(corpus) -> None:  # type: ignore[no-untyped-def]
    assert "Draft idea on cable cars" not in titles(search(access=ANONYMOUS, q="cable"))
    editor = access_for(corpus.users["editor"])  # the draft belongs to the editor's organisation
    assert "Draft idea on cable cars" in titles(search(access=editor, q="cable"))
    assert "Draft idea on cable cars" in titles(search(access=SYSTEM, q="cable"))
    other = make(Organisation, key="x", name="Elsewhere", kind="ngo", owner=corpus.amb)
    practice(corpus, "Secret cable plan", owner=other, visibility="draft")
    search_index_rebuild()
    assert "Secret cable plan" not in titles(search(access=editor, q="cable"))


def test_the_index_follows_every_write_through_the_services(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        record = practice(world, "Superblocks of Barcelona", "Streets given back to people.")
    assert titles(search(access=ANONYMOUS, q="superblocks")) == ["Superblocks of Barcelona"]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_update(access=SYSTEM, user=None, instance=record, fields={"title": "Superilles"})
    assert search(access=ANONYMOUS, q="superblocks").total == 0
    assert search(access=ANONYMOUS, q="superilles").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.record_set_archived(access=SYSTEM, user=None, instance=record, archived=True)
    assert search(access=ANONYMOUS, q="superilles").total == 0
    assert search(access=SYSTEM, q="superilles").total == 0
    assert search(access=SYSTEM, q="superilles", include_archived=True).hits[0].archived
    # A renamed network re-indexes the memberships that quote its name.
    with django_capture_on_commit_callbacks(execute=True):
        services.record_update(access=SYSTEM, user=None, instance=world.network, fields={"name": "Cités Unies"})
    assert "memberships" in {h.kind for h in search(access=ANONYMOUS, q="cites unies").hits}


def test_rebuild_is_complete_and_idempotent(corpus) -> None:  # type: ignore[no-untyped-def]
    first = SearchEntry.objects.count()
    assert search_index_rebuild() == first
    assert SearchEntry.objects.count() == first
    assert SearchEntry.objects.filter(kind="practices").count() == Practice.objects.count()


def _queries(client: Client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(queries)


def test_the_page_and_the_api_run_a_fixed_number_of_queries(corpus) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(corpus.users["viewer"])
    few = _queries(client, {"q": "cable"})
    for n in range(30):
        practice(corpus, f"Cable car line {n}", "More cable cars.", visibility="internal")
    search_index_rebuild()
    assert _queries(client, {"q": "cable"}) == few
    assert _queries(client, {"q": "cable", "page": 2}) == few


def test_the_search_page(corpus) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    page = client.get("/search/", {"q": "medellin"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 result for" in html and "<mark>Medellín</mark>" in html
    assert 'href="/practices/' in html
    assert client.get("/search/", {"q": "cable", "kind": "nonsense"}).status_code == 400
    assert client.get("/search/").status_code == 200
    assert "Draft idea" not in client.get("/search/", {"q": "cable"}).content.decode()


ENGINE_INDEPENDENT = {
    # The same ordered answers on SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank): this module runs on both.
    "cable": ["Cable cars for hillside neighbourhoods", "Bus rapid transit corridors"],
    "metro": ["Cable cars for hillside neighbourhoods"],  # prefix: "metrocable", "metro"
    "urban": ["Urban gardens", "Laboratorio Medellín: catálogo de prácticas vivas"],
    "barris pressupostos": ["Educació i participació ciutadana"],
    "nothing": ["Urban gardens"],
    "zzz": [],
}


@pytest.mark.parametrize(("q", "expected"), sorted(ENGINE_INDEPENDENT.items()))
def test_the_same_ranked_answers_on_both_engines(corpus, q: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q=q, kinds=["practices"])) == expected


def test_snippets_escape_the_text_they_highlight(world) -> None:  # type: ignore[no-untyped-def]
    practice(world, "<script>alert(1)</script> cable", "A <b>bold</b> cable & more.")
    search_index_rebuild()
    hit = search(access=ANONYMOUS, q="cable").hits[0]
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title and "<mark>cable</mark>" in hit.title
    assert "<b>" not in hit.snippet and "&amp;" in hit.snippet
    html = Client().get("/search/", {"q": "cable"}).content.decode()
    assert "<script>alert(1)" not in html
