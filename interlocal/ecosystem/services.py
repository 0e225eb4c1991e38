"""Writes of the ecosystem that go beyond the generic record services: a person's consent to publication.

Consent has its own two services, so that a history entry says "consent given" or "consent
withdrawn" and no edit of a person (form, API, import, restore of a past version) can give or
withdraw it by the way: the fields are not editable anywhere else.
"""

import datetime

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import Access

from .models import Person

CONSENT_GIVEN = "publication consent given"
CONSENT_WITHDRAWN = "publication consent withdrawn"


def person_consent_give(
    *, access: Access, user: Author, person: Person, given_on: datetime.date, purpose: str
) -> Person:
    """Record that the person agreed on `given_on` to have their name and professional contact published."""
    return services.record_update(
        access=access,
        user=user,
        instance=person,
        fields={"consent_on": given_on, "consent_purpose": purpose.strip()},
        reason=CONSENT_GIVEN,
    )


def person_consent_withdraw(*, access: Access, user: Author, person: Person) -> Person:
    """Withdraw the consent: the person leaves every public page at once; the history keeps the trail."""
    return services.record_update(
        access=access,
        user=user,
        instance=person,
        fields={"consent_on": None, "consent_purpose": ""},
        reason=CONSENT_WITHDRAWN,
    )
