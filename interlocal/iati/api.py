"""IATI under the API: the public projects as IATI 2.03 XML, and the import of a partner's file."""

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from interlocal.core.api.auth import TokenAuth, reader
from interlocal.core.api.crud import ErrorOut
from interlocal.core.models import Visibility
from interlocal.core.permissions import access_for, can_create_for
from interlocal.ecosystem.models import Organisation

from .export import export_bytes, published_projects, write_activities
from .imports import import_activities, upload_max_bytes
from .organisation_file import organisation_bytes

router = Router(tags=["iati"])


class EveryStored(Schema):
    all: bool = Field(False, description="Every stored activity the reader may read, partners' included.")


@router.get(
    "/activities.xml",
    operation_id="iati_activities",
    response={404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "iati-activities XML (IATI 2.03)",
                                       "content": {"application/xml": {}}}}},
)  # fmt: skip
def activities(request: HttpRequest, every_stored: Query[EveryStored]) -> Any:
    """The metropolis's own public projects as an IATI 2.03 iati-activities document (404 while there is none);
    with `all=true`, every stored activity the reader may read, own and partners', each under its own reporting-org."""
    if every_stored.all:
        output = io.BytesIO()
        if not write_activities(output, every_stored=True, access=access_for(reader(request))):
            return Status(404, {"detail": _("No activity is stored yet.")})
        return HttpResponse(output.getvalue(), content_type="application/xml; charset=utf-8")
    if not published_projects().exists():
        return Status(404, {"detail": _("No project is published yet.")})
    return HttpResponse(export_bytes(), content_type="application/xml; charset=utf-8")


@router.get(
    "/organisation.xml",
    operation_id="iati_organisation",
    response={404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "iati-organisations XML (IATI 2.03)",
                                       "content": {"application/xml": {}}}}},
)  # fmt: skip
def organisation(request: HttpRequest) -> Any:
    """The home metropolis's IATI 2.03 organisation file (404 while it has nothing to publish)."""
    content = organisation_bytes()
    if content is None:
        return Status(404, {"detail": _("No organisation file is published yet.")})
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


class ImportOut(Schema):
    created: list[int]
    updated: list[int]
    organisations: list[int] = []
    warnings: list[str]


class ImportErrors(Schema):
    detail: str
    errors: list[str]


@router.post(
    "/import",
    response={200: ImportOut, 400: ImportErrors, 403: ImportErrors},
    auth=TokenAuth(),
    operation_id="iati_import",
)
def import_file(
    request: HttpRequest, file: File[UploadedFile], owner: Form[str], visibility: Form[str] = "internal"
) -> Any:
    """Import a partner's IATI 2.03 activity or organisation file (all or nothing); `owner`: the owner's key."""
    user = request.auth  # type: ignore[attr-defined]
    access = access_for(user)
    organisation = Organisation.objects.filter(key=owner).first()
    if organisation is None:
        return Status(400, {"detail": _("Unknown owning organisation."), "errors": [owner]})
    if not can_create_for(access, organisation.pk):
        return Status(403, {"detail": _("You may only import for your own organisation."), "errors": []})
    if visibility not in Visibility.values:
        return Status(400, {"detail": _("Unknown visibility."), "errors": [visibility]})
    limit = upload_max_bytes()
    result = import_activities(
        access=access,
        user=user,
        raw=file.read(limit + 1),
        filename=file.name or "upload.xml",
        owner=organisation,
        visibility=visibility,
        limit=limit,
    )
    if not result.ok:
        return Status(400, {"detail": _("Nothing was imported."), "errors": result.errors.lines()})
    return {
        "created": result.created_ids,
        "updated": result.updated_ids,
        "organisations": result.organisation_ids,
        "warnings": result.warnings.lines(errors=False),
    }
