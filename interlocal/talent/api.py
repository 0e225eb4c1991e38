"""The talent app's own API operations, mounted at /api/v1/talent/ (its kinds of record get the generic ones).

A member's consents, data export and erasure are writes (bearer token; the member's organisation's
editors and the coordinators), checked by the pages' forms; the map of members is a read.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from interlocal.core.api.auth import TokenAuth, reader
from interlocal.core.api.crud import ERRORS
from interlocal.core.permissions import access_for

from . import services
from .forms import ConsentForm
from .models import Member
from .selectors import member_map

router = Router(tags=["talent"])


class ConsentIn(Schema):
    purpose: str = Field(description="publication or contact")
    on: datetime.date | None = Field(None, description="The day it was given (required) or withdrawn (default today).")


class ConsentOut(Schema):
    purpose: str
    given_on: datetime.date
    withdrawn_on: datetime.date | None


class MemberConsentsOut(Schema):
    id: int
    consents: list[ConsentOut]


class MapFilters(Schema):
    network: int | None = Field(None, ge=1, le=2**31 - 1, description="One network's members only.")


class PointOut(Schema):
    name: str
    lat: float
    lon: float
    kind: str
    label: str
    url: str
    count: int


class CountryOut(Schema):
    iso_numeric: str
    count: int
    name: str


class MapOut(Schema):
    points: list[PointOut]
    countries: list[CountryOut]


class ErasedOut(Schema):
    id: int
    erased_at: datetime.datetime | None


def _consents(member: Member) -> dict[str, Any]:
    return {"id": member.pk, "consents": list(member.consents.order_by("given_on", "pk"))}


def _consent_write(request: HttpRequest, pk: int, payload: ConsentIn, action: str) -> Any:
    access = access_for(request.auth)  # type: ignore[attr-defined]
    member = services.editable_member(access=access, pk=pk)
    form = ConsentForm({"action": action, "purpose": payload.purpose, "on": payload.on})
    if not form.is_valid():
        return Status(422, {"detail": {name: [str(m) for m in errors] for name, errors in form.errors.items()}})
    services.consent_change(access=access, user=request.auth, member=member, **form.cleaned_data)  # type: ignore[attr-defined]
    return _consents(member)


@router.post(
    "/members/{int:pk}/consents",
    auth=TokenAuth(),
    response={200: MemberConsentsOut, **ERRORS},
    operation_id="talent_member_consent_give",
)
def member_consent_give(request: HttpRequest, pk: int, payload: ConsentIn) -> Any:
    """Record a member's consent: its purpose and the day it was given (not a day to come)."""
    return _consent_write(request, pk, payload, ConsentForm.GIVE)


@router.post(
    "/members/{int:pk}/consents/withdraw",
    auth=TokenAuth(),
    response={200: MemberConsentsOut, **ERRORS},
    operation_id="talent_member_consent_withdraw",
)
def member_consent_withdraw(request: HttpRequest, pk: int, payload: ConsentIn) -> Any:
    """Withdraw a member's consents of a purpose: without publication consent it leaves every public answer."""
    return _consent_write(request, pk, payload, ConsentForm.WITHDRAW)


@router.post(
    "/members/{int:pk}/export",
    auth=TokenAuth(),
    response={200: dict[str, Any], **ERRORS},
    operation_id="talent_member_export",
)
def member_export(request: HttpRequest, pk: int) -> Any:
    """Everything held on the member, with its consents and history; the export is recorded in its history."""
    access = access_for(request.auth)  # type: ignore[attr-defined]
    member = services.editable_member(access=access, pk=pk)
    return services.member_export(access=access, user=request.auth, member=member)  # type: ignore[attr-defined]


@router.post(
    "/members/{int:pk}/erase",
    auth=TokenAuth(),
    response={200: ErasedOut, **ERRORS},
    operation_id="talent_member_erase",
)
def member_erase(request: HttpRequest, pk: int) -> Any:
    """Erase the member's personal data, in the record and in every past version; the erasure is recorded."""
    access = access_for(request.auth)  # type: ignore[attr-defined]
    member = services.editable_member(access=access, pk=pk)
    if member.erased_at is None:
        services.member_erase(access=access, user=request.auth, member=member)  # type: ignore[attr-defined]
    return member


@router.get("/map", response={200: MapOut, **ERRORS}, operation_id="talent_member_map")
def members_map(request: HttpRequest, filters: Query[MapFilters]) -> Any:
    """Members who consented to publication, counted by city (points) and country, as the reader may see them."""
    return member_map(access_for(reader(request)), network=filters.network)
