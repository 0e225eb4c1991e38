"""Reads of the knowledge app: the search over practices and every registry record, public requests."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString

from interlocal.core.entities import REGISTRY
from interlocal.core.models import Role, UserRole, Visibility
from interlocal.core.permissions import ANONYMOUS, Access
from interlocal.core.visibility import hide_hidden_foreign_keys, rule_q

from .models import Moderation, Practice, SearchEntry, TransferRequest
from .search import engine_query, highlighted, query_words

PER_PAGE = 20
MAX_PAGE = 500

# Extension point for the results framework: functions (practice, access) -> indicators to show.
RESULT_INDICATOR_PROVIDERS: list[Callable[[Practice, Access], list[Any]]] = []


def practice_indicators(practice: Practice, access: Access) -> list[Any]:
    return [indicator for provider in RESULT_INDICATOR_PROVIDERS for indicator in provider(practice, access)]


@dataclass
class SearchHit:
    kind: str
    kind_label: str
    object_id: int
    title: SafeString
    snippet: SafeString
    url: str
    language: str
    visibility: str
    visibility_label: str
    illustrative: bool
    archived: bool


@dataclass
class SearchResults:
    query: str
    words: list[str]
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search_kinds() -> dict[str, str]:
    """Kinds of record one may search, key -> plural label."""
    return {key: str(spec.model._meta.verbose_name_plural) for key, spec in REGISTRY.items()}


def _where(queryset: "QuerySet[Any]") -> tuple[str, list[Any]]:
    """The queryset's WHERE clause as SQL on the unaliased knowledge_searchentry table."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.compile(queryset.query.where)
    except FullResultSet:
        return "1=1", []
    except EmptyResultSet:
        return "1=0", []
    return (sql or "1=1"), list(params)


def search(
    *,
    access: Access,
    q: str,
    kinds: list[str] | None = None,
    language: str = "",
    visibility: str = "",
    include_archived: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Records the reader may see that match every word of `q`, best first, with highlighted snippets.

    A word matches in any of the three languages (search.py); practices and projects
    come before funding lines.

    Two SQL queries whatever the data size: the count and one page.
    """
    query = query_words(q)
    words = [word.word for word in query]
    page = min(max(1, page), MAX_PAGE)
    filters = {"kinds": kinds or [], "language": language, "visibility": visibility}
    if not words:
        return SearchResults(query=q, words=[], hits=[], total=0, page=page, per_page=per_page, filters=filters)
    entries = SearchEntry.objects.filter(rule_q(access, include_archived=include_archived))
    if kinds:
        entries = entries.filter(kind__in=[k for k in kinds if k in REGISTRY])
    if language:
        entries = entries.filter(language=language)
    if visibility in Visibility.values:
        entries = entries.filter(visibility=visibility)
    total, rows = engine_query(words=query, where=_where(entries), limit=per_page, offset=(page - 1) * per_page)
    labels = {key: str(spec.model._meta.verbose_name) for key, spec in REGISTRY.items()}
    hits = [
        SearchHit(
            kind=row.kind,
            kind_label=labels.get(row.kind, row.kind),
            object_id=row.object_id,
            title=highlighted(row.title),
            snippet=highlighted(row.snippet),
            url=reverse(REGISTRY[row.kind].url_name("detail"), args=[row.object_id]) if row.kind in REGISTRY else "",
            language=row.language,
            visibility=row.visibility,
            visibility_label=str(Visibility(row.visibility).label),
            illustrative=bool(row.illustrative),
            archived=bool(row.archived),
        )
        for row in rows
    ]
    return SearchResults(query=q, words=words, hits=hits, total=total, page=page, per_page=per_page, filters=filters)


# --- requests from the public form --------------------------------------------------------


def public_practice(pk: int) -> Practice:
    """A practice anyone may ask about: one an anonymous visitor may read; 404 otherwise."""
    practice = Practice.objects.visible_to(ANONYMOUS).select_related("owner").filter(pk=pk).first()
    if practice is None:
        raise Http404
    return practice


def transfer_request_for_link(link_token: str) -> TransferRequest:
    """The request a private link names, whatever its moderation; 404 for any other token.

    The link is the requester's capability, so no reader's access applies to the request:
    whoever holds it reads this one request (its status and answer), nothing else. The records
    it points at are read as the public reads them.
    """
    found = TransferRequest.objects.select_related("practice", "owner")
    request = found.filter(link_digest=TransferRequest.digest_for(link_token)).first() if link_token else None
    if request is None:
        raise Http404
    hide_hidden_foreign_keys([request], ANONYMOUS)
    return request


def moderation_queue(access: Access) -> "QuerySet[TransferRequest]":
    """Requests from the public form awaiting moderation by this reader, oldest first."""
    pending = TransferRequest.objects.visible_to(access).filter(moderation=Moderation.PENDING)
    if not access.coordinator:
        pending = pending.filter(owner_id__in=access.edits_for)
    return pending.select_related("practice", "owner").order_by("received_on", "pk")


def moderator_emails(organisation_id: int) -> list[str]:
    """Who moderates an organisation's requests: its active editors and coordinators, else every coordinator."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    writers = UserRole.objects.filter(organisation_id=organisation_id, role__in=[Role.EDITOR, Role.COORDINATOR])
    emails = list(users.filter(roles__in=writers).values_list("email", flat=True).distinct().order_by("email"))
    if emails:
        return emails
    coordinators = UserRole.objects.filter(role=Role.COORDINATOR)
    return list(users.filter(roles__in=coordinators).values_list("email", flat=True).distinct().order_by("email"))
