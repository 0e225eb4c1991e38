"""The registry import under the API: upload (the dry run's answer), confirm, then follow the job."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from interlocal.core.api.auth import TokenAuth
from interlocal.core.api.crud import ErrorOut
from interlocal.core.models import Visibility
from interlocal.core.permissions import access_for
from interlocal.ecosystem.models import Organisation

from .imports import MAX_BYTES
from .jobs import registry_import_confirm, registry_import_start
from .models import RegistryImport
from .selectors import imports_visible_to

router = Router(tags=["registry"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    id: int
    kind: str
    filename: str
    stage: str  # refused (the dry run found problems), checked (waiting for confirmation), confirmed
    status: str  # the job's, once confirmed: queued, running, succeeded, failed
    plan: dict[str, Any]  # counts per model ("ecosystem.Person": {created, updated, unchanged}) and a preview
    errors: list[RowErrorOut]
    error: str
    created_count: int
    updated_count: int
    unchanged_count: int


def _out(run: RegistryImport) -> dict[str, Any]:
    fields = ["id", "kind", "filename", "stage", "status", "plan", "errors", "error"]
    counts = ["created_count", "updated_count", "unchanged_count"]
    return {name: getattr(run, name) for name in fields + counts}


@router.post(
    "/imports",
    response={201: ImportOut, 400: ErrorOut, 403: ErrorOut},
    auth=TokenAuth(),
    operation_id="registry_import_upload",
)
def import_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[str],
    owner: Form[str],
    visibility: Form[str] = Visibility.INTERNAL,
) -> Any:
    """Upload a CSV or XLSX file of one kind of record: the answer is its dry run (nothing is saved yet).

    `owner` is the key of the organisation that will own the records the file creates. Confirm the
    import with POST …/imports/{id}/confirm when its stage is "checked".
    """
    user = request.auth  # type: ignore[attr-defined]
    access = access_for(user)
    organisation = Organisation.objects.visible_to(access).filter(key=owner).first()
    if organisation is None:
        return Status(400, {"detail": _("Unknown owning organisation.")})
    try:
        run = registry_import_start(
            access=access,
            user=user,
            kind=kind,
            owner=organisation,
            filename=file.name or "upload.csv",
            content=file.read(MAX_BYTES + 1),
            visibility=visibility,
        )
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied)})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(201, _out(run))


def _run(request: HttpRequest, pk: int) -> RegistryImport | None:
    if not 0 < pk < 2**63:  # no database stores a larger number
        return None
    user = request.auth  # type: ignore[attr-defined]
    return imports_visible_to(access_for(user), user).filter(pk=pk).first()


@router.get(
    "/imports/{int:pk}",
    response={200: ImportOut, 404: ErrorOut},
    auth=TokenAuth(),
    operation_id="registry_import_get",
)
def import_get(request: HttpRequest, pk: int) -> Any:
    """An import: its dry run, and once confirmed its job's status and outcome."""
    run = _run(request, pk)
    if run is None:
        return Status(404, {"detail": _("No such import.")})
    return _out(run)


@router.post(
    "/imports/{int:pk}/confirm",
    response={202: ImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=TokenAuth(),
    operation_id="registry_import_confirm",
)
def import_confirm(request: HttpRequest, pk: int) -> Any:
    """Queue the import of a checked file; it runs all or nothing as a background job."""
    run = _run(request, pk)
    if run is None:
        return Status(404, {"detail": _("No such import.")})
    user = request.auth  # type: ignore[attr-defined]
    try:
        registry_import_confirm(access=access_for(user), user=user, run=run)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied)})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(202, _out(run))
