"""The talent app's hidden records for the leak walk: members of a public network without consent in force.

Each is public, in a public network of Gavà, and so would show anywhere a page forgot the consent rule:
one never consented, one withdrew. Their names and e-mails are hidden from every reader of the walk
(anonymous, and the viewer and editor of another organisation). One consenting member is planted too,
so that the pages and the map have something to draw.
"""

import datetime
from typing import Any

from interlocal.core.permissions import SYSTEM
from interlocal.talent import services
from interlocal.talent.models import Member, NetworkEvent, TalentNetwork
from tests.factories import make


def plant(world: Any, planted: Any) -> None:
    gava = world.other
    public = {"owner": gava, "visibility": "public"}
    network = planted.add(make(TalentNetwork, name="Public alumni network", purpose="Alumni", **public))
    planted.add(
        make(
            NetworkEvent,
            network=network,
            title="Public alumni meeting",
            held_on=datetime.date(2025, 5, 1),
            attendance=30,
            **public,
        )
    )
    never = planted.add(
        make(
            Member,
            network=network,
            name="Zqnoconsentmember",
            email="zqnoconsentmail@example.org",
            country="FR",
            city="Lyon",
            **public,
        )
    )
    withdrawn = planted.add(
        make(Member, network=network, name="Zqwithdrawnmember", country="IT", city="Milan", **public)
    )
    services.consent_give(
        access=SYSTEM, user=None, member=withdrawn, purpose="publication", given_on=datetime.date(2024, 1, 1)
    )
    services.consent_withdraw(access=SYSTEM, user=None, member=withdrawn, purpose="publication")
    services.consent_give(access=SYSTEM, user=None, member=never, purpose="contact", given_on=datetime.date(2024, 1, 1))
    shown = planted.add(
        make(
            Member,
            network=network,
            name="Consenting member",
            email="zqconsentingmail@example.org",
            country="US",
            city="Boston",
            **public,
        )
    )
    services.consent_give(
        access=SYSTEM, user=None, member=shown, purpose="publication", given_on=datetime.date(2024, 1, 1)
    )
    planted.draft += ["zqnoconsentmember", "zqnoconsentmail", "zqwithdrawnmember", "zqconsentingmail"]
    planted.searchable += ["zqnoconsentmember", "zqwithdrawnmember"]
