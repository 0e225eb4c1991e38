"""Callbacks run after a record's write commits (e.g. to keep the search index current).

Apps register in their AppConfig.ready(); the core services call `record_changed`
inside their transaction, and the callbacks run only once it commits.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model

AFTER_RECORD_WRITE: list[Callable[[Model], None]] = []


def on_record_write(callback: Callable[[Model], None]) -> Callable[[Model], None]:
    AFTER_RECORD_WRITE.append(callback)
    return callback


def record_changed(instance: Model) -> None:
    for callback in AFTER_RECORD_WRITE:
        transaction.on_commit(lambda callback=callback: callback(instance))  # type: ignore[misc]
