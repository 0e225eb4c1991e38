"""The full-text index: what each kind of record contributes, and the two engines behind one query.

Each record of every registered kind (`core.entities.REGISTRY`) has one `SearchEntry`:
a title (its first search field), a body (its other search fields), the same two
texts as index terms (`terms.index_terms`: every word folded and stemmed in the
record's language, English, Catalan or Spanish) and the fields the permission
filter needs. The terms are computed in Python when the entries are built
(`entries_for`, in bulk), because SQLite has no Catalan or Spanish stemmer and
PostgreSQL none for Catalan; database triggers (migrations 0002, 0003) copy them
into the engine's structure, which adds no language logic of its own:

- SQLite: an external-content FTS5 table over the two term columns, ranked with
  bm25 (title weighs 10, body 1);
- PostgreSQL: a tsvector column built with the `simple` configuration (title
  weight A, body B) with a GIN index, ranked with `ts_rank` (A 1.0, B 0.1).

A query word matches a record if any of its alternatives does (`terms.query_terms`:
its folded form, also as a prefix; its stems in the three languages; the other
languages' words for a theme of the platform, from an embedded translation
table); every word of the query must match. So "movilidad", "mobilitat" and
"mobility" find the same records, whatever language each is written in.

The rank is multiplied by the weight of the record's kind (`KIND_WEIGHTS`):
practices and projects come before the records that only quote a project's title
(a funding line), and before registry records that merely mention a topic word.
Titles and snippets are highlighted in Python with the same terms, so both
engines show the same marks on the text as written.
"""

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from interlocal.core.entities import REGISTRY, EntitySpec
from interlocal.core.visibility import is_record_model

from .models import Moderation, SearchEntry
from .terms import WORD, QueryWord, index_terms, query_terms, word_forms

MAX_WORDS = 8
SNIPPET_WORDS = 24
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
RANK_WEIGHTS = "0.1, 0.2, 0.1, 1.0"  # PostgreSQL's D, C, B, A: the body (B) weighs a tenth of the title (A)
# How much a kind's rank counts (others 1.0): the records a topic word is looked up for first; a
# funding line only repeats its project's title and funder, so it comes after the project and after a
# practice that has the word in its body only (a body match ranks about a tenth of a title match).
KIND_WEIGHTS: dict[str, float] = {"practices": 4.0, "projects": 4.0, "fundings": 0.02}
# Kinds whose records are indexed only once they match a filter: the index's permission columns
# know visibility and owner, not that a request from the public form is read by its moderators only.
INDEXED: dict[str, Q] = {"transfer-requests": Q(moderation=Moderation.ACCEPTED)}
RECORD_COLUMNS = ["pk", "owner_id", "visibility", "language", "archived_at", "illustrative"]


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
) -> Iterator[dict[str, Any]]:
    """The index entries of the records of one kind (all of them, or those of `queryset`), as rows for
    `core.bulk.insert_rows` (a `SearchEntry`'s column values: no model instance per record)."""
    title_field, body_fields = document_fields(spec)
    queryset = spec.model._default_manager.all() if queryset is None else queryset
    if spec.key in INDEXED:
        queryset = queryset.filter(INDEXED[spec.key])
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
) -> dict[str, Any]:
    pk, owner_id, visibility, language, archived_at, illustrative = record
    title = " · ".join(texts[title_field]) or f"{spec.model._meta.verbose_name} {pk}"
    body = "\n".join(text for name in body_fields if name != title_field for text in texts[name])
    title = title[:TITLE_LENGTH]
    return {
        "kind": spec.key,
        "object_id": pk,
        "title": title,
        "body": body,
        "title_terms": index_terms(title, language),
        "body_terms": index_terms(body, language),
        "language": language,
        "visibility": visibility,
        "owner_id": owner_id,
        "archived_at": archived_at,
        "illustrative": illustrative,
    }


def dependents(record: Model) -> "Iterable[tuple[EntitySpec, QuerySet[Any]]]":
    """Records of other kinds whose index text includes this record's fields (e.g. a network's name)."""
    return dependents_of(type(record), [record.pk])


def dependents_of(model: type[Model], pks: list[Any]) -> "Iterable[tuple[EntitySpec, QuerySet[Any]]]":
    """Records of other kinds whose index text includes fields of the `model` records `pks`."""
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
                condition |= Q(**{f"{lookup}__in": pks})
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


def query_words(q: str) -> list[QueryWord]:
    """The words of a query with what each matches, at most MAX_WORDS."""
    return query_terms(q, MAX_WORDS)


