"""The practices the report names are preloaded with citations, once, and indexed."""

import json

from interlocal.core.permissions import ANONYMOUS
from interlocal.knowledge.defaults import PRACTICES_JSON
from interlocal.knowledge.models import Practice, SearchEntry
from interlocal.knowledge.selectors import search
from interlocal.metropolis.defaults import load_default_data


def test_default_practices_are_cited_idempotent_and_searchable(db) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda message: None)
    expected = json.loads(PRACTICES_JSON.read_text(encoding="utf-8"))
    practices = Practice.objects.all()
    assert practices.count() == len(expected) == 9
    assert all(p.citation.startswith(("Report §", "Study §")) and p.visibility == "public" for p in practices)
    assert not practices.filter(illustrative=True).exists()
    seoul = Practice.objects.get(title="Seoul Solution")
    assert seoul.owner.key == "seoul-metropolitan-government"
    assert seoul.documents == [{"title": "Seoul Solution", "url": "https://seoulsolution.kr/en"}]
    assert seoul.started_on is None and seoul.what_failed == ""  # the report does not say
    entries = SearchEntry.objects.count()

    load_default_data(log=lambda message: None)
    assert Practice.objects.count() == 9 and SearchEntry.objects.count() == entries

    found = search(access=ANONYMOUS, q="practicas vivas medellin")
    assert any(h.kind == "practices" and h.title.startswith("Laboratorio <mark>Medellín</mark>") for h in found.hits)
    assert search(access=ANONYMOUS, q="EuroComm", kinds=["organisations"]).total == 1
