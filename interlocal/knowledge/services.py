"""Keeping the search index current.

`search_index_update(record)` runs after every write of the core services (it is
registered on `core.hooks.on_record_write` in apps.py); `search_index_rebuild()`
rebuilds everything (after bulk loads, `manage.py search_index_rebuild`).
"""

import logging
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Model, QuerySet

from interlocal.core.entities import REGISTRY, EntitySpec, spec_for_model

from .models import SearchEntry
from .search import dependents, dependents_of, entries_for

BATCH = 2000
logger = logging.getLogger(__name__)


def _reindex(spec: EntitySpec, queryset: "QuerySet[Any] | None" = None) -> int:
    """Replace the entries of one kind (all, or those of the records in `queryset`)."""
    existing = SearchEntry.objects.filter(kind=spec.key)
    if queryset is not None:
        existing = existing.filter(object_id__in=queryset.values("pk"))
    existing.delete()
    count, batch = 0, []
    for entry in entries_for(spec, queryset):
        batch.append(entry)
        if len(batch) >= BATCH:
            count += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    if batch:
        count += len(SearchEntry.objects.bulk_create(batch))
    return count


def search_index_update(record: Model) -> None:
    """Re-index one record, and the records of other kinds whose text quotes it.

    Runs after the write has committed: a failure here is logged (the next rebuild
    repairs the index) rather than turned into an error for a write that succeeded.
    """
    spec = spec_for_model(type(record))
    if spec is None:
        return
    try:
        with transaction.atomic():
            _reindex(spec, spec.model._default_manager.filter(pk=record.pk))
            for other, queryset in dependents(record):
                _reindex(other, queryset)
    except DatabaseError:
        logger.exception("Search index update failed for %s %s", spec.key, record.pk)


def search_index_update_many(model: type[Model], records: list[Model], created: bool = False) -> None:
    """Re-index many records of one kind at once (a bulk import), and the records quoting them: a few queries.

    New records (`created`) are quoted by no record written before them: only they are indexed."""
    spec = spec_for_model(model)
    if spec is None or not records:
        return
    pks = [record.pk for record in records]
    try:
        with transaction.atomic():
            for start in range(0, len(pks), BATCH):  # bounded IN lists (SQLite's variable limit)
                chunk = pks[start : start + BATCH]
                _reindex(spec, spec.model._default_manager.filter(pk__in=chunk))
                for other, queryset in [] if created else dependents_of(model, chunk):
                    _reindex(other, queryset)
    except DatabaseError:
        logger.exception("Search index update failed for %s records of %s", len(pks), spec.key)


def search_index_rebuild(*, kinds: list[str] | None = None) -> int:
    """Rebuild the index of the given kinds (default: every registered kind); returns the entries written."""
    with transaction.atomic():
        if kinds is None:
            SearchEntry.objects.exclude(kind__in=list(REGISTRY)).delete()
        count = sum(_reindex(REGISTRY[key]) for key in (kinds or list(REGISTRY)))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # fresh statistics: the planner then reads the GIN index well
                cursor.execute("ANALYZE knowledge_searchentry")
            elif connection.vendor == "sqlite":  # merge the FTS5 segments written in bulk
                cursor.execute("INSERT INTO knowledge_searchfts(knowledge_searchfts) VALUES ('optimize')")
    return count
