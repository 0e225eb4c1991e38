"""The comparison's hidden records for the leak walk: a public membership, of an organisation under a public
profile, in a draft network. The comparison groups memberships by network name in the database, past the
hiding of related records, so the network's word must stay off its page and its API."""

from typing import Any

from interlocal.benchmark.models import Profile
from interlocal.diplomacy.models import Membership
from interlocal.ecosystem.models import Organisation
from interlocal.territory.models import Territory
from tests.factories import make


def plant(world: Any, planted: Any) -> None:
    gava = world.other
    territory = make(Territory, key="zq-compared", name="Compared metropolis", kind="metropolis", owner=gava)
    planted.add(make(Profile, key="zq-compared", name="Compared metropolis", territory=territory, country="ES",
                     owner=gava))  # fmt: skip
    member = make(Organisation, key="zq-compared-member", name="Compared member", kind="ngo", country="ES",
                  territory=territory, owner=gava)  # fmt: skip
    network = make(Organisation, key="zqdraftcomparednetwork", name="Zqdraftcomparednetwork", kind="city_network",
                   owner=gava, visibility="draft")  # fmt: skip
    make(Membership, organisation=member, network=network, role="member", owner=gava)
    planted.draft.append("zqdraftcomparednetwork")
