"""One event of every kind for the editor of Barcelona, and records of Gavà the editor may not read."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from interlocal.coordination.models import FollowUpAction
from interlocal.core.models import Role, UserRole
from interlocal.core.permissions import access_for
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.results import services as results
from interlocal.results.models import Indicator, Observation

from ..factories import World, make

DAY = datetime.date(2026, 6, 15)
HIDDEN = "zqhiddenword"


@dataclass
class Scenario:
    world: World
    editor: Any
    colleague: Any  # a second editor of Barcelona
    viewer: Any
    coordinator: Any
    returned: Any
    waiting_indicator: Any
    action: Any
    ending: Any
    dormant: Any


def build(world: World) -> Scenario:
    own = world.own
    users = world.users
    for name in ("editor", "viewer", "coordinator"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    colleague = get_user_model().objects.create_user(username="colleague", email="colleague@example.org")
    UserRole.objects.create(user=colleague, organisation=own, role=Role.EDITOR)
    editor = users["editor"]
    common = {"kind": "outcome", "unit": "units", "polarity": "higher_better", "aggregation": "sum",
              "periodicity": "year", "territorial_level": "municipality", "owner": own, "visibility": "internal"}  # fmt: skip
    indicator = make(Indicator, key="visitors", name="Visitors", **common)
    territory = world.records["territories"]

    def value(user: Any, year: int) -> Any:
        fields = {"indicator": indicator, "territory": territory, "period_kind": "year",
                  "period_start": datetime.date(year, 1, 1), "value": year, "owner": own, "visibility": "internal"}  # fmt: skip
        observation = results.observation_create(access=access_for(user), user=user, fields=fields)
        results.observations_submit(access=access_for(user), user=user, observations=[observation])
        return observation

    returned = value(editor, 2020)
    coordinator = users["coordinator"]
    results.observation_return(
        access=access_for(coordinator), user=coordinator, observation=returned, note="Check the source"
    )
    value(colleague, 2021)  # waits for the editor's review (and the coordinator's)
    # A draft of Gavà's on Barcelona's indicator, submitted: Barcelona's editors may not read it, nor be told of it.
    make(Observation, indicator=indicator, territory=territory, period_kind="year", period_start=datetime.date(2022, 1, 1),
         value=1, source=HIDDEN, status="submitted", owner=world.other, visibility="draft")  # fmt: skip
    action = make(
        FollowUpAction, title="Send the minutes", responsible=own, due_on=DAY - datetime.timedelta(days=3),
        owner=world.amb, visibility="internal",
    )  # fmt: skip
    place = world.records["places"]
    ending = make(
        Agreement, organisation=own, partner_place=place, title="Lyon pact", kind="twinning", owner=own,
        signed_on=datetime.date(2025, 1, 1), ends_on=DAY + datetime.timedelta(days=30),
    )  # fmt: skip
    # Dormant from DAY on: its last engagement is just over 24 months before DAY, and under 24 months a week before.
    dormant = make(
        Agreement, organisation=own, partner_place=place, title="Porto pact", kind="twinning", owner=own,
        signed_on=datetime.date(2020, 1, 1),
    )  # fmt: skip
    make(Engagement, title="Porto visit", kind="visit", start_on=datetime.date(2024, 6, 14), agreement=dormant,
         participants=[own], owner=own)  # fmt: skip
    plant_hidden(world)
    return Scenario(
        world, editor, colleague, users["viewer"], coordinator, returned, indicator, action, ending, dormant
    )


def plant_hidden(world: World) -> None:
    """Drafts of Gavà about Barcelona: Barcelona's people may not read them, so are never told of them."""
    own, other = world.own, world.other
    hidden = {"owner": other, "visibility": "draft"}
    place = world.records["places"]
    make(Agreement, organisation=own, partner_place=place, title=f"{HIDDEN} pact", kind="twinning",
         ends_on=DAY + datetime.timedelta(days=10), **hidden)  # fmt: skip
    dormant = make(Agreement, organisation=own, partner_place=place, title=f"{HIDDEN} old pact", kind="twinning",
                   signed_on=datetime.date(2020, 1, 1), **hidden)  # fmt: skip
    make(Engagement, title=f"{HIDDEN} visit", kind="visit", start_on=datetime.date(2024, 6, 14), agreement=dormant,
         participants=[own], **hidden)  # fmt: skip
    make(FollowUpAction, title=f"{HIDDEN} action", responsible=own, due_on=DAY - datetime.timedelta(days=1), **hidden)
