"""Who is responsible for what: the public contacts beside each unit of the home ecosystem (strategy page).

A position is listed when the reader may see it and it is current (begun by today, or since a
date not known, and not ended). Its holder is named, with their professional contact, only when
the reader may see the person and the person has consented to publication (ecosystem.models.Person):
otherwise the page shows the post and its source, never a name. Only the fields copied into
`PublicContact` reach the template, so nothing else of a person (their notes) can be shown by mistake.

Two queries, whatever the number of units and people.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.ecosystem.home import HOME_READS_FROM, home_organisations
from interlocal.ecosystem.models import ManagementUnit, Organisation, Person, Position


@dataclass(frozen=True)
class PublicContact:
    title: str
    name: str  # "" when the holder is not published
    email: str
    phone: str
    web_page: str
    citation: str
    illustrative: bool


@dataclass
class UnitContacts:
    organisation: Organisation
    unit: ManagementUnit | None  # None: the organisation's posts outside any unit (its leadership)
    contacts: list[PublicContact] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        return any(contact.illustrative for contact in self.contacts)


def public_contact(position: Position) -> PublicContact:
    """The published part of a position: the holder's name and work contact only with their consent."""
    person = position.person
    named = person.pk is not None and person.consent_on is not None and person.archived_at is None
    return PublicContact(
        title=position.title,
        name=person.name if named else "",
        email=person.email if named else "",
        phone=person.phone if named else "",
        web_page=person.web_page if named else "",
        citation=position.citation,
        illustrative=position.illustrative or (named and person.illustrative),
    )


# Every kind the contacts are read from, for core.memo.
READ_FROM = (*HOME_READS_FROM, ManagementUnit, Position, Person)


def unit_contacts(access: Access, *, today: datetime.date | None = None) -> list[UnitContacts]:
    """Every unit of the home ecosystem the reader may see, with its current public contacts: two queries, remembered
    for each class of reader and day until their data changes (core.memo), since they read the whole ecosystem."""
    day = today or timezone.localdate()
    return memoised("unit_contacts", access, READ_FROM, lambda: _unit_contacts(access, day), day)


def _unit_contacts(access: Access, today: datetime.date) -> list[UnitContacts]:
    organisations = Organisation.objects.visible_to(access).filter(pk__in=home_organisations().values("pk"))
    units = ManagementUnit.objects.visible_to(access).filter(organisation__in=organisations)
    groups: dict[tuple[int, int | None], UnitContacts] = {
        (unit.organisation_id, unit.pk): UnitContacts(unit.organisation, unit)
        for unit in units.select_related("organisation", "owner").order_by("organisation__name", "name")
    }
    positions = (
        Position.objects.visible_to(access)
        .filter(Position.current_q(today), organisation__in=organisations)
        .filter(Q(unit__isnull=True) | Q(unit__in=units))
        .select_related("person", "organisation", "unit", "owner")
        .order_by("title", "pk")
    )
    for position in positions:
        key = (position.organisation_id, position.unit_id)
        if key not in groups:  # the organisation's posts outside its units
            groups[key] = UnitContacts(position.organisation, None)
        groups[key].contacts.append(public_contact(position))
    return sorted(
        groups.values(), key=lambda g: (g.organisation.name, g.unit is not None, g.unit.name if g.unit else "")
    )
