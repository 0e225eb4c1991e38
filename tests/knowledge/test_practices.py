"""Practices and knowledge-transfer requests: forms, pages, history, fixed queries, default data."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo
from interlocal.core.models import SdgTarget, Theme
from interlocal.diplomacy.models import Engagement
from interlocal.knowledge.forms import parse_documents
from interlocal.knowledge.models import Practice, TransferRequest
from tests.factories import make


def _form(world, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "title": "Superilles",
        "summary": "Streets given back to people.",
        "problem": "Traffic everywhere.",
        "solution": "Blocks of nine with calm inner streets.",
        "what_failed": "Early pilots lacked neighbours' participation.",
        "partners": [world.own.pk],
        "places": [world.records["places"].pk],
        "sdg_targets": ["11.4"],
        "themes": [Theme.objects.get(slug="climate").pk],
        "contacts": [world.records["people"].pk],
        "started_on": "2016-09-01",
        "documents": "Plan | https://example.org/plan.pdf\nhttps://example.org/b.pdf",
        "owner": world.own.pk,
        "visibility": "public",
        "language": "ca",
    }
    data.update(overrides)
    return data


def test_an_editor_creates_a_practice_with_everything_it_links(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    response = client.post("/practices/new/", _form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = Practice.objects.get(title="Superilles")
    assert practice.documents == [
        {"title": "Plan", "url": "https://example.org/plan.pdf"},
        {"title": "https://example.org/b.pdf", "url": "https://example.org/b.pdf"},
    ]
    assert list(practice.sdg_targets.all()) == [SdgTarget.objects.get(code="11.4")]
    assert practice.history.filter(history_change_reason="created").exists()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Early pilots lacked" in page and 'href="https://example.org/plan.pdf"' in page
    assert "Person own" in page and "Place own" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"documents": "Plan | javascript:alert(1)"}, "documents"),
        ({"started_on": "2020-01-01", "ended_on": "2019-01-01"}, "ended_on"),
        ({"owner": "999999"}, "owner"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(world, overrides, field) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    before = Practice.objects.count()
    response = client.post("/practices/new/", _form(world, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Practice.objects.count() == before


def test_parse_documents_explains_the_line() -> None:
    with pytest.raises(Exception, match="Line 2"):
        parse_documents("A | https://example.org\nB | not a url")
    assert parse_documents("") == []


def test_a_transfer_request_links_the_engagement_that_answers_it(world) -> None:  # type: ignore[no-untyped-def]
    practice = make(Practice, title="Metrocable", owner=world.own)
    client = Client()
    client.force_login(world.users["editor"])
    base = {
        "practice": practice.pk,
        "question": "How did you finance the cable cars?",
        "received_on": "2025-02-03",
        "owner": world.own.pk,
        "visibility": "internal",
        "language": "en",
    }
    missing = client.post("/transfer-requests/new/", {**base, "status": "received"})
    assert missing.status_code == 400 and "requester" in missing.context["form"].errors
    unanswered = client.post(
        "/transfer-requests/new/",
        {**base, "requester_place": world.records["places"].pk, "status": "answered"},
    )
    assert unanswered.status_code == 400 and "answer" in unanswered.context["form"].errors
    engagement = world.records["engagements"]
    ok = client.post(
        "/transfer-requests/new/",
        {**base, "requester_place": world.records["places"].pk, "status": "answered", "engagement": engagement.pk},
    )
    assert ok.status_code == 302
    request = TransferRequest.objects.get()
    assert request.engagement == engagement
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert "Knowledge-transfer requests" in detail and "Place own" in detail


def _count(client: Client, url: str) -> int:
    memo.forget()  # what the page computes, not what a read before it left remembered (a list's filters' options)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_practice_pages_run_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["coordinator"])
    practice = make(
        Practice,
        title="P",
        owner=world.own,
        partners=[world.own],
        places=[world.records["places"]],
        sdg_targets=["11.4"],
    )
    engagement = Engagement.objects.first()
    make(TransferRequest, practice=practice, requester=world.other, question="?", owner=world.own,
         received_on=datetime.date(2024, 1, 1))  # fmt: skip
    urls = ["/practices/", practice.get_absolute_url(), "/transfer-requests/"]
    few = [_count(client, url) for url in urls]
    for n in range(8):
        other = make(Practice, title=f"P{n}", owner=world.own, partners=[world.own, world.other])
        make(
            TransferRequest, practice=practice, requester=world.other, question="?", owner=world.own,
            received_on=datetime.date(2025, 1, n + 1), engagement=engagement,
        )  # fmt: skip
        make(TransferRequest, practice=other, requester=world.other, question="?", owner=world.own,
             received_on=datetime.date(2025, 1, 1))  # fmt: skip
    assert [_count(client, url) for url in urls] == few


def test_anonymous_readers_never_see_draft_practices(world) -> None:  # type: ignore[no-untyped-def]
    draft = make(Practice, title="Half-baked", owner=world.own, visibility="draft")
    client = Client()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Half-baked" not in client.get("/practices/").content.decode()


def test_results_indicators_plug_in_through_the_extension_point(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from interlocal.knowledge import selectors

    practice = make(Practice, title="Metrocable", owner=world.own)
    monkeypatch.setattr(selectors, "RESULT_INDICATOR_PROVIDERS", [lambda p, access: [f"Riders of {p.title}"]])
    page = Client().get(practice.get_absolute_url()).content.decode()
    assert "Results indicators" in page and "Riders of Metrocable" in page
