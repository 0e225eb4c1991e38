"""Records and form data of the talent kinds, for tests/factories.py (as tests/results/registry.py does for its kinds).

The member of each organisation consents to publication, so that the shared page, permission and API
tests, which read another organisation's record, find it; the privacy rule has its own tests here.
"""

import datetime
from typing import Any

from interlocal.core.permissions import SYSTEM
from interlocal.talent import services
from interlocal.talent.models import Member, NetworkEvent, TalentNetwork


def talent_records(make: Any, owner: Any, tag: str, records: dict[str, Any]) -> dict[str, Any]:
    network = make(TalentNetwork, name=f"Alumni {tag}", purpose="Keep in touch", owner=owner)
    member = make(Member, network=network, name=f"Member {tag}", country="US", city="Boston", owner=owner)
    services.consent_give(
        access=SYSTEM, user=None, member=member, purpose="publication", given_on=datetime.date(2024, 1, 1)
    )
    event = make(NetworkEvent, network=network, title=f"Meeting {tag}", held_on=datetime.date(2024, 6, 1), owner=owner)
    return {"talent-networks": network, "talent-members": member, "talent-events": event}


def talent_valid_data(world: Any, owner: Any) -> dict[str, dict[str, Any]]:
    network = world.records["talent-networks"].pk
    return {
        "talent-networks": {"name": "New network", "purpose": "Alumni"},
        "talent-members": {"network": network, "name": "New member", "country": "FR", "city": "Lyon", "role": "member"},
        "talent-events": {"network": network, "title": "New event", "held_on": "2025-01-10", "attendance": 12},
    }
