"""The ecosystem API beyond the generic record routes: a person's consent to publication.

Mounted by interlocal/api/api.py as `api.add_router("/ecosystem/", router)`. The input is checked
by the page's form, so a bad value gets the same message in both places.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from interlocal.core.api.auth import TokenAuth
from interlocal.core.api.crud import ERRORS
from interlocal.core.permissions import access_for, can_edit
from interlocal.core.selectors import record_get

from . import services
from .entities import PEOPLE
from .forms import PersonConsentForm
from .models import Person

router = Router(tags=["ecosystem"])


class ConsentIn(Schema):
    given_on: datetime.date | None = None
    purpose: str = ""


class ConsentOut(Schema):
    id: int
    consent_on: datetime.date | None
    consent_purpose: str


def _editable_person(request: HttpRequest, pk: int) -> tuple[Any, Person]:
    access = access_for(request.auth)  # type: ignore[attr-defined]
    person: Person = record_get(spec=PEOPLE, access=access, pk=pk)
    if not can_edit(access, person):
        raise PermissionDenied(_("You may only change records of your own organisation."))
    return access, person


@router.post(
    "/people/{int:pk}/consent",
    auth=TokenAuth(),
    response={200: ConsentOut, **ERRORS},
    operation_id="ecosystem_person_consent_give",
)
def person_consent_give(request: HttpRequest, pk: int, payload: ConsentIn) -> Any:
    """Record the date a person consented to publication and what for (both required)."""
    access, person = _editable_person(request, pk)
    form = PersonConsentForm(
        {"action": PersonConsentForm.GIVE, "given_on": payload.given_on, "purpose": payload.purpose}
    )
    if not form.is_valid():
        return Status(422, {"detail": {name: [str(m) for m in messages] for name, messages in form.errors.items()}})
    data = form.cleaned_data
    user = request.auth  # type: ignore[attr-defined]
    return services.person_consent_give(
        access=access, user=user, person=person, given_on=data["given_on"], purpose=data["purpose"]
    )


@router.post(
    "/people/{int:pk}/consent/withdraw",
    auth=TokenAuth(),
    response={200: ConsentOut, **ERRORS},
    operation_id="ecosystem_person_consent_withdraw",
)
def person_consent_withdraw(request: HttpRequest, pk: int) -> Any:
    """Withdraw a person's consent: they leave the public pages at once; the history keeps the trail."""
    access, person = _editable_person(request, pk)
    return services.person_consent_withdraw(access=access, user=request.auth, person=person)  # type: ignore[attr-defined]
