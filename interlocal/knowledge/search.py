"""The full-text index: what each kind of record contributes, and the two engines behind one query.

Each record of every registered kind (`core.entities.REGISTRY`) has one `SearchEntry`:
a title (its first search field), a body (its other search fields) and the
fields the permission filter needs. Database triggers (migration 0002) copy it
into the engine's structure:

- SQLite: an external-content FTS5 table, tokenizer unicode61 with
  remove_diacritics 2, ranked with bm25 (title weighs 10, body 1), snippets by
  `snippet()`;
- PostgreSQL: a tsvector column (title weight A, body B) with a GIN index, built
  from the text lower-cased, unaccented and cut at every non-alphanumeric
  character (the same tokens as unicode61), ranked with `ts_rank`, snippets by
  `ts_headline` with an unaccenting configuration.

Queries are cut into the same words on both engines, accents removed; every word
must occur, words of three letters or more also match as prefixes.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from interlocal.core.entities import REGISTRY, EntitySpec
from interlocal.core.visibility import is_record_model

from .models import SearchEntry

MAX_WORDS = 8
PREFIX_MIN = 3
MARK_START, MARK_END = "\x02", "\x03"  # snippet delimiters, turned into <mark> after escaping
TITLE_LENGTH = SearchEntry._meta.get_field("title").max_length or 500

# What a kind indexes when its search fields are not the whole story: key -> (title, body fields).
DOCUMENTS: dict[str, tuple[str, list[str]]] = {
    "practices": (
        "title",
        [
            "summary",
            "problem",
            "solution",
            "results",
            "transferability",
            "lessons",
            "what_failed",
            "partners__name",
            "places__name",
            "themes__name",
            "citation",
        ],
    ),
}
RECORD_COLUMNS = ["pk", "owner_id", "visibility", "language", "archived_at", "illustrative"]


def fold(text: str) -> str:
    """Lower-case and strip accents character by character (positions stay the same)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if ord(char) > 127 else char
        lowered = base.lower()
        out.append(lowered if len(lowered) == 1 else base)
    return "".join(out)


def query_words(q: str) -> list[str]:
    """The words of a query, folded, without duplicates, at most MAX_WORDS."""
    words = re.findall(r"[^\W_]+", fold(q or ""))
    return list(dict.fromkeys(words))[:MAX_WORDS]


def document_fields(spec: EntitySpec) -> tuple[str, list[str]]:
    if spec.key in DOCUMENTS:
        return DOCUMENTS[spec.key]
    fields = spec.search_fields or ["pk"]
    return fields[0], fields[1:]


GUARD_COLUMNS = ["visibility", "owner_id", "archived_at"]


def guards(model: type[Model], path: str) -> list[str]:
    """The relations to records along `path` ("project__lead__name" -> ["project__", "project__lead__"])."""
    prefixes, prefix, current = [], "", model
    for part in path.split("__")[:-1]:
        field = current._meta.get_field(part)
        prefix, current = f"{prefix}{part}__", cast(type[Model], field.related_model)
        if is_record_model(current):
            prefixes.append(prefix)
    return prefixes


def readable_with(document: tuple[str, Any], related: tuple[Any, Any, Any]) -> bool:
    """Whether everyone who may read a document of (visibility, owner) may read a related record too.

    A document takes a related record's text (a partner's name) only then, so that neither a hit
    nor a snippet shows the name of a record its reader may not see.
    """
    visibility, owner_id = document
    related_visibility, related_owner, archived_at = related
    if archived_at is not None:
        return False
    if related_visibility == "public":
        return True
    if related_visibility == "internal":
        return visibility != "public"
    return visibility == "draft" and related_owner == owner_id


def entries_for(
    spec: EntitySpec, queryset: "QuerySet[Any] | None" = None, *, chunk: int = 2000
) -> Iterator[SearchEntry]:
    """Unsaved index entries for the records of one kind (all of them, or those of `queryset`)."""
    title_field, body_fields = document_fields(spec)
    queryset = spec.model._default_manager.all() if queryset is None else queryset
    names = list(dict.fromkeys([title_field, *body_fields]))
    guarded = {name: guards(spec.model, name) for name in names}
    guard_columns = list(
        dict.fromkeys(f"{p}{c}" for prefixes in guarded.values() for p in prefixes for c in GUARD_COLUMNS)
    )
    columns = [*RECORD_COLUMNS, *names, *guard_columns]
    rows = queryset.order_by("pk").values_list(*columns).iterator(chunk_size=chunk)
    current: list[Any] | None = None
    texts: dict[str, list[str]] = {}
    for row in rows:
        if current is None or row[0] != current[0]:
            if current is not None:
                yield _entry(spec, current, texts, title_field, body_fields)
            current, texts = list(row[: len(RECORD_COLUMNS)]), {name: [] for name in names}
        values = dict(zip(columns, row, strict=True))
        document = (values["visibility"], values["owner_id"])
        for name in names:
            value = values[name]
            related = [tuple(values[f"{p}{c}"] for c in GUARD_COLUMNS) for p in guarded[name]]
            if value in (None, "") or str(value) in texts[name]:
                continue
            if all(readable_with(document, r) for r in related):
                texts[name].append(str(value))
    if current is not None:
        yield _entry(spec, current, texts, title_field, body_fields)


