"""The rankings app's own API operations, mounted at /api/v1/rankings/ (its kinds of record get the generic ones:
/api/v1/rankings/, /api/v1/ranking-editions/, /api/v1/ranking-positions/)."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from interlocal.core.api.auth import TokenAuth
from interlocal.core.api.crud import ErrorOut
from interlocal.core.permissions import access_for

from . import imports

router = Router(tags=["rankings"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    rows: int
    editions_created: int
    positions_created: int
    positions_updated: int
    unchanged: int
    written: bool
    errors: list[RowErrorOut]


@router.post(
    "/imports",
    # 422: the file's rows refused (ImportOut, with every error), or the request itself malformed (ErrorOut).
    response={200: ImportOut, 400: ErrorOut, 403: ErrorOut, 422: ImportOut | ErrorOut},
    auth=TokenAuth(),
    operation_id="rankings_editions_import",
)
def editions_import(
    request: HttpRequest,
    file: File[UploadedFile],
    visibility: Form[Literal["draft", "internal", "public"]] = "internal",
    check_only: Form[bool] = False,
) -> Any:
    """Import ranking editions from a CSV or XLSX file, one row per position (columns: ranking, year, territory,
    position, and optionally published_on, places_ranked, source, citation).

    All or nothing: any faulty row answers 422 with every error, and nothing is saved; `check_only` checks
    the file and saves nothing. Only rankings the token's user may edit take rows.
    """
    user = request.auth  # type: ignore[attr-defined]
    access = access_for(user)
    if not access.can_write:
        return Status(403, {"detail": _("Your role does not allow importing rankings.")})
    content = file.read(imports.MAX_BYTES + 1)
    if len(content) > imports.MAX_BYTES:
        return Status(400, {"detail": _("The file is larger than 2 MB.")})
    result = imports.editions_import(
        access=access,
        user=user,
        filename=file.name or "upload.csv",
        content=content,
        visibility=visibility,
        check_only=check_only,
    )
    return Status(422 if result.errors else 200, result.as_dict())
