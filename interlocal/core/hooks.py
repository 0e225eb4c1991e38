"""Callbacks run after a record's write commits (e.g. to keep the search index current).

Apps register in their AppConfig.ready(); the core services call `record_changed`
inside their transaction, and the callbacks run only once it commits.
"""

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Model

AFTER_RECORD_WRITE: list[Callable[[Model], None]] = []
# A callback's version for many records of one kind written at once (a bulk import): run once, not per record.
BULK_VERSION: dict[Callable[[Model], None], Callable[[type[Model], list[Model]], None]] = {}


def on_record_write(
    callback: Callable[[Model], None], *, bulk: Callable[[type[Model], list[Model]], None] | None = None
) -> Callable[[Model], None]:
    AFTER_RECORD_WRITE.append(callback)
    if bulk is not None:
        BULK_VERSION[callback] = bulk
    return callback


def record_changed(instance: Model) -> None:
    for callback in AFTER_RECORD_WRITE:
        transaction.on_commit(lambda callback=callback: callback(instance))  # type: ignore[misc]


def records_changed(model: type[Model], instances: Iterable[Model]) -> None:
    """Many records of one kind written at once: each callback's bulk version runs once on commit."""
    written = list(instances)
    for callback in AFTER_RECORD_WRITE:
        bulk = BULK_VERSION.get(callback)
        if bulk is not None:
            transaction.on_commit(lambda bulk=bulk: bulk(model, written))  # type: ignore[misc]
        else:
            for instance in written:
                transaction.on_commit(lambda callback=callback, instance=instance: callback(instance))  # type: ignore[misc]