def _entry(
    spec: EntitySpec, record: list[Any], texts: dict[str, list[str]], title_field: str, body_fields: list[str]
) -> SearchEntry:
    pk, owner_id, visibility, language, archived_at, illustrative = record
    title = " · ".join(texts[title_field]) or f"{spec.model._meta.verbose_name} {pk}"
    body = "\n".join(text for name in body_fields if name != title_field for text in texts[name])
    return SearchEntry(
        kind=spec.key,
        object_id=pk,
        title=title[:TITLE_LENGTH],
        body=body,
        language=language,
        visibility=visibility,
        owner_id=owner_id,
        archived_at=archived_at,
        illustrative=illustrative,
    )


def dependents(record: Model) -> "Iterable[tuple[EntitySpec, QuerySet[Any]]]":
    """Records of other kinds whose index text includes this record's fields (e.g. a network's name)."""
    model = type(record)
    for spec in REGISTRY.values():
        title_field, body_fields = document_fields(spec)
        lookups: set[str] = set()
        for path in [title_field, *body_fields]:
            parts = path.split("__")
            current: Any = spec.model
            for depth, part in enumerate(parts[:-1], start=1):
                field = current._meta.get_field(part)
                current = field.related_model
                if current is model:
                    lookups.add("__".join(parts[:depth]))
        if lookups:
            condition = Q()
            for lookup in sorted(lookups):
                condition |= Q(**{lookup: record})
            yield spec, spec.model._default_manager.filter(condition).distinct()


# --- the engines ---------------------------------------------------------------------------


@dataclass
class RawHit:
    entry_id: int
    kind: str
    object_id: int
    title: str
    snippet: str
    language: str
    visibility: str
    illustrative: bool
    archived: bool


def highlighted(text: str) -> SafeString:
    """Engine output with MARK delimiters as safe HTML with <mark>."""
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def engine_query(
    *, words: list[str], where: tuple[str, list[Any]], limit: int, offset: int
) -> tuple[int, list[RawHit]]:
    """Count and one page of matching entries, best first, for the words and the SQL filter."""
    if connection.vendor == "postgresql":
        return _postgresql(words, where, limit, offset)
    return _sqlite(words, where, limit, offset)


def _sqlite(words: list[str], where: tuple[str, list[Any]], limit: int, offset: int) -> tuple[int, list[RawHit]]:
    match = " AND ".join(f'"{w}"*' if len(w) >= PREFIX_MIN else f'"{w}"' for w in words)
    condition, params = where
    base = (
        "FROM knowledge_searchfts JOIN knowledge_searchentry ON knowledge_searchentry.id = knowledge_searchfts.rowid "
        f"WHERE knowledge_searchfts MATCH %s AND ({condition})"
    )
    select = (
        "SELECT knowledge_searchentry.id, kind, object_id, "
        f"highlight(knowledge_searchfts, 0, '{MARK_START}', '{MARK_END}'), "
        f"snippet(knowledge_searchfts, 1, '{MARK_START}', '{MARK_END}', '…', 24), "
        "knowledge_searchentry.language, knowledge_searchentry.visibility, illustrative, archived_at IS NOT NULL "
        + base
        + " ORDER BY bm25(knowledge_searchfts, 10.0, 1.0), knowledge_searchentry.title, knowledge_searchentry.id"
        " LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:  # FTS5's auxiliary functions refuse window functions: two queries
        cursor.execute("SELECT count(*) " + base, [match, *params])
        total = cursor.fetchone()[0]
        rows = []
        if total > offset:
            cursor.execute(select, [match, *params, limit, offset])
            rows = cursor.fetchall()
    return total, [RawHit(*row) for row in rows]


def _postgresql(words: list[str], where: tuple[str, list[Any]], limit: int, offset: int) -> tuple[int, list[RawHit]]:
    tsquery = " & ".join(f"{w}:*" if len(w) >= PREFIX_MIN else w for w in words)
    condition, params = where
    base = f"FROM knowledge_searchentry WHERE search_vector @@ to_tsquery('simple', %s) AND ({condition})"
    options = (
        f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "'
    )
    # Only constants and Django's compiled filter (its values passed as parameters) go into the SQL text.
    select = (
        "SELECT id, kind, object_id, "  # noqa: S608
        f"ts_headline('knowledge_fold', title, q, 'HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}'), "
        "CASE WHEN body = '' THEN '' ELSE ts_headline('knowledge_fold', body, q, %s) END, "
        "language, visibility, illustrative, archived_at IS NOT NULL, total FROM ("
        "SELECT id, kind, object_id, title, body, language, visibility, illustrative, archived_at, "
        "ts_rank(search_vector, to_tsquery('simple', %s)) AS rank, count(*) OVER () AS total " + base + " "
        "ORDER BY rank DESC, title, id LIMIT %s OFFSET %s) AS page, "
        "CAST(to_tsquery('knowledge_fold', %s) AS tsquery) AS q ORDER BY rank DESC, title, id"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [options, tsquery, tsquery, *params, limit, offset, tsquery])
        rows = cursor.fetchall()
        if rows:
            total = rows[0][-1]
        else:  # nothing, or a page past the end: count for the pager
            cursor.execute("SELECT count(*) " + base, [tsquery, *params])
            total = cursor.fetchone()[0]
    return total, [RawHit(*row[:-1]) for row in rows]
