"""The home page's agreements to watch: ending soon, and dormant (no engagement for two years)."""

import datetime

import pytest
from django.test import Client

from interlocal.core import paging, services
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, PartnerPlace
from interlocal.metropolis.dashboard import agreements_needing_attention
from interlocal.territory.models import Territory

from ..factories import World, make

TODAY = datetime.date(2026, 6, 1)


def _agreement(world: World, title: str, *, engaged_on: datetime.date | None = None, **fields: object) -> Agreement:
    place = make(PartnerPlace, name=f"Place of {title}", country="FR", owner=world.amb)
    agreement = make(
        Agreement, organisation=world.amb, partner_place=place, title=title, kind="twinning", owner=world.amb,
        **{"status": "active", **fields},
    )  # fmt: skip
    if engaged_on is not None:
        make(Engagement, title=f"Visit for {title}", kind="visit", start_on=engaged_on, agreement=agreement,
             owner=world.amb)  # fmt: skip
    return agreement


def test_dormant_means_no_engagement_in_the_last_two_years(world: World, home: Territory) -> None:
    already = agreements_needing_attention(SYSTEM, today=TODAY)["dormant_count"]  # the world's own agreements
    _agreement(world, "Quiet for three years", engaged_on=TODAY - datetime.timedelta(days=3 * 365))
    _agreement(world, "Never used")
    _agreement(world, "Visited last year", engaged_on=TODAY - datetime.timedelta(days=365))
    _agreement(world, "Visited just inside the window", engaged_on=TODAY - datetime.timedelta(days=730))
    _agreement(world, "Ended long ago", status="ended")

    watch = agreements_needing_attention(SYSTEM, today=TODAY)

    mine = {"Quiet for three years", "Never used", "Visited last year", "Visited just inside the window"}
    assert {a.title for a in watch["dormant"]} & mine == {"Quiet for three years", "Never used"}
    assert watch["dormant_count"] == already + 2


def test_dormant_agreements_are_counted_up_to_the_cap(
    world: World, home: Territory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _agreement(world, "Never used")
    _agreement(world, "Never used either")
    monkeypatch.setattr(paging, "COUNT_CAP", 1)
    watch = agreements_needing_attention(SYSTEM, today=TODAY)
    assert (watch["dormant_count"], watch["dormant_more"]) == (1, True)
    assert len(watch["dormant"]) >= 2  # the list itself is not capped at the count
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get("/").content.decode()
    assert "More than 1 active agreements with no engagement for two years" in page


def test_ending_soon_means_active_and_ending_within_ninety_days(world: World, home: Territory) -> None:
    _agreement(world, "Ends next month", ends_on=TODAY + datetime.timedelta(days=30), engaged_on=TODAY)
    _agreement(world, "Ends next year", ends_on=TODAY + datetime.timedelta(days=365), engaged_on=TODAY)

    watch = agreements_needing_attention(SYSTEM, today=TODAY)

    assert [a.title for a in watch["ending"]] == ["Ends next month"]


def test_the_agreements_to_watch_are_remembered_until_one_changes(world: World, home: Territory) -> None:
    quiet = _agreement(world, "Quiet for three years", engaged_on=TODAY - datetime.timedelta(days=3 * 365))
    _agreement(world, "Never used")  # the newest agreement: an edit of the older one moves no newest row
    assert "Quiet for three years" in {a.title for a in agreements_needing_attention(SYSTEM, today=TODAY)["dormant"]}
    services.record_update(access=SYSTEM, user=None, instance=quiet, fields={"status": "ended"})
    dormant = {a.title for a in agreements_needing_attention(SYSTEM, today=TODAY)["dormant"]}
    assert "Quiet for three years" not in dormant and "Never used" in dormant
