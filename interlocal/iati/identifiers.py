"""IATI organisation and activity identifiers.

An IATI organisation identifier is "<registration agency>-<number>", e.g. "ES-DIR3-L01080193"
for a Spanish public body in the DIR3 directory. Interlocal does not store registry numbers, so:

- ``settings.IATI_ORGANISATION_IDENTIFIERS`` (a dict: organisation key -> identifier) gives the
  registered identifier of the organisations that publish; set it before publishing to the IATI
  Registry;
- an organisation imported from an IATI file keeps the ref the file gives it (``OrganisationIdentifier``);
- otherwise the identifier is derived from the organisation's key as ``ZZ-INTERLOCAL-<KEY>``. "ZZ"
  is an ISO 3166 user-assigned code, so it can never collide with a real registration agency's
  prefix, and the identifier stays stable and unique inside one Interlocal instance.

An activity's identifier is ``<owner's organisation identifier>-P<project id>``, unless the project
was imported from an IATI file: then it keeps the identifier it was published under.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings

DERIVED_PREFIX = "ZZ-INTERLOCAL-"


def configured() -> dict[str, str]:
    return dict(getattr(settings, "IATI_ORGANISATION_IDENTIFIERS", {}) or {})


def organisation_identifier(organisation: Any, refs: Mapping[int, str] | None = None) -> str:
    """The configured identifier, else the ref it was imported with (`refs`, by organisation id), else a derived one."""
    return (
        configured().get(organisation.key)
        or (refs or {}).get(organisation.pk)
        or DERIVED_PREFIX + organisation.key.upper()
    )


def organisation_key(identifier: str) -> str | None:
    """The key of the organisation an identifier names, if it is one of ours."""
    for key, value in configured().items():
        if value == identifier:
            return str(key)
    if identifier.startswith(DERIVED_PREFIX):
        return identifier[len(DERIVED_PREFIX) :].lower() or None
    return None


def activity_identifier(project: Any, refs: Mapping[int, str] | None = None) -> str:
    link = getattr(project, "iati_link", None)
    if link is not None:
        return str(link.identifier)
    return f"{organisation_identifier(project.owner, refs)}-P{project.pk}"


PROJECT_SUFFIX = re.compile(r"-P(\d+)$")


def project_id(identifier: str) -> int | None:
    """The project id in an identifier this instance exported, if it has that shape."""
    match = PROJECT_SUFFIX.search(identifier)
    return int(match.group(1)) if match else None