def marked(text: str, language: str, query: list[QueryWord], *, window: int = 0) -> str:
    """The text with MARK delimiters around the words that match the query.

    With a `window`, only the run of that many words holding the most matches
    (the first such run), with "…" where the text goes on: a snippet.
    """
    spans = [match.span() for match in WORD.finditer(text)]
    known: dict[str, bool] = {}  # words repeat: each distinct one is looked at once
    hits = []
    for a, b in spans:
        token = text[a:b].lower()
        if token not in known:
            forms = word_forms(token, language)
            known[token] = any(word.matches(forms) for word in query)
        hits.append(known[token])
    first, last = 0, len(spans)
    if window and len(spans) > window:
        positions = [n for n, hit in enumerate(hits) if hit]
        lead = window // 6  # a few words of context before the first match
        starts = [min(max(0, n - lead), len(spans) - window) for n in positions] or [0]
        first = max(starts, key=lambda start: bisect_left(positions, start + window) - bisect_left(positions, start))
        last = first + window
    begin = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) else spans[last - 1][1]
    out, position = ["…" if begin else ""], begin
    for (a, b), hit in zip(spans[first:last], hits[first:last], strict=True):
        if hit:
            out += [text[position:a], MARK_START, text[a:b], MARK_END]
            position = b
    out += [text[position:end], "…" if end < len(text) else ""]
    return "".join(out).strip()


def highlighted(text: str) -> SafeString:
    """Engine output with MARK delimiters as safe HTML with <mark>."""
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def kind_weight_sql() -> tuple[str, list[Any]]:
    """A CASE expression giving each entry the weight of its kind, with its parameters."""
    cases = [part for kind, weight in KIND_WEIGHTS.items() for part in (kind, weight)]
    return "(CASE kind " + "WHEN %s THEN CAST(%s AS REAL) " * len(KIND_WEIGHTS) + "ELSE 1.0 END)", cases


def engine_query(
    *, words: list[QueryWord], where: tuple[str, list[Any]], limit: int, offset: int
) -> tuple[int, list[RawHit]]:
    """Count and one page of matching entries, best first, for the words and the SQL filter."""
    if connection.vendor == "postgresql":
        total, rows = _postgresql(words, where, limit, offset)
    else:
        total, rows = _sqlite(words, where, limit, offset)
    return total, [
        RawHit(
            entry_id=entry_id,
            kind=kind,
            object_id=object_id,
            title=marked(title, language, words),
            snippet=marked(body, language, words, window=SNIPPET_WORDS),
            language=language,
            visibility=visibility,
            illustrative=bool(illustrative),
            archived=bool(archived),
        )
        for entry_id, kind, object_id, title, body, language, visibility, illustrative, archived in rows
    ]


def alternatives(word: QueryWord) -> list[str]:
    """The whole terms a query word matches besides its prefix (those the prefix covers left out)."""
    return sorted(t for t in word.exact if not (word.prefix and t.startswith(word.prefix)))


COLUMNS = "id, kind, object_id, title, body, language, visibility, illustrative, archived_at IS NOT NULL"


def _sqlite(words: list[QueryWord], where: tuple[str, list[Any]], limit: int, offset: int) -> tuple[int, list[Any]]:
    match = " AND ".join(
        "(" + " OR ".join([*([f'"{w.prefix}"*'] if w.prefix else []), *(f'"{t}"' for t in alternatives(w))]) + ")"
        for w in words
    )
    condition, params = where
    weight, weights = kind_weight_sql()
    base = (
        "FROM knowledge_searchfts JOIN knowledge_searchentry ON knowledge_searchentry.id = knowledge_searchfts.rowid "
        f"WHERE knowledge_searchfts MATCH %s AND ({condition})"
    )
    select = (
        f"SELECT knowledge_searchentry.{COLUMNS} {base} "
        f"ORDER BY bm25(knowledge_searchfts, 10.0, 1.0) * {weight}, knowledge_searchentry.title, knowledge_searchentry.id"
        " LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:  # FTS5's auxiliary functions refuse window functions: two queries
        cursor.execute("SELECT count(*) " + base, [match, *params])
        total = cursor.fetchone()[0]
        rows = []
        if total > offset:
            cursor.execute(select, [match, *params, *weights, limit, offset])
            rows = cursor.fetchall()
    return total, rows


def _postgresql(words: list[QueryWord], where: tuple[str, list[Any]], limit: int, offset: int) -> tuple[int, list[Any]]:
    tsquery = " & ".join(
        "(" + " | ".join([*([f"{w.prefix}:*"] if w.prefix else []), *alternatives(w)]) + ")" for w in words
    )
    condition, params = where
    weight, weights = kind_weight_sql()
    base = f"FROM knowledge_searchentry WHERE search_vector @@ to_tsquery('simple', %s) AND ({condition})"
    # Only constants and Django's compiled filter (its values passed as parameters) go into the SQL text.
    select = (
        f"SELECT {COLUMNS}, "  # noqa: S608
        f"ts_rank('{{{RANK_WEIGHTS}}}', search_vector, to_tsquery('simple', %s)) * {weight} AS rank, "
        "count(*) OVER () AS total " + base + " ORDER BY rank DESC, title, id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [tsquery, *weights, tsquery, *params, limit, offset])
        rows = cursor.fetchall()
        if rows:
            total = rows[0][-1]
        elif offset == 0:
            total = 0
        else:  # a page past the end: count for the pager
            cursor.execute("SELECT count(*) " + base, [tsquery, *params])
            total = cursor.fetchone()[0]
    return total, [row[:-2] for row in rows]
