"""The one read path for what a person may see: a record's visibility rule, applied by its queryset.

`Record.visible_q(access)` states the rule as a filter (with a prefix, across a relation);
`Record.objects.visible_to(access)` applies it and also hides, in every record it returns, the
related records the reader may not see: a foreign key to a hidden record reads as `HIDDEN`
("a non-public record": no name, no id, no link), and a many-to-many or reverse set leaves
the hidden ones out. Pages, the API, exports, the portal and
the reports read through it, so that no view, template or serializer decides visibility by hand.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Case, CharField, ExpressionWrapper, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.lookups import In
from django.db.models.query import ModelIterable
from django.utils.translation import gettext

from .access import Access

if TYPE_CHECKING:
    from .models import Record

CHUNK = 2000  # ids per IN (…) list, well under SQLite's limit of bound variables


class HiddenRecord:
    """Stands in for a related record the reader may not see: no name, no id, no link.

    Every attribute reads as None, so a template or a serializer that follows the relation
    finds nothing to show; `str()` says that something non-public is there.
    """

    pk = None
    id = None

    def __str__(self) -> str:
        return gettext("a non-public record")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def get_absolute_url(self) -> str:
        return ""

    def is_visible_to(self, access: Access) -> bool:
        return False


HIDDEN = HiddenRecord()


def is_record_model(model: Any) -> bool:
    return isinstance(model, type) and hasattr(model, "visible_q") and hasattr(model, "is_visible_to")


def rule_q(access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
    """The visibility rule every record shares, on fields reached through `prefix`."""
    if access.coordinator:
        condition = Q()
    elif access.can_read_internal:
        condition = Q(**{f"{prefix}visibility__in": ["public", "internal"]}) | Q(
            **{f"{prefix}owner_id__in": access.member_of}
        )
    else:
        condition = Q(**{f"{prefix}visibility": "public"})
    if not (include_archived and access.authenticated):
        condition &= Q(**{f"{prefix}archived_at__isnull": True})
    return condition


def among(field: str, queryset: "models.QuerySet[Any]") -> Q:
    """`field` (a foreign key) is one of the records of `queryset`: a test on each row, never where a plan starts.

    As a join or a plain `IN`, SQLite may start from the related table and read every row of the big one through
    that key's index, then sort them all: a list of ten million observations took seconds to show its first 25
    this way, when reading its ordering index from the top and testing each row stops after 25. `field + 0` has
    no index, so both databases test it row by row on the plan the rest of the query chooses.
    """
    column = ExpressionWrapper(F(field) + 0, output_field=IntegerField())
    return Q(In(column, queryset.order_by().values("pk")))


def rule_allows(access: Access, record: "Record", *, include_archived: bool = True) -> bool:
    """The same rule as `rule_q`, on a record already loaded."""
    if record.archived_at is not None and not (include_archived and access.authenticated):
        return False
    if access.coordinator or record.visibility == "public":
        return True
    if record.visibility == "internal":
        return access.can_read_internal
    return record.owner_id in access.member_of


_M = TypeVar("_M", bound=models.Model)


class RecordQuerySet(models.QuerySet[_M]):
    """Records, with `visible_to(access)`: the only filter of what a reader may see."""

    _reader: Access | None = None
    _many_sets = True  # whether every many-to-many set to records is prefetched, filtered for the reader
    _many_lists = False  # whether prefetched many-to-many sets are plain lists (`many_list`), not managers' caches
    _related_keys = False  # whether related records are read as their keys alone (`related_as_keys`)

    def visible_to(self, access: Access, *, include_archived: bool = False) -> Self:
        """The records `access` may read, their hidden related records hidden too."""
        queryset = self.filter(record_model(self.model).visible_q(access, include_archived=include_archived))
        queryset._reader = access
        return queryset

    def without_many_sets(self) -> Self:
        """The same records, their foreign keys still hidden, but no many-to-many set prefetched: for a read of
        thousands of records that never reaches their sets (a finding rule). Reaching one would read it whole,
        unfiltered: prefetch it explicitly instead."""
        clone = self._chain()  # type: ignore[attr-defined]
        clone._many_sets = False
        return clone  # type: ignore[no-any-return]

    def many_sets_as_lists(self) -> Self:
        """The same records, each prefetched many-to-many set kept as a plain list of its records' keys alone, read
        with `many_list(record, name)`: for the API's list of a hundred records, which gives a set as its keys, and
        whose sets kept in Django's managers, every column read, cost more than the queries that read them."""
        clone = self._chain()  # type: ignore[attr-defined]
        clone._many_lists = True
        return clone  # type: ignore[no-any-return]

    def related_as_keys(self) -> Self:
        """The same records, their foreign keys read as keys alone: no related record is joined, and those the
        reader may not see are found by their keys (a query per foreign key) and hidden (`HIDDEN`). The others'
        keys are read with `related_key`. For the API's list, which gives a related record as its key: the page
        of 100 agreements built 300 related records to read their visibility (a fifth of its time)."""
        clone = self.select_related(None)
        clone._related_keys = True
        return clone

    def unfiltered(self) -> Self:
        """These records' reads (their joins, prefetches and reader, whose hidden relations stay hidden) without
        their filters or order: to read again by id rows this queryset itself gave (`paging.rows_by_ids`), where the
        filters add nothing and may lead the planner away from the ids."""
        clone = type(self)(model=self.model, using=self.db)
        clone.query.select_related = self.query.select_related
        clone.query.deferred_loading = self.query.deferred_loading
        clone._prefetch_related_lookups = self._prefetch_related_lookups
        return self._carry_reads(clone)

    def _carry_reads(self, clone: Self) -> Self:
        """What this queryset adds to Django's: the reader and how it reads many-to-many sets."""
        clone._reader = self._reader
        clone._many_sets = self._many_sets
        clone._many_lists = self._many_lists
        clone._related_keys = self._related_keys
        return clone

    # Django's private hooks (not in its type stubs): the reader must survive every clone.
    def _clone(self) -> Self:
        return self._carry_reads(super()._clone())  # type: ignore[misc]

    def _hides_relations(self) -> bool:
        reader = self._reader
        return reader is not None and not reader.coordinator and issubclass(self._iterable_class, ModelIterable)

    def _fetch_all(self) -> None:
        if self._result_cache is not None:
            return
        lookups: Sequence[Any] = self._prefetch_related_lookups  # type: ignore[has-type]
        hides = self._hides_relations()
        if hides:
            assert self._reader is not None
            lookups = visible_prefetches(self.model, lookups, self._reader, self._many_sets)
        if self._many_lists:
            lookups = _as_lists(self.model, lookups)
        self._prefetch_related_lookups = tuple(lookups)
        super()._fetch_all()
        if hides:
            assert self._reader is not None
            hide_hidden_foreign_keys(self._result_cache or [], self._reader, keys_only=self._related_keys)
        elif self._related_keys and self._reader is not None and issubclass(self._iterable_class, ModelIterable):
            read: list[Any] = self._result_cache or []
            for record in read:  # a coordinator's: no related record is hidden from them
                record.__dict__[KEYS_CHECKED] = True

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        if not self._hides_relations():
            yield from super().iterator(chunk_size)
            return
        assert self._reader is not None
        size = chunk_size or CHUNK
        clone = self._chain()  # type: ignore[attr-defined]
        clone._prefetch_related_lookups = visible_prefetches(
            self.model, clone._prefetch_related_lookups, self._reader, self._many_sets
        )
        chunk: list[Any] = []
        for record in super(RecordQuerySet, clone).iterator(size):
            chunk.append(record)
            if len(chunk) == size:
                hide_hidden_foreign_keys(chunk, self._reader)
                yield from chunk
                chunk = []
        hide_hidden_foreign_keys(chunk, self._reader)
        yield from chunk


