"""The ecosystem app's part of the embedded default data: the AMB, which owns the shared reference records."""

from interlocal.core import services
from interlocal.core.permissions import SYSTEM

from .models import Organisation


def amb_organisation() -> Organisation:
    """The AMB, which owns the shared reference records (it curates them as coordinator)."""
    organisation = Organisation.objects.filter(key="amb").first()
    if organisation is not None:
        return organisation
    # The first organisation has no owner to point at until it exists: it then owns itself.
    organisation = services.record_create(
        access=SYSTEM,
        user=None,
        model=Organisation,
        fields={
            "key": "amb",
            "name": "Barcelona Metropolitan Area (AMB)",
            "acronym": "AMB",
            "kind": "metropolitan_government",
            "country": "ES",
            "visibility": "public",
            "citation": "Report (Front matter: organisers)",
        },
    )
    return services.record_update(access=SYSTEM, user=None, instance=organisation, fields={"owner": organisation})
