"""Search in the three languages: stems per language, accents, theme translations, kinds in the rank, visibility."""

import html

import pytest

from interlocal.core.permissions import ANONYMOUS, SYSTEM, access_for
from interlocal.ecosystem.models import Organisation
from interlocal.knowledge.models import Practice
from interlocal.knowledge.search import index_terms
from interlocal.knowledge.selectors import search
from interlocal.knowledge.services import search_index_rebuild
from interlocal.metropolis.defaults import load_default_data
from interlocal.projects.models import Funding, Project
from tests.factories import make


def practice(world, title: str, summary: str = "", **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("owner", world.own)
    return make(Practice, title=title, summary=summary, **fields)


def titles(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [html.unescape(hit.title.replace("<mark>", "").replace("</mark>", "")) for hit in results.hits]


MOBILITY_PRACTICES = ["Barcelona Alumni", "Medellín's south-south cooperation with Latin American cities"]


def test_the_mobility_practices_of_the_default_data_in_three_languages(db) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda message: None, illustrative=True)  # the demo's projects and funding lines too
    # The two practices of the report that speak of mobility ("sustainable mobility", "brain mobility"),
    # both written in English, found by the English, Spanish and Catalan word.
    for q in ["mobility", "movilidad", "mobilitat", "Movilidad", "MOBILITAT"]:
        found = search(access=ANONYMOUS, q=q, kinds=["practices"])
        assert sorted(titles(found)) == MOBILITY_PRACTICES, q
    hit = search(access=ANONYMOUS, q="movilidad", kinds=["practices"]).hits[0]
    assert "<mark>mobility</mark>" in hit.snippet  # the word as written is marked
    # Over every kind: the practices and the projects (illustrative "Sustainable urban mobility
    # plan #n") come before the funding lines that repeat those projects' titles.
    everything = search(access=ANONYMOUS, q="movilidad", per_page=200)
    kinds = [hit.kind for hit in everything.hits]
    assert everything.total == len(kinds)
    assert {"practices", "projects", "fundings"} <= set(kinds)
    first_funding = kinds.index("fundings")
    assert all(kind not in ("practices", "projects") for kind in kinds[first_funding:])


def test_a_practice_outranks_a_funding_line_for_a_topic_word(world) -> None:  # type: ignore[no-untyped-def]
    project = make(Project, title="Urban mobility plan", kind="eu_funded", lead=world.own, owner=world.own)
    make(Funding, project=project, funder=world.own, amount_eur=1000, owner=world.own)
    practice(world, "Bus lanes for the metropolitan area", "Thirty kilometres of lanes for sustainable mobility.")
    search_index_rebuild()
    found = search(access=SYSTEM, q="mobility", kinds=["practices", "projects", "fundings"])
    assert [(hit.kind, title) for hit, title in zip(found.hits, titles(found), strict=True)] == [
        ("projects", "Urban mobility plan"),
        ("practices", "Bus lanes for the metropolitan area"),
        ("fundings", "Urban mobility plan"),
    ]


@pytest.fixture
def corpus(world):  # type: ignore[no-untyped-def]
    practice(world, "Educació i participació ciutadana", "Pressupostos participatius als barris.", language="ca")
    practice(world, "Educación ambiental en las escuelas", "Huertos escolares.", language="es")
    practice(world, "Education for all", "Evening classes for adults.", language="en")
    practice(world, "Xarxes urbanes de calor", "Calefacció de districte.", language="ca")
    practice(world, "Plan de movilidad de Elsewhere", "Carriles bici.", language="es", visibility="draft",
             owner=make(Organisation, key="elsewhere", name="Elsewhere", kind="ngo", owner=world.amb))  # fmt: skip
    search_index_rebuild()
    return world


def test_accents_are_folded_in_every_language(corpus) -> None:  # type: ignore[no-untyped-def]
    education = ["Educació i participació ciutadana", "Educación ambiental en las escuelas", "Education for all"]
    for q in ["educació", "educacio", "EDUCACIÓ", "educación", "educacion", "education"]:
        assert sorted(titles(search(access=ANONYMOUS, q=q))) == education, q
    assert titles(search(access=ANONYMOUS, q="participacio")) == ["Educació i participació ciutadana"]
    assert titles(search(access=ANONYMOUS, q="calefaccio")) == ["Xarxes urbanes de calor"]


def test_a_catalan_record_is_found_by_the_spanish_form_of_its_words(corpus) -> None:  # type: ignore[no-untyped-def]
    # "urbanes" (ca) and "urbanas" (es) share the stem "urban"; "participació" and "participación" "particip".
    assert titles(search(access=ANONYMOUS, q="urbanas")) == ["Xarxes urbanes de calor"]
    assert titles(search(access=ANONYMOUS, q="participación")) == ["Educació i participació ciutadana"]
    hit = search(access=ANONYMOUS, q="urbanas").hits[0]
    assert hit.title == "Xarxes <mark>urbanes</mark> de calor"


def test_every_word_must_still_match(corpus) -> None:  # type: ignore[no-untyped-def]
    assert titles(search(access=ANONYMOUS, q="educación escuelas")) == ["Educación ambiental en las escuelas"]
    assert titles(search(access=ANONYMOUS, q="education barris")) == ["Educació i participació ciutadana"]
    assert search(access=ANONYMOUS, q="education calefaccio").total == 0


def test_a_draft_of_another_organisation_is_not_found_in_any_language(corpus) -> None:  # type: ignore[no-untyped-def]
    editor = access_for(corpus.users["editor"])
    for q in ["movilidad", "mobility", "mobilitat"]:
        assert search(access=ANONYMOUS, q=q).total == 0
        assert search(access=editor, q=q).total == 0
        assert titles(search(access=SYSTEM, q=q)) == ["Plan de movilidad de Elsewhere"]


def test_the_index_terms_of_a_text() -> None:
    # Each word folded, then its stems in the record's language (from the word as written and folded).
    assert index_terms("Educació i participació", "ca") == "educacio educ educac i participacio particip participac"
    assert index_terms("Mobility plans", "en") == "mobility mobil plans plan"
    assert index_terms("Movilidad urbana", "es") == "movilidad movil urbana urban"
