"""Places organisations of the test world in the home metropolis (settings.INTERLOCAL_HOME_METROPOLIS)."""

from typing import Any

from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.home import home_key
from interlocal.ecosystem.models import Organisation
from interlocal.territory.models import Territory


def make_home(*organisations: Organisation) -> Territory:
    """The home metropolis's territory (created once), with these organisations based in it."""
    territory = Territory.objects.filter(key=home_key()).first()
    if territory is None:
        owner: Any = organisations[0] if organisations else None
        territory = services.record_create(
            access=SYSTEM,
            user=None,
            model=Territory,
            fields={
                "key": home_key(),
                "name": "Home metropolis",
                "kind": "metropolis",
                "country": "ES",
                "owner": owner,
            },
        )
    for organisation in organisations:
        services.record_update(access=SYSTEM, user=None, instance=organisation, fields={"territory": territory})
    return territory