def _visible_related(model: Any, access: Access) -> "models.QuerySet[Any]":
    # A plain filter (no reader attached): related records are hidden one level deep.
    return records(model).filter(record_model(model).visible_q(access, include_archived=True))


def _many_relation(model: type[models.Model], name: str) -> Any:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # not a field: a lookup Django will explain itself
        return None
    if (field.many_to_many or field.one_to_many) and is_record_model(field.related_model):
        return field
    return None


def visible_prefetches(
    model: type[models.Model], lookups: Sequence[Any], access: Access, many_sets: bool = True
) -> tuple[Any, ...]:
    """Prefetch lookups where every many-to-many or reverse set of records is filtered for `access`.

    Every forward many-to-many to records is prefetched (unless `many_sets` is off), so that
    `record.partners.all()` in a template reads the filtered set instead of querying the whole one.
    """
    filtered: dict[str, Prefetch[Any]] = {}
    for field in model._meta.many_to_many if many_sets else []:
        if is_record_model(field.related_model):
            filtered[field.name] = Prefetch(field.name, queryset=_visible_related(field.related_model, access))
    rest: list[Any] = []
    for lookup in lookups:
        name = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        relation = _many_relation(model, name) if "__" not in name else None
        if relation is None:
            if name not in filtered:
                rest.append(lookup)
        elif isinstance(lookup, Prefetch):  # the caller's own queryset (its order, its joins), filtered too
            related = relation.related_model
            queryset = lookup.queryset if lookup.queryset is not None else related._default_manager.all()
            rule = related.visible_q(access, include_archived=True)
            filtered[lookup.prefetch_to] = Prefetch(name, queryset=queryset.filter(rule), to_attr=lookup.to_attr)
        else:
            filtered[name] = Prefetch(name, queryset=_visible_related(relation.related_model, access))
    return (*filtered.values(), *rest)


LIST_PREFIX = "_many_list_"


