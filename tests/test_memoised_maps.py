"""The maps count the whole registry, so they are remembered for each class of reader (core.memo): a record made
a draft leaves them at once, and a reader who may read it still finds it there."""

import pytest
from django.test import Client

from interlocal.core import services
from interlocal.core.permissions import SYSTEM

from .factories import World


def points(client: Client, url: str) -> set[str]:
    return {point["name"] for point in client.get(url).json()["points"]}


@pytest.mark.parametrize("url", ["/api/v1/map", "/coordination/activity/points.json"])
def test_a_map_read_again_drops_a_record_made_a_draft_at_once(world: World, home, url: str) -> None:  # type: ignore[no-untyped-def]
    agreement = world.others["agreements"]  # Gavà's, at "Place other"
    viewer, editor = Client(), Client()
    viewer.force_login(world.users["viewer"])  # of Barcelona: reads Gavà's public records only
    editor.force_login(world.users["coordinator"])
    assert "Place other" in points(viewer, url)
    assert "Place other" in points(viewer, url)  # remembered

    services.record_update(access=SYSTEM, user=None, instance=agreement, fields={"visibility": "draft"})
    assert "Place other" not in points(viewer, url)
    assert "Place other" in points(editor, url)  # a coordinator reads every draft
    assert "Place other" not in points(viewer, url)  # and what they were given is theirs
