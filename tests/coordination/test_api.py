"""The coordination API router: findings and overdue actions (mounted under /api/v1/coordination/)."""

import datetime

from ninja.testing import TestClient

from interlocal.coordination.api import router
from interlocal.coordination.models import FollowUpAction
from interlocal.diplomacy.models import Membership
from interlocal.ecosystem.models import Organisation

from ..factories import make


def test_findings_name_their_records_and_bad_parameters_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(router)
    page = client.get("/findings", user=world.users["coordinator"]).json()
    found = page["items"]
    assert page["count"] == len(found) > 1
    [shared] = [f for f in found if f["rule"] == "network_shared"]
    assert {o["name"] for o in shared["organisations"]} == {"Agency own", "Agency other"}
    assert {r["kind"] for r in shared["records"]} == {"organisation", "membership"}
    assert client.get("/findings?window_days=0", user=world.users["coordinator"]).status_code == 422


def test_findings_come_a_page_at_a_time(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(router)
    every = client.get("/findings", user=world.users["coordinator"]).json()["items"]
    pages = [
        client.get(f"/findings?limit=1&offset={n}", user=world.users["coordinator"]).json() for n in range(len(every))
    ]
    assert [p["count"] for p in pages] == [len(every)] * len(every)
    assert [f["fingerprint"] for p in pages for f in p["items"]] == [f["fingerprint"] for f in every]
    assert client.get("/findings?limit=0", user=world.users["coordinator"]).status_code == 422


def test_a_finding_names_twenty_records_and_organisations_and_counts_them_all(world) -> None:  # type: ignore[no-untyped-def]
    for n in range(24):
        agency = make(Organisation, key=f"zq-{n}", name=f"Zq agency {n}", kind="investment_agency",
                      territory=world.own.territory, owner=world.amb)  # fmt: skip
        make(Membership, organisation=agency, network=world.network, role="member", owner=world.amb)
    found = TestClient(router).get("/findings", user=world.users["coordinator"]).json()["items"]
    [shared] = [f for f in found if f["rule"] == "network_shared"]
    assert (len(shared["records"]), shared["records_count"]) == (20, 27)  # the network and its 26 members here
    assert (len(shared["organisations"]), shared["organisations_count"]) == (20, 26)
    assert {r["kind"] for r in shared["records"]} == {"organisation", "membership"}


def test_overdue_actions(world) -> None:  # type: ignore[no-untyped-def]
    make(FollowUpAction, title="Late", responsible=world.own, due_on=datetime.date(2020, 1, 1), owner=world.own)
    make(FollowUpAction, title="Done", responsible=world.own, due_on=datetime.date(2020, 1, 1), status="done",
         owner=world.own)  # fmt: skip
    make(FollowUpAction, title="Hidden", responsible=world.own, due_on=datetime.date(2020, 1, 1), owner=world.own,
         visibility="draft")  # fmt: skip
    data = TestClient(router).get("/actions/overdue", user=world.users["viewer"]).json()
    assert data["count"] == 2 and {a["title"] for a in data["actions"]} == {"Late", "Hidden"}
    from django.contrib.auth.models import AnonymousUser

    public = TestClient(router).get("/actions/overdue", user=AnonymousUser()).json()
    assert [a["title"] for a in public["actions"]] == ["Late"]
