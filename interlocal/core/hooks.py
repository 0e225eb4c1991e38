"""Callbacks run after a record's write commits (e.g. to keep the search index current).

Apps register in their AppConfig.ready(); the core services call `record_changed`
inside their transaction, and the callbacks run only once it commits.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Model
from django.db.models.base import ModelState

AFTER_RECORD_WRITE: list[Callable[[Model], None]] = []
# A callback's version for many records of one kind written at once (a bulk import): run once, not per record.
# It is told whether the records are new: nothing written before them can quote them (a search index need not
# look for records whose text includes theirs).
BulkCallback = Callable[[type[Model], list[Model], bool], None]
BULK_VERSION: dict[Callable[[Model], None], BulkCallback] = {}


def on_record_write(callback: Callable[[Model], None], *, bulk: BulkCallback | None = None) -> Callable[[Model], None]:
    AFTER_RECORD_WRITE.append(callback)
    if bulk is not None:
        BULK_VERSION[callback] = bulk
    return callback


# While `collected()` runs, the records written, by kind and newness: their callbacks run once each when it ends.
_collected: ContextVar[dict[tuple[type[Model], bool], dict[object, Model]] | None] = ContextVar(
    "collected", default=None
)


@contextmanager
def collected() -> Iterator[None]:
    """Defer the callbacks of the writes inside the block to its end, once per kind (a bulk import):
    10,000 new records cost one bulk search-index update, not 10,000 single ones."""
    if _collected.get() is not None:  # already collecting: the outer block flushes
        yield
        return
    written: dict[tuple[type[Model], bool], dict[object, Model]] = {}
    token = _collected.set(written)
    try:
        yield
    finally:
        _collected.reset(token)
    for (model, created), instances in written.items():
        records_changed(model, instances.values(), created=created and instances.keys().isdisjoint(
            written.get((model, False), {})))  # fmt: skip


def record_changed(instance: Model, *, created: bool = False) -> None:
    written = _collected.get()
    if written is not None:
        written.setdefault((type(instance), created), {})[instance.pk] = instance
        return
    for callback in AFTER_RECORD_WRITE:
        transaction.on_commit(lambda callback=callback: callback(instance))  # type: ignore[misc]


def records_changed(model: type[Model], instances: Iterable[Model], *, created: bool = False) -> None:
    """Many records of one kind written at once (`created`: all new): each callback's bulk version runs once
    on commit."""
    collecting = _collected.get()
    if collecting is not None:  # kept as bare rows (the key is what the callbacks read): bounded memory
        for instance in instances:
            collecting.setdefault((model, created), {})[instance.pk] = model(pk=instance.pk)
        return
    written = list(instances)
    for callback in AFTER_RECORD_WRITE:
        bulk = BULK_VERSION.get(callback)
        if bulk is not None:
            transaction.on_commit(lambda bulk=bulk: bulk(model, written, created))  # type: ignore[misc]
        else:
            for instance in written:
                transaction.on_commit(lambda callback=callback, instance=instance: callback(instance))  # type: ignore[misc]


def records_created(model: type[Model], pks: Iterable[object]) -> None:
    """`records_changed` for new records known by their primary keys only (a bulk import that built no instances)."""
    collecting = _collected.get()
    if collecting is not None:
        written = collecting.setdefault((model, True), {})
        for pk in pks:
            written[pk] = _bare(model, pk)
        return
    records_changed(model, [_bare(model, pk) for pk in pks], created=True)


def _bare(model: type[Model], pk: object) -> Model:
    """A record known by its primary key, built without `Model.__init__` (which sets every field's default, a
    tenth of a bulk import's time): its other fields load from the database when read, as deferred fields do."""
    instance = model.__new__(model)
    state = ModelState()
    state.adding = False
    instance.__dict__.update({model._meta.pk.attname: pk, "_state": state})
    return instance