def _as_lists(model: type[models.Model], lookups: Sequence[Any]) -> list[Any]:
    """`lookups` where each of `model`'s own many-to-many sets is prefetched into a plain list (`many_list`) of
    records with their keys alone."""
    many = {field.name: field.related_model for field in model._meta.many_to_many}
    listed: list[Any] = []
    for lookup in lookups:
        name = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        if name not in many or (isinstance(lookup, Prefetch) and lookup.to_attr):
            listed.append(lookup)
            continue
        queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
        queryset = (queryset if queryset is not None else many[name]._default_manager.all()).only("pk")
        listed.append(Prefetch(name, queryset=queryset, to_attr=LIST_PREFIX + name))
    return listed


def many_list(record: models.Model, name: str) -> list[Any]:
    """The records of `record`'s many-to-many set `name`, as its queryset prefetched them (hidden ones left out)."""
    listed = record.__dict__.get(LIST_PREFIX + name)
    return list(getattr(record, name).all()) if listed is None else listed


def hide_hidden_foreign_keys(records: Sequence[Any], access: Access, *, keys_only: bool = False) -> None:
    """Make every foreign key of `records` to a record `access` may not read answer `HIDDEN`.

    With `keys_only`, a related record not already read is not read: only whether the reader may see it, by its
    key, and the records are marked so that `related_key` gives the keys of the others."""
    if not records:
        return
    model = type(records[0])
    for field in model._meta.concrete_fields:
        if not field.is_relation or not is_record_model(field.related_model):
            continue
        if keys_only and not all(field.is_cached(record) for record in records):
            _hide_by_keys(records, field, access)
            continue
        if all(field.is_cached(record) for record in records):
            for record in records:
                related = field.get_cached_value(record)
                if related is not None and not related.is_visible_to(access):
                    field.set_cached_value(record, HIDDEN)
            continue
        ids = sorted({getattr(record, field.attname) for record in records} - {None})
        found: dict[Any, Any] = {}
        for start in range(0, len(ids), CHUNK):
            found.update(_visible_related(field.related_model, access).in_bulk(ids[start : start + CHUNK]))
        for record in records:
            if getattr(record, field.attname) is not None:
                field.set_cached_value(record, found.get(getattr(record, field.attname), HIDDEN))


def _hide_by_keys(records: Sequence[Any], field: Any, access: Access) -> None:
    ids = sorted({getattr(record, field.attname) for record in records} - {None})
    visible: set[Any] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        visible.update(_visible_related(field.related_model, access).filter(pk__in=chunk).values_list("pk", flat=True))
    for record in records:
        key = getattr(record, field.attname)
        if key is not None and key not in visible:
            field.set_cached_value(record, HIDDEN)
        record.__dict__[KEYS_CHECKED] = True


# Set on a record whose foreign keys `hide_hidden_foreign_keys(keys_only=True)` checked: its keys may be given.
KEYS_CHECKED = "_related_keys_checked"


def related_key(record: Any, field: Any) -> Any:
    """The key of `record`'s related record through `field` (a foreign key), None where the reader may not see it.

    Read through the relation, never from the raw key, unless the record's keys were checked (`related_as_keys`)
    or the reader sees every record (a coordinator: nothing was hidden)."""
    if field.is_cached(record) or not record.__dict__.get(KEYS_CHECKED):
        related = getattr(record, field.name)
        return None if related is None else related.pk
    return getattr(record, field.attname)


def related_search_q(model: type[models.Model], path: str, value: str, access: Access) -> Q:
    """`path__icontains=value`, matching only through related records `access` may see.

    A list searched by a partner's name must not answer yes or no about a hidden partner.
    """
    condition = Q(**{f"{path}__icontains": value})
    current: Any = model
    prefix = ""
    for part in path.split("__")[:-1]:
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # a lookup (icontains…), not a field
            break
        if not field.is_relation:
            break
        prefix += f"{part}__"
        current = field.related_model
        if is_record_model(current):
            condition &= current.visible_q(access, prefix=prefix, include_archived=True)
    return condition


def hidden_ids(model: Any, ids: Iterable[Any], access: Access) -> set[Any]:
    """Which of `ids` (records of `model`) `access` may not read."""
    wanted = set(ids) - {None}
    if not wanted:
        return set()
    visible: set[Any] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        visible.update(_visible_related(model, access).filter(pk__in=chunk).values_list("pk", flat=True))
    return wanted - visible


def name_if_visible(model: Any, path: str, access: Access, *, field: str = "name") -> Case:
    """The `field` of the record reached through `path` where `access` may see it, else a neutral label.

    For aggregates grouped by a related record's name (funds by funder): hidden records are
    counted under "a non-public record", never named.
    """
    return Case(
        When(model.visible_q(access, prefix=f"{path}__", include_archived=True), then=F(f"{path}__{field}")),
        default=Value(gettext("a non-public record")),
        output_field=CharField(),
    )


def records(model: Any) -> "RecordQuerySet[Any]":
    """All records of a kind known only at run time (an EntitySpec's model), as a RecordQuerySet."""
    return cast("RecordQuerySet[Any]", model._default_manager.all())


def record_model(model: Any) -> "type[Record]":
    """A model known to be a kind of record (checked with `is_record_model`), typed as one."""
    return cast("type[Record]", model)
