"""The query-count walk: no page or API read runs more queries when there is more data.

Every URL of the URL conf and every GET path of the OpenAPI document (the leak walk's list, with
the ids of the test world's records) is read by a signed-in editor, who sees the most: once to
warm what a process caches, then counting its queries, with two records of every kind for each
organisation. Two more of every kind are then added, linked to the same organisations, networks and
places, and every URL is counted again. A URL whose count grew runs a query per row somewhere (a template reaching for a
relation, a loop over records): it fails, with both counts. A new page is walked without anyone
adding it here.
"""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo
from interlocal.core.entities import REGISTRY
from interlocal.core.urlmap import SKIPPED_PREFIXES
from interlocal.knowledge.services import search_index_rebuild

from .factories import build_world, records_for, settle_at_home
from .leak_walk import Planted, ids_from_the_start, openapi_urls, reader_client, urls_to_read

# Pages that only answer a POST, or build a file whose size is the point (their own tests pin them).
NOT_WALKED = ("/logout/", "/portal/report/", "/api/v1/iati/activities.xml")


def queries(client: Any, url: str) -> int:
    """The queries of a read that computes what it shows: figures remembered from an earlier read (core.memo) are
    forgotten first, or the count after more data, computing them again, would be compared with a remembered one."""
    memo.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return len(captured)


def more(world: Any, n: int) -> None:
    """One more record of every kind for each organisation, and the search index brought up to date."""
    records_for(world.own, world.network, f"more{n}", every_kind=True)
    records_for(world.other, world.network, f"other-more{n}", every_kind=True)
    search_index_rebuild()


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_no_page_runs_more_queries_when_there_is_more_data(db) -> None:  # type: ignore[no-untyped-def]
    ids_from_the_start()
    world = build_world(every_kind=True)
    settle_at_home(world)
    records = Planted()
    for record in [*world.records.values(), *world.others.values()]:
        records.add(record)
    client = reader_client(world, "editor")
    strings = {"entity": sorted(REGISTRY), "key": sorted(REGISTRY), "fmt": ["csv", "json"], "*": ["x"]}
    urls = sorted(
        url
        for url in {*urls_to_read(records, strings), *openapi_urls(client, records)}
        | {f"/{spec.key}/?format=csv" for spec in REGISTRY.values()}
        if not url.startswith(tuple("/" + p for p in SKIPPED_PREFIXES)) and not url.startswith(NOT_WALKED)
    )
    # The dashboard's recent changes read each kind shown with its own queries (a number bounded by the kinds,
    # not by the data): each count is taken just after a round of new records, so that the same kinds are latest.
    more(world, 1)
    for url in urls:
        client.get(url)
    before = {url: queries(client, url) for url in urls}

    more(world, 2)
    more(world, 3)
    grown = [f"{url}: {before[url]} → {after}" for url in urls if (after := queries(client, url)) > before[url]]

    assert len(urls) > 300  # the walk reached the whole URL map
    assert not grown, "\n".join(["", *grown])
