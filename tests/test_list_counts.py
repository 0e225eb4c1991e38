"""A list's count is remembered for each class of reader, filters and search asked (`RecordListing.count`,
`core.memo`) until a record of a kind it reads changes: the list's own, or one its search or filters pass through."""

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.coordination.models import FollowUpAction
from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.core.selectors import counted_kinds
from interlocal.results.models import Indicator, Observation
from interlocal.territory.models import Territory

from .factories import World, make


def api_count(client: Client, **params: str) -> int:
    return int(client.get("/api/v1/follow-up-actions/", params).json()["count"])


def page_count(client: Client, **params: str) -> int:
    return len(client.get("/follow-up-actions/", params).context["page"].object_list)


def test_a_remembered_count_follows_a_new_record_a_hidden_one_and_a_renamed_partner(world: World) -> None:
    anonymous, coordinator = Client(), Client()
    coordinator.force_login(world.users["coordinator"])
    assert api_count(anonymous, q="Zq") == 0 and page_count(anonymous, q="Zq") == 0  # read once: now remembered
    action = make(FollowUpAction, title="Zq call the partners", responsible=world.own, status="open", owner=world.amb)
    assert api_count(anonymous, q="Zq") == 1 and page_count(anonymous, q="Zq") == 1

    services.record_update(access=SYSTEM, user=None, instance=action, fields={"visibility": "draft"})
    assert api_count(anonymous, q="Zq") == 0 and page_count(anonymous, q="Zq") == 0
    assert api_count(coordinator, q="Zq") == 1 and page_count(coordinator, q="Zq") == 1

    # Searched by its responsible organisation's name: a rename of that organisation counts at once.
    assert api_count(coordinator, q="Zqrenamed") == 0
    services.record_update(access=SYSTEM, user=None, instance=world.own, fields={"name": "Zqrenamed council"})
    assert api_count(coordinator, q="Zqrenamed") == 1 and page_count(coordinator, q="Zqrenamed") == 1


def test_a_count_is_remembered_for_the_filters_asked_not_for_the_page_or_the_order(world: World) -> None:
    for n in range(3):
        make(FollowUpAction, title=f"Zq action {n}", responsible=world.own, status="open", owner=world.amb)
    client = Client()
    first = client.get("/api/v1/follow-up-actions/", {"q": "Zq", "limit": 1}).json()
    other = client.get("/api/v1/follow-up-actions/", {"q": "Zq", "limit": 1, "offset": 1, "sort": "-title"}).json()
    assert first["count"] == other["count"] == 3
    assert first["items"][0]["id"] != other["items"][0]["id"]
    filtered = client.get("/api/v1/follow-up-actions/", {"q": "Zq", "status": "done"}).json()
    assert filtered["count"] == 0
    created = Client().post(
        "/api/v1/follow-up-actions/",
        json.dumps({"title": "Zq action 3", "responsible": world.own.pk, "status": "done", "owner": world.own.pk,
                    "visibility": "public", "language": "en"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    assert client.get("/api/v1/follow-up-actions/", {"q": "Zq", "status": "done"}).json()["count"] == 1


def test_a_list_asked_without_filters_is_counted_once_though_a_filter_reads_a_kind_without_a_version(
    every_kind_world: Any, db: Any
) -> None:
    """The observations can be filtered by their import (a job, which has no version): a list asked with that
    filter is counted at every request, and the list asked without it is counted once, until a value changes."""
    assert counted_kinds("observations", frozenset({"import_run"})) is None
    assert counted_kinds("observations", frozenset()) == {Observation}
    assert counted_kinds("observations", frozenset({"q"})) == {Observation, Indicator, Territory}
    world = every_kind_world()
    client = Client()
    client.force_login(world.users["editor"])

    def counts(**params: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/observations/", params).status_code == 200
        return sum(1 for query in queries if query["sql"].startswith("SELECT COUNT(*)"))

    assert counts() == 1 and counts() == 0 and counts(limit="5") == 0
    before = client.get("/api/v1/observations/").json()["count"]
    observation = world.records["observations"]
    services.record_update(
        access=SYSTEM, user=None, instance=observation, fields={"visibility": "draft", "owner": world.other}
    )
    assert counts() == 1
    assert client.get("/api/v1/observations/").json()["count"] == before - 1
