"""Reads shared by the pages, the public portal and the API, with the permission filter."""

import functools
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, QueryDict
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import ModelChange

from . import memo
from .access import Author
from .entities import REGISTRY, EntitySpec
from .models import Record
from .paging import capped_count
from .permissions import Access
from .scopes import scope_applies, scoped
from .versions import updated_at_of
from .visibility import RecordQuerySet, is_record_model, related_search_q
from .widgets import offer_records, quicken, remembered_selects, searchable


class RecordFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no type stubs
    """Choices of related-record filters only offer records the reader may see.

    Validating a filter needs only the fields' querysets. The options of their selects are given by `shown_form`,
    for a page that shows the form: the API and a list's CSV or its table alone (htmx) never read them.
    """

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        for form_field in self.form.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Record):
                # A choice is its number and its name: no many-to-many set of the records is read for it.
                form_field.queryset = queryset.visible_to(access).without_many_sets()
            searchable(form_field)
            quicken(form_field)

    @cached_property
    def shown_form(self) -> forms.Form:
        """The form with the options of its selects of records (`widgets.offer_records`: remembered for each class
        of reader, a text box past LARGE_CHOICES records)."""
        form: forms.Form = self.form
        offer_records(remembered_selects(form), self.access, f"filters:{self._meta.model._meta.label}")
        return form


def filterset_class(spec: EntitySpec) -> type[RecordFilterSet]:
    meta = type("Meta", (), {"model": spec.model, "fields": spec.filter_fields})
    return type(f"{spec.model.__name__}FilterSet", (RecordFilterSet,), {"Meta": meta})


# What a list's count does not depend on: its page and order, and the format asked.
NOT_COUNTED = {"page", "sort", "format", "limit", "offset"}


@dataclass
class RecordListing:
    queryset: "RecordQuerySet[Any]"
    filterset: RecordFilterSet
    search: str
    sort: str
    scope: str = ""  # "own": the home metropolis's own records only (core.scopes)
    spec: EntitySpec | None = None
    access: Access | None = None
    params: QueryDict | None = None

    def count(self, cap: int) -> tuple[int, bool]:
        """The list's count up to `cap` (`paging.capped_count`), remembered for each class of reader, filters and
        search asked until a record of a kind they read changes (`core.memo`, on the shelf of the list counts):
        counting ten thousand of a hundred thousand practices took 5 ms on PostgreSQL at every page.

        Counted each time where the list is narrowed to the home metropolis's own records (which read kinds the
        core does not know) or a filter or search reads a kind without a version."""
        if self.spec is None or self.scope or self.access is None or self.params is None:
            return capped_count(self.queryset, cap)
        asked = sorted((name, values) for name, values in self.params.lists() if name not in NOT_COUNTED)
        known = {*self.spec.filter_fields, "q"}  # any other name reads nothing (and would grow the cache)
        kinds = counted_kinds(self.spec.key, frozenset(name for name, values in asked if any(values) and name in known))
        if kinds is None:
            return capped_count(self.queryset, cap)
        return memo.memoised(
            "list-count",
            self.access,
            kinds,
            lambda: capped_count(self.queryset, cap),
            self.spec.key,
            asked,
            cap,
            shelf=memo.LIST_COUNTS,
        )


@functools.cache
def counted_kinds(entity: str, asked: frozenset[str]) -> frozenset[type[Model]] | None:
    """The kinds a list's count reads: its own, and those the filters and the search `asked` pass through (a search
    by a partner's name reads the partners' names and visibility; a filter by an import reads the import, to check
    it); None where one has no version (`memo.versioned`). A list asked for without them reads only its own kind."""
    spec = REGISTRY[entity]
    kinds: set[type[Model]] = {spec.model}
    for path in (*(f for f in spec.filter_fields if f in asked), *(spec.search_fields if "q" in asked else ())):
        kinds |= memo.kinds_along(spec.model, path)
    return frozenset(kinds) if all(memo.versioned(kind) for kind in kinds) else None


def list_order(sort: str) -> list[str]:
    """A list's ORDER BY for `sort`, then the primary key.

    Sorted by a related record's field (``indicator__name``), that record's key comes between: many records may share
    a name (20,000 imported indicators with one title), and an index on the field and its key (``indicator_name_order``)
    then gives the order of the first page without sorting every row."""
    path = sort.lstrip("-")
    if "__" not in path:
        return [sort, "pk"] if sort else ["pk"]
    direction = "-" if sort.startswith("-") else ""
    return [sort, f"{direction}{path.rsplit('__', 1)[0]}_id", "pk"]


