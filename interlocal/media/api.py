"""The media app's own API operations, mounted at /api/v1/media/: the weekly bulletins, read-only.

Sources and mentions get the generic operations of their kinds (/api/v1/media-sources/, /api/v1/media-mentions/).
A bulletin holds public records only, so every reader reads every generated one.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from interlocal.core.api.crud import ERRORS
from interlocal.core.models import JobStatus

from .models import Bulletin

router = Router(tags=["media"])


class BulletinFilters(Schema):
    language: str = Field("", max_length=8, description="Language code of the bulletins, e.g. es.")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(25, ge=1, le=100)


class BulletinOut(Schema):
    id: int
    week_start: datetime.date = Field(description="The Monday of the week the bulletin covers.")
    language: str
    items: int
    illustrative: bool
    sent_at: datetime.datetime | None
    url: str
    pdf_url: str


class BulletinDetailOut(BulletinOut):
    html: str
    text: str


class BulletinListOut(Schema):
    count: int
    page: int
    per_page: int
    results: list[BulletinOut]


def _out(bulletin: Bulletin) -> dict[str, Any]:
    url = bulletin.get_absolute_url()
    return {
        "id": bulletin.pk,
        "week_start": bulletin.week_start,
        "language": bulletin.language,
        "items": bulletin.items,
        "illustrative": bulletin.illustrative,
        "sent_at": bulletin.sent_at,
        "url": url,
        "pdf_url": f"{url}pdf/",
    }


def _generated() -> Any:
    return Bulletin.objects.filter(status=JobStatus.SUCCEEDED)


@router.get("/bulletins", response={200: BulletinListOut, **ERRORS}, operation_id="media_bulletins")
def bulletins(request: HttpRequest, filters: Query[BulletinFilters]) -> Any:
    """The generated weekly bulletins, newest week first."""
    found = _generated().defer("html", "text", "pdf").order_by("-week_start", "language", "-created_at")
    if filters.language:
        found = found.filter(language=filters.language)
    start = (filters.page - 1) * filters.per_page
    rows = list(found[start : start + filters.per_page])
    return Status(
        200,
        {
            "count": found.count(),
            "page": filters.page,
            "per_page": filters.per_page,
            "results": [_out(b) for b in rows],
        },
    )


@router.get("/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **ERRORS}, operation_id="media_bulletin")
def bulletin(request: HttpRequest, bulletin_id: int) -> Any:
    """One bulletin with its HTML and text (the PDF is at `pdf_url`)."""
    found = get_object_or_404(_generated().defer("pdf"), pk=bulletin_id)
    return Status(200, {**_out(found), "html": found.html, "text": found.text})
