"""The search API: `GET /api/v1/search?q=…` over practices and every registry record."""

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from interlocal.core.api.auth import reader
from interlocal.core.api.crud import ERRORS
from interlocal.core.models import Visibility
from interlocal.core.permissions import access_for

from .selectors import MAX_PAGE, PER_PAGE, search, search_kinds

router = Router(tags=["search"])


# The document names the kinds and languages a search knows (the apps have registered their kinds by now).
SearchKind = Literal[tuple(search_kinds())]  # type: ignore[valid-type]
SearchLanguage = Literal[("", *dict(settings.LANGUAGES))]  # type: ignore[valid-type]
SearchVisibility = Literal[("", *Visibility.values)]  # type: ignore[valid-type]


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words to search for; all must occur.")
    kind: list[SearchKind] = Field(default_factory=list, description="Kinds of record (entity keys), e.g. practices.")  # type: ignore[valid-type]
    language: SearchLanguage = Field("", description="Language code of the records, e.g. es.")  # type: ignore[valid-type]
    visibility: SearchVisibility = Field("", description="public, internal or draft (authenticated readers).")
    archived: bool = Field(False, description="Include archived records (authenticated readers).")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(PER_PAGE, ge=1, le=100)


class HitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    snippet: str
    url: str
    language: str
    visibility: str
    illustrative: bool
    archived: bool


class SearchOut(Schema):
    query: str
    count: int
    page: int
    per_page: int
    pages: int
    results: list[HitOut]


@router.get("", response={200: SearchOut, **ERRORS}, operation_id="search")
def search_records(request: HttpRequest, filters: Query[SearchFilters]) -> Any:
    """Full-text search, ranked (title matches first), with snippets where matches are marked by <mark>."""
    access = access_for(reader(request))
    found = search(
        access=access,
        q=filters.q,
        kinds=filters.kind,
        language=filters.language,
        visibility=filters.visibility if access.authenticated else "",
        include_archived=filters.archived,
        page=filters.page,
        per_page=filters.per_page,
    )
    return {
        "query": found.query,
        "count": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "results": [
            {**{k: getattr(hit, k) for k in HitOut.model_fields if k != "id"}, "id": hit.object_id}
            for hit in found.hits
        ],
    }
