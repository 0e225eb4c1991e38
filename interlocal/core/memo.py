"""Whole-registry figures computed once for each kind of reader, and read again until their data changes.

A page that aggregates the whole registry (the comparison counts every agreement and membership of every
profile's territory) costs the same on every request while nothing under it changes. `memoised` keeps what it
computed in the cache, under a key made of:

- what was computed, and with which arguments;
- the reader's class: signed in or not, coordinator or not, and the organisations they belong to and edit
  (everything the visibility rule reads), so no reader is given what another may read;
- the language, since the figures carry translated labels;
- the version of every kind the figures are made of (`data_version`), asked of the database in one query.

A version is, for each kind, its newest row (id and `updated_at`) and its newest history row (id and date).
Every write moves one of them: a new record is the newest row, an edit, an archiving or a deletion through the
services adds a history row, a bulk load adds rows. So the figures are never stale, and never computed twice for
the same data. A test's rollback may give the same ids again, never the same times. A reference table the product
loads and never edits (`loaded_reference`: themes, SDG targets, world regions) has no history: its version is its
rows' count and newest key.

What is remembered is kept in each process's memory as it was computed, not copied into a cache: the findings
of a large registry are tens of thousands of records, and copying them in and out of Django's cache (which pickles)
took as long as computing them again. So a remembered value is shared by every later reader of its class in the
process, and whoever reads one must not change it (copy what you would change: `dataclasses.replace`). The store
keeps one value for each computation, class of reader and language, that of the latest version read (a write
frees what was computed before it), for the `MAX_ENTRIES` most recently read at most and `TIMEOUT_SECONDS` each
(the record pages on a shelf of their own, `SHELF_SIZES`).
The version is asked on every read, so several web processes agree without telling each other anything.

A figure that is a drawn page costing seconds (the portal's indicator board: 15 s on SQLite at ten million values)
is also `shared`: kept in Django's "figures" cache (files every process of the machine reads), under its place and
version. A process that does not hold it reads it there before computing it, so it is computed once for all the
web server's workers, not once in each, and a task may compute it ahead of them (`portal.tasks`). Only text is
shared: reading back tens of thousands of records would cost what computing them does.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Model
from django.utils.translation import get_language

from .access import Access
from .visibility import is_record_model

T = TypeVar("T")

# An hour is enough to drop figures no one asks for; a change of data replaces them at the next read anyway.
TIMEOUT_SECONDS = 3600
MAX_ENTRIES = 500

# What is remembered of each record's page (its sections), and each list's count for the filters asked, is kept on a
# shelf of its own: a hundred thousand record pages or searches, cheap to compute again, must not push out the
# whole-registry figures that cost seconds.
FIGURES = "figures"
RECORD_PAGES = "record pages"
LIST_COUNTS = "list counts"  # each list's count for each set of filters and search asked
SHELF_SIZES = {FIGURES: MAX_ENTRIES, RECORD_PAGES: 300, LIST_COUNTS: 300}

# shelf: place: (version of the data, when computed, value), least recently read first
_shelves: dict[str, OrderedDict[str, tuple[str, float, Any]]] = {shelf: OrderedDict() for shelf in SHELF_SIZES}
_lock = threading.Lock()  # the development server answers each request in a thread


def _newest(model: type[Model], pk: str, *fields: str) -> list[tuple[str, tuple[Any, ...]]]:
    """Scalar subqueries reading the newest row's `fields` by its primary key, one per field."""
    newest = model._base_manager.order_by(f"-{pk}")
    return [newest.values(field)[:1].query.sql_with_params() for field in fields]


