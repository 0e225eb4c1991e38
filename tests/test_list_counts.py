"""A list's count is remembered for each class of reader, filters and search asked (`RecordListing.count`,
`core.memo`) until a record of a kind it reads changes: the list's own, or one its search or filters pass through."""

import json

from django.test import Client

from interlocal.coordination.models import FollowUpAction
from interlocal.core import services
from interlocal.core.permissions import SYSTEM

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
