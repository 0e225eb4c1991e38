"""If-Match behind a compressing proxy (weak tags) and the permission checked before the version."""

import json

from django.test import Client

from interlocal.core import services
from interlocal.core.permissions import SYSTEM


def bearer(world, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {world.tokens[role]}"}


def patch(world, role: str, pk: int, name: str, if_match: str):  # type: ignore[no-untyped-def]
    return Client().patch(
        f"/api/v1/units/{pk}", json.dumps({"name": name}), content_type="application/json",
        headers={**bearer(world, role), "If-Match": if_match},
    )  # fmt: skip


def test_a_weak_etag_as_a_gzip_proxy_returns_it_matches_its_version(world) -> None:  # type: ignore[no-untyped-def]
    unit = world.records["units"]
    etag = Client().get(f"/api/v1/units/{unit.pk}", headers=bearer(world, "editor")).headers["ETag"]
    saved = patch(world, "editor", unit.pk, "Through gzip", f"W/{etag}")
    assert saved.status_code == 200, saved.content.decode()[:1000]
    unit.refresh_from_db()
    assert unit.name == "Through gzip"
    # A weak tag of a version that is no longer the record's is stale all the same.
    stale = patch(world, "editor", unit.pk, "Late", f"W/{etag}")
    assert stale.status_code == 412 and [c["field"] for c in stale.json()["changes"]] == ["name"]
    unit.refresh_from_db()
    assert unit.name == "Through gzip"


def test_a_reader_who_may_not_edit_gets_403_and_not_the_changes(world) -> None:  # type: ignore[no-untyped-def]
    unit = world.records["units"]
    etag = Client().get(f"/api/v1/units/{unit.pk}", headers=bearer(world, "viewer")).headers["ETag"]
    services.record_update(
        access=SYSTEM, user=world.users["coordinator"], instance=unit, fields={"citation": "Checked by phone"}
    )
    for tag in (etag, '"1"', Client().get(f"/api/v1/units/{unit.pk}", headers=bearer(world, "viewer")).headers["ETag"]):
        refused = patch(world, "viewer", unit.pk, "Viewer's", tag)
        assert refused.status_code == 403, refused.content.decode()[:1000]
        assert "changes" not in refused.json() and "Checked by phone" not in refused.content.decode()
    unit.refresh_from_db()
    assert unit.name != "Viewer's"
