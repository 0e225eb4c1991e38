"""The participation app's own API operations, mounted at /api/v1/participation/.

Consultations, phases, sessions, attendance and contributions get the generic CRUD operations
(/api/v1/consultations/, /api/v1/contributions/…). Here: the sectors, and the public submission of
a contribution without a token, with the public form's rate limit, honeypot and moderation.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from interlocal.core.api.crud import ERRORS, ErrorOut
from interlocal.core.forms import reader_language
from interlocal.core.models import Theme

from .models import Sector
from .selectors import open_consultation, public_objectives
from .services import contribution_submit
from .throttle import CONTRIBUTIONS
from .views import SENT, too_many_message

router = Router(tags=["participation"])


class SectorOut(Schema):
    id: int
    slug: str
    name: str


@router.get("/sectors", response={200: list[SectorOut], **ERRORS}, operation_id="list_sectors")
def sectors(request: HttpRequest) -> Any:
    """The activity sectors consultations count their sessions and contributions by."""
    return list(Sector.objects.order_by("name"))


class PublicContributionIn(Schema):
    text: str = Field(..., min_length=20, max_length=5000, description="The contribution.")
    sector: int | None = Field(None, ge=1, le=2**63 - 1, description="A sector's id (GET /participation/sectors).")
    objectives: list[int] = Field(
        default_factory=list, max_length=50, description="Ids of public objectives of the consultation's plan."
    )
    themes: list[str] = Field(default_factory=list, max_length=50, description="Theme slugs.")
    organisation: str = Field("", max_length=200, description="The organisation or group written for; never published.")
    email: str = Field("", max_length=254, description="An e-mail to be answered at; never published.")
    website: str = Field("", description="Leave empty (a field only robots fill in).")


class SubmittedOut(Schema):
    detail: str


@router.post(
    "/consultations/{int:pk}/contributions",
    response={202: SubmittedOut, 429: ErrorOut, **ERRORS},
    operation_id="submit_contribution",
    auth=None,
)
def submit_contribution(request: HttpRequest, pk: int, payload: PublicContributionIn) -> Any:
    """Send a contribution to an open public consultation without a token, as the public form does.

    It waits in the consultation owner's moderation queue and is public once accepted. One client
    address may send a few an hour (429 beyond); 404 for a consultation that is not public and open.
    """
    consultation = open_consultation(pk)
    if not CONTRIBUTIONS.left(request):
        return Status(429, {"detail": too_many_message()})
    if payload.website.strip():  # refused quietly: a robot learns nothing from the answer
        CONTRIBUTIONS.spend(request)
        return Status(202, {"detail": str(SENT)})
    errors: dict[str, list[str]] = {}
    if any(c in payload.organisation for c in "\r\n\x00"):
        errors["organisation"] = [_("Write it on one line.")]
    if payload.email:
        try:
            validate_email(payload.email)
        except ValidationError as error:
            errors["email"] = [str(m) for m in error.messages]
    sector = Sector.objects.filter(pk=payload.sector).first() if payload.sector else None
    if payload.sector and sector is None:
        errors["sector"] = [_("Choose one of the sectors.")]
    allowed = {o.pk: o for o in public_objectives(consultation)}
    if any(pk not in allowed for pk in payload.objectives):
        errors["objectives"] = [_("Choose objectives of this consultation's plan.")]
    themes = list(Theme.objects.filter(slug__in=payload.themes))
    if len(themes) != len(set(payload.themes)):
        errors["themes"] = [_("Choose among the themes.")]
    if errors:
        return Status(422, {"detail": errors})
    contribution_submit(
        consultation=consultation,
        text=payload.text.strip(),
        sector=sector,
        objectives=[allowed[pk] for pk in payload.objectives],
        themes=themes,
        organisation=payload.organisation.strip(),
        email=payload.email.strip(),
        language=reader_language(),
    )
    CONTRIBUTIONS.spend(request)
    return Status(202, {"detail": str(SENT)})
