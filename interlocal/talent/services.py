"""Writes of the talent app beyond the generic record services: consents, and a member's data export and erasure.

Each is permission-checked (the member's organisation's editors and the coordinators: `can_edit`)
and leaves a history entry whose reason says what happened; none of them writes personal data
into that entry.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.entities import spec_for_model
from interlocal.core.permissions import Access, require_edit
from interlocal.core.selectors import record_get

from .models import Consent, Member

CONSENT_GIVEN = "consent given: %s"
CONSENT_WITHDRAWN = "consent withdrawn: %s"
EXPORTED = "personal data exported"
ERASED = "personal data erased"
# The fields that say who the member is: blanked on the member and on every one of its history rows.
PERSONAL_FIELDS: dict[str, Any] = {
    "name": "",
    "email": "",
    "country": "",
    "city": "",
    "sector": "",
    "organisation_id": None,
    "organisation_name": "",
    "member_since": None,
}


def _touch(*, access: Access, user: Author, member: Member, reason: str) -> Member:
    """A history entry on the member saying what was done (no field changes)."""
    return services.record_update(access=access, user=user, instance=member, fields={}, reason=reason)


def _save_consent(consent: Consent, *, user: Author, reason: str) -> None:
    services.attach_history(consent, user=user, reason=reason)
    consent.save()


def editable_member(*, access: Access, pk: int) -> Member:
    """The member, for its organisation's editors and the coordinators: 404 if unseen, 403 if only seen."""
    spec = spec_for_model(Member)
    assert spec is not None  # registered by the app's entities
    member: Member = record_get(spec=spec, access=access, pk=pk)
    require_edit(access, member)
    return member


GIVE, WITHDRAW = "give", "withdraw"


def consent_change(
    *, access: Access, user: Author, member: Member, action: str, purpose: str, on: datetime.date
) -> None:
    """Give (`GIVE`) or withdraw (`WITHDRAW`) the member's consent of `purpose` on the day `on`."""
    if action == GIVE:
        consent_give(access=access, user=user, member=member, purpose=purpose, given_on=on)
    else:
        consent_withdraw(access=access, user=user, member=member, purpose=purpose, withdrawn_on=on)


def consent_give(*, access: Access, user: Author, member: Member, purpose: str, given_on: datetime.date) -> Consent:
    """Record that the member consented on `given_on` to `purpose`; a consent of that purpose in force stays the one."""
    require_edit(access, member)
    with transaction.atomic():
        current = member.consents.filter(purpose=purpose, withdrawn_on__isnull=True).first()
        if current is not None and current.given_on <= given_on:
            return current
        consent = Consent(member=member, purpose=purpose, given_on=given_on)
        _save_consent(consent, user=user, reason="given")
        _touch(access=access, user=user, member=member, reason=CONSENT_GIVEN % purpose)
    return consent


def consent_withdraw(
    *, access: Access, user: Author, member: Member, purpose: str, withdrawn_on: datetime.date | None = None
) -> int:
    """Withdraw the member's consents of `purpose` not yet withdrawn: the member leaves the public pages at once."""
    require_edit(access, member)
    withdrawn_on = withdrawn_on or timezone.localdate()
    with transaction.atomic():
        open_consents = list(member.consents.filter(purpose=purpose, withdrawn_on__isnull=True))
        for consent in open_consents:
            consent.withdrawn_on = max(withdrawn_on, consent.given_on)
            _save_consent(consent, user=user, reason="withdrawn")
        if open_consents:
            _touch(access=access, user=user, member=member, reason=CONSENT_WITHDRAWN % purpose)
    return len(open_consents)


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def member_export(*, access: Access, user: Author, member: Member) -> dict[str, Any]:
    """Everything held on the member, with its consents and its history; the export itself is recorded."""
    require_edit(access, member)
    with transaction.atomic():
        _touch(access=access, user=user, member=member, reason=EXPORTED)
        fields = list(Member._meta.concrete_fields)
        record = {f.attname: _value(getattr(member, f.attname)) for f in fields}
        record["network_name"] = member.network.name
        record["organisation_label"] = str(member.organisation) if member.organisation_id else ""
        consents = [
            {
                "purpose": c.purpose,
                "given_on": _value(c.given_on),
                "withdrawn_on": _value(c.withdrawn_on),
                "recorded_at": _value(c.created_at),
            }
            for c in member.consents.order_by("given_on", "pk")
        ]
        history = [
            {
                "date": _value(row.history_date),
                "kind": row.history_type,
                "reason": row.history_change_reason or "",
                "by": row.history_user.get_username() if row.history_user else None,
                "values": {f.attname: _value(getattr(row, f.attname)) for f in fields},
            }
            for row in member.history.select_related("history_user").order_by("history_date", "history_id")
        ]
    return {"member": record, "consents": consents, "history": history, "exported_at": _value(timezone.now())}


def member_erase(*, access: Access, user: Author, member: Member) -> Member:
    """Erase the member's personal data, here and in every past version; withdraw its consents; archive it.

    What is left: the member's id, network, owner and dates, its consents' purposes and dates, and a
    history whose rows say who changed what and when, with every personal field blank.
    """
    require_edit(access, member)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        for consent in member.consents.filter(withdrawn_on__isnull=True):
            consent.withdrawn_on = max(today, consent.given_on)
            _save_consent(consent, user=user, reason="withdrawn: personal data erased")
        services.record_update(
            access=access,
            user=user,
            instance=member,
            fields={**PERSONAL_FIELDS, "erased_at": now, "archived_at": now},
            reason=ERASED,
        )
        member.history.all().update(**PERSONAL_FIELDS)
    return member