@functools.lru_cache(maxsize=256)
def _version_query(models: tuple[type[Model], ...], vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The query `data_version` asks for `models`: built once per process, as it never changes (building it took
    more than running it)."""
    parts: list[tuple[str, tuple[Any, ...]]] = []
    for model in models:
        if getattr(model, "loaded_reference", False):
            # A reference table (themes, SDG targets, world regions) has no history: the product loads its rows with
            # a release, whose restart empties every process's memory, and never edits them. Its rows' count and
            # newest key still tell a row added meanwhile.
            table = connection.ops.quote_name(model._meta.db_table)
            parts += [(f"SELECT COUNT(*) FROM {table}", ())]  # noqa: S608 - the model's own table, quoted
            parts += _newest(model, "pk", "pk")
            continue
        parts += _newest(model, "pk", "pk", "updated_at")
        history = model.history.model  # type: ignore[attr-defined]  # django-simple-history's table
        parts += _newest(history, "history_id", "history_id", "history_date")
    sql = "SELECT " + ", ".join(f"({part})" for part, _params in parts)
    return sql, tuple(param for _part, part_params in parts for param in part_params)


def data_version(models: Iterable[type[Model]]) -> str:
    """A token that changes whenever a row of `models` is added, changed or deleted (see the module)."""
    sql, params = _version_query(tuple(sorted(set(models), key=lambda model: model._meta.label)), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def versioned(model: type[Model]) -> bool:
    """Whether `data_version` tells every change of this kind: a record (its history), or a reference table."""
    return is_record_model(model) or bool(getattr(model, "loaded_reference", False))


def kinds_along(model: type[Model], path: str) -> set[type[Model]]:
    """`model` and the kinds a lookup path (`partners__name`) passes through: what a filter or a search on it reads.
    It stops at the first part that is not a relation (a field, or a lookup such as `icontains`)."""
    kinds = {model}
    current: Any = model
    for part in path.split("__"):
        try:
            related = current._meta.get_field(part).related_model
        except FieldDoesNotExist:
            break
        if related is None:
            break
        kinds.add(related)
        current = related
    return kinds


def reader_class(access: Access) -> str:
    """What the visibility rule reads of a reader, as text."""
    return "{}:{}:{}:{}".format(
        int(access.authenticated),
        int(access.coordinator),
        ",".join(map(str, sorted(access.member_of))),
        ",".join(map(str, sorted(access.edits_for))),
    )


def memoised(
    name: str,
    access: Access,
    models: Iterable[type[Model]],
    compute: Callable[[], T],
    *arguments: Any,
    shelf: str = FIGURES,
    shared: bool = False,
) -> T:
    """What `compute()` returns for this reader, computed again only when a row of `models` has changed.

    `models` must name every kind `compute` reads; `arguments`, whatever else its result depends on. The value
    returned is shared with the reader's class (see the module): read it, do not change it. `shelf` is where it
    is kept (`SHELF_SIZES`). A `shared` value (text) is also kept for every process (see the module).
    """
    # One place per computation, reader class and language, holding the value of one version of the data: a write
    # replaces what the place held at the next read, so figures of older data are never kept beside the new.
    place = hashlib.sha256(repr((name, arguments, reader_class(access), get_language())).encode()).hexdigest()
    version = data_version(models)
    now = time.monotonic()
    store = _shelves[shelf]
    with _lock:
        found = store.get(place)
        if found is not None and found[0] == version and now - found[1] < TIMEOUT_SECONDS:
            store.move_to_end(place)
            return found[2]  # type: ignore[no-any-return]
    if shared:
        key = f"memo:{place}:{version}"
        value = cast(T, caches["figures"].get(key))
        if value is None:
            value = compute()
            caches["figures"].set(key, value)
    else:
        value = compute()  # outside the lock: two threads may both compute it once, never wait on each other
    with _lock:
        store[place] = (version, now, value)
        store.move_to_end(place)
        while len(store) > SHELF_SIZES[shelf]:
            store.popitem(last=False)
    return value


def forget() -> None:
    """Drop every remembered figure (a test counting what a page computes, not what it remembered)."""
    with _lock:
        for store in _shelves.values():
            store.clear()
    caches["figures"].clear()
