"""The back office's pages of sources and mentions, their links from the records a mention names, and the API."""

import datetime
import json

from django.test import Client

from interlocal.diplomacy.models import Engagement
from interlocal.media.models import Mention, Source
from tests.factories import make

# The page's rows (without their many-to-many sets, which no column shows), the version of what its count reads and
# that of what its filters offer (sources, organisations, engagements, projects and themes): the count and the
# options are remembered (`core.memo`).
LIST_QUERIES = 3
SOURCE_QUERIES = 2  # the sources' rows and the version of what their count reads


def _mentions(world, count: int, source: Source) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        make(
            Mention, source=source, published_on=datetime.date(2025, 3, 1 + n), title=f"Mention {n}",
            owner=world.own, organisations=[world.own], themes=[],
        )  # fmt: skip


def test_the_mention_list_costs_the_same_queries_for_2_or_12_mentions(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    source = make(Source, name="Press review", kind="manual", owner=world.own)
    _mentions(world, 2, source)
    client = Client()
    client.get("/media-mentions/")  # the first request of a process fills caches (content types, filters)
    with django_assert_num_queries(LIST_QUERIES):
        first = client.get("/media-mentions/?sort=-published_on")
    _mentions(world, 10, source)
    client.get("/media-mentions/")  # the first read after a write counts the mentions again (core.memo)
    with django_assert_num_queries(LIST_QUERIES):
        second = client.get("/media-mentions/?sort=-published_on")
    assert first.content.decode().count("Mention 1") == 1
    assert second.content.decode().count('href="/media-mentions/') >= 12
    client.get("/media-sources/")  # its count, remembered
    with django_assert_num_queries(SOURCE_QUERIES):
        assert client.get("/media-sources/").status_code == 200


def test_a_mention_shows_on_the_pages_of_what_it_names(world) -> None:  # type: ignore[no-untyped-def]
    engagement = make(
        Engagement, title="Mission to Seoul", kind="outgoing_mission", start_on=datetime.date(2025, 3, 3),
        participants=[world.own], owner=world.own,
    )  # fmt: skip
    source = make(Source, name="Press review", kind="manual", owner=world.own)
    make(
        Mention, source=source, published_on=datetime.date(2025, 3, 4), title="Barcelona in Seoul",
        owner=world.own, engagements=[engagement], organisations=[world.own],
    )  # fmt: skip
    make(
        Mention, source=source, published_on=datetime.date(2025, 3, 5), title="Draft coverage",
        owner=world.own, engagements=[engagement], visibility="draft",
    )  # fmt: skip
    client = Client()
    for page in (engagement.get_absolute_url(), world.own.get_absolute_url()):
        text = client.get(page).content.decode()
        assert "Media mentions" in text and "Barcelona in Seoul" in text and "Draft coverage" not in text


def test_the_mention_csv_export_holds_the_filtered_mentions(world) -> None:  # type: ignore[no-untyped-def]
    source = make(Source, name="Press review", kind="manual", owner=world.own)
    make(Mention, source=source, published_on=datetime.date(2025, 3, 4), title="Good news", tone="positive", owner=world.own)  # fmt: skip
    make(Mention, source=source, published_on=datetime.date(2025, 3, 5), title="Bad news", tone="negative", owner=world.own)  # fmt: skip
    response = Client().get("/media-mentions/", {"tone": "negative", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Bad news" in text and "Good news" not in text


def test_the_api_creates_a_mention_with_a_token_and_refuses_a_bad_address(world) -> None:  # type: ignore[no-untyped-def]
    source = make(Source, name="Press review", kind="manual", owner=world.own)
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    data = {
        "owner": world.own.pk, "visibility": "public", "language": "es", "source": source.pk,
        "published_on": "2025-03-04", "outlet": "El País", "title": "Barcelona y Medellín", "tone": "positive",
        "url": "https://example.org/a", "organisations": [world.own.pk],
    }  # fmt: skip
    created = Client().post(
        "/api/v1/media-mentions/", json.dumps(data), content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    mention = Mention.objects.get()
    assert (mention.title, mention.tone, list(mention.organisations.all())) == (
        "Barcelona y Medellín",
        "positive",
        [world.own],
    )
    bad = {**data, "url": "ftp://example.org/a", "title": "Other"}
    refused = Client().post(
        "/api/v1/media-mentions/", json.dumps(bad), content_type="application/json", headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["detail"]["url"] == ["Give an http:// or https:// address."]
    assert Mention.objects.count() == 1
    read = Client().get(f"/api/v1/media-mentions/{mention.pk}").json()
    assert (read["title"], read["outlet"], read["organisations"]) == ("Barcelona y Medellín", "El País", [world.own.pk])