def record_list(*, spec: EntitySpec, access: Access, params: QueryDict) -> RecordListing:
    """Visible records of one kind, filtered, searched and sorted as the parameters ask."""
    include_archived = params.get("archived") == "1"
    queryset = spec.base_queryset().visible_to(access, include_archived=include_archived)
    scope = params.get("whose") or ""
    scope = scope if scope_applies(scope, spec.model) else ""
    queryset = scoped(queryset, scope)
    filterset = filterset_class(spec)(params or None, queryset=queryset, access=access)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    elif filterset.is_bound:
        queryset = queryset.none()
    search = (params.get("q") or "").strip()[:200]
    if search and spec.search_fields:
        matches = (related_search_q(spec.model, name, search, access) for name in spec.search_fields)
        queryset = queryset.filter(reduce(or_, matches))
    sort = params.get("sort") or spec.default_sort
    if sort.lstrip("-") in spec.sort_options:
        queryset = queryset.order_by(*list_order(sort))
    else:
        sort = ""
    return RecordListing(
        queryset=queryset,
        filterset=filterset,
        search=search,
        sort=sort,
        scope=scope,
        spec=spec,
        access=access,
        params=params,
    )


def record_get(*, spec: EntitySpec, access: Access, pk: Any, many_sets: bool = True) -> Any:
    """One record the reader may see, or 404 (never a hint that a hidden record exists); without its many-to-many
    sets where the page does not show them (`many_sets`)."""
    queryset = spec.base_queryset().visible_to(access, include_archived=True)
    try:
        return (queryset if many_sets else queryset.without_many_sets()).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("No such record.")) from None


@dataclass
class Version:
    history_id: int
    date: Any
    user: Author
    kind: str
    reason: str
    changes: list[tuple[str, Any, Any]]


def visible_versions(record: Record, access: Access) -> "QuerySet[Any]":
    """The record's history rows from when the reader could see it (none for anonymous visitors).

    A record drafted by another organisation, then made public, shows the public its present
    and signed-in readers only the versions they could read at the time.
    """
    history: QuerySet[Any] = record.history.all()  # type: ignore[attr-defined]
    if not access.authenticated:
        return history.none()
    return history.filter(type(record).history_q(access))  # the rule on the history rows


def record_history(record: Record, *, access: Access, limit: int = 100) -> list[Version]:
    """The versions the reader may see, newest first, each with what changed from the one before.

    Related records in the changes are named only where the reader may see them.
    """
    rows = list(
        visible_versions(record, access)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    pairs = list(zip(rows, [*rows[1:], None], strict=False))[:limit]  # each version beside the one before
    sets = _many_sets_by_version(record, rows)
    deltas = [(newer, _changes(newer, older, sets) if older is not None else []) for newer, older in pairs]
    names = _related_names(record, [change for _, delta in deltas for change in delta], access)
    versions = []
    for newer, delta in deltas:
        changes: list[tuple[str, Any, Any]] = []
        for change in delta:
            field = record._meta.get_field(change.field)
            label = str(getattr(field, "verbose_name", change.field))
            changes.append((label, _named(field, change.old, names), _named(field, change.new, names)))
        versions.append(
            Version(
                history_id=newer.history_id,
                date=newer.history_date,
                user=newer.history_user,
                kind=str({"+": _("created"), "~": _("changed"), "-": _("deleted")}[newer.history_type]),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return versions


@dataclass
class Change:
    field: str  # the model field's name
    label: str  # its verbose name
    old: Any
    new: Any


@dataclass
class Meanwhile:
    """What changed in a record since a version: the fields, and who saved it when."""

    changes: list[Change]
    saves: list[tuple[Author, Any]]  # (user, date) of each save since, oldest first

    def summary(self) -> str:
        """One sentence for the page or the API: who saved when, and which fields changed."""
        saves = ", ".join(
            _("by %(user)s at %(date)s") % {"user": user or _("the system"), "date": _stamp(date)}
            for user, date in self.saves
        )
        message = _("This record was changed since you loaded it (%(saves)s). Nothing was saved.") % {
            "saves": saves or _("by someone else")
        }
        if self.changes:
            message += " " + _("Changed meanwhile: %(fields)s.") % {
                "fields": ", ".join(change.label for change in self.changes)
            }
        return str(message)


def changes_since(record: Record, *, version: str, access: Access) -> Meanwhile:
    """The difference between the version an edit was made from and the record now, as history tells it.

    Fields go by their verbose names; related records are named only where the reader may see them.
    A version the history does not hold (made up, or from before the history) gives the saves only.
    """
    versions = visible_versions(record, access).select_related("history_user").order_by("history_date", "history_id")
    stamp = updated_at_of(version)
    loaded = versions.filter(updated_at=stamp).last() if stamp is not None else None
    later = list(versions.filter(history_id__gt=loaded.history_id) if loaded is not None else versions.reverse()[:1])
    saves = [(row.history_user, row.history_date) for row in later]
    if loaded is None or not later:
        return Meanwhile(changes=[], saves=saves)
    delta = later[-1].diff_against(loaded, excluded_fields=["created_at", "updated_at"])
    names = _related_names(record, delta.changes, access)
    changes = []
    for change in delta.changes:
        field = record._meta.get_field(change.field)
        label = str(getattr(field, "verbose_name", change.field))
        changes.append(Change(change.field, label, _named(field, change.old, names), _named(field, change.new, names)))
    return Meanwhile(changes=changes, saves=saves)


def _stamp(date: Any) -> str:
    return dateformat.format(timezone.localtime(date), "Y-m-d H:i:s")


def _many_sets_by_version(record: Record, rows: list[Any]) -> dict[tuple[str, Any], list[dict[str, Any]]]:
    """{(set name, history id): its rows} of every many-to-many set the history keeps, for the versions `rows`, read in
    one query per set: simple-history's `diff_against` reads both versions' rows of each set for each pair (ten
    queries per version for a practice's five sets)."""
    history_model: Any = type(record).history.model  # type: ignore[attr-defined]
    ids = [row.history_id for row in rows]
    sets: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for field in history_model._history_m2m_fields if len(rows) > 1 else []:
        target = field.m2m_reverse_field_name()
        through = apps.get_model(history_model._meta.app_label, f"{history_model.__name__}_{field.name}")
        read = through.objects.filter(history_id__in=ids).order_by(target).values_list("history_id", target)
        for history_id, related in read:
            sets.setdefault((field.name, history_id), []).append({target: related})
    return sets


def _changes(newer: Any, older: Any, sets: dict[tuple[str, Any], list[dict[str, Any]]]) -> list[Any]:
    """What changed from `older` to `newer`: simple-history's field changes, then the many-to-many sets' (as
    `diff_against` gives them: each set's rows, ordered by the related record)."""
    many = [field.name for field in newer._history_m2m_fields]
    changes = list(newer.diff_against(older, excluded_fields=many).changes)
    for name in many:
        old, new = sets.get((name, older.history_id), []), sets.get((name, newer.history_id), [])
        if old != new:
            changes.append(ModelChange(name, old, new))
    return changes


def _linked_ids(field: Any, value: Any) -> list[Any]:
    """The ids a history value holds: a key, or the rows of a many-to-many through table."""
    if value is None:
        return []
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        return [row.get(target) if isinstance(row, dict) else getattr(row, f"{target}_id", None) for row in value]
    return [value]


def _related_names(record: Record, changes: list[Any], access: Access) -> dict[tuple[Any, Any], str]:
    """{(model, id): name} of the related records in the changes that the reader may see: one query per kind."""
    wanted: dict[Any, set[Any]] = {}
    for change in changes:
        field = record._meta.get_field(change.field)
        if field.is_relation:
            ids = wanted.setdefault(field.related_model, set())
            ids.update(_linked_ids(field, change.old) + _linked_ids(field, change.new))
    names: dict[tuple[Any, Any], str] = {}
    for model, ids in wanted.items():
        queryset = model._default_manager.filter(pk__in=sorted(i for i in ids if i is not None))
        if is_record_model(model):
            queryset = queryset.filter(model.visible_q(access, include_archived=True))
        names.update({(model, obj.pk): str(obj) for obj in queryset})
    return names


def _named(field: Any, value: Any, names: dict[tuple[Any, Any], str]) -> Any:
    """A history value as a reader reads it: related records by name, hidden ones unnamed."""
    if not field.is_relation:
        return value
    ids = _linked_ids(field, value)
    if not ids:
        return None
    hidden = str(_("a non-public record"))
    shown = [names.get((field.related_model, i), hidden) for i in ids]
    return ", ".join(sorted(shown)) if field.many_to_many else shown[0]
