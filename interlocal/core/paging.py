"""Pages of long lists, counted up to a cap.

Counting every matching row of a list of millions (observations, engagements) costs more
than showing a page of it, and nobody pages through 400 pages. Past the cap a list says
"more than 10,000" and offers its first pages; its search, filters and sorting narrow it,
and its CSV export still holds every record.
"""

from collections.abc import Iterator
from itertools import islice
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .visibility import RecordQuerySet

COUNT_CAP = 10_000


def capped_count(queryset: "QuerySet[Any]", cap: int | None = None) -> tuple[int, bool]:
    """(how many records, up to `cap` (COUNT_CAP unless told); whether there are more).

    Unordered: the count does not depend on the order, and an ORDER BY would sort every row first.
    """
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


def capped_counts(querysets: "list[QuerySet[Any]]", cap: int | None = None) -> list[tuple[int, bool]]:
    """`capped_count` of each queryset, asked of the database in one query (a record's page counts a section for
    each kind of related record: one round trip instead of one each)."""
    cap = COUNT_CAP if cap is None else cap
    counts: list[tuple[int, bool] | None] = [None] * len(querysets)
    parts: list[tuple[int, str, tuple[Any, ...]]] = []
    for n, queryset in enumerate(querysets):
        try:
            sql, params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        except EmptyResultSet:  # a queryset that can hold nothing (`none()`) has no SQL
            counts[n] = (0, False)
            continue
        parts.append((n, f"(SELECT COUNT(*) FROM ({sql}) counted_{n})", params))  # noqa: S608 - the ORM's SQL, its values as parameters
    if parts:
        with connections[querysets[0].db].cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(part for _n, part, _params in parts), [p for *_, ps in parts for p in ps]
            )
            row = cursor.fetchone()
        for (n, _part, _params), counted in zip(parts, row, strict=True):
            counts[n] = (min(counted, cap), counted > cap)
    return cast(list[tuple[int, bool]], counts)


def in_order(queryset: "QuerySet[Any]", ids: list[Any]) -> list[Any]:
    """The records of `queryset` with these ids, in the ids' order (an id it does not hold is left out)."""
    found = queryset.order_by().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _rows_of(queryset: "QuerySet[Any]", ids: list[Any]) -> list[Any]:
    """The rows of `ids`, which `queryset` itself gave, in their order: read by id alone where the queryset allows.

    Read with the list's filters again, SQLite took the public's 100 observations of the API's page from the
    millions of one status (0.9 s) rather than by their ids. A queryset whose rows carry annotations keeps its
    filters, which the annotations may need.
    """
    if isinstance(queryset, RecordQuerySet) and not queryset.query.annotations:
        queryset = queryset.unfiltered()
    return in_order(queryset, ids)


def rows_by_ids(queryset: "QuerySet[Any]", start: int, stop: int) -> list[Any]:
    """`queryset[start:stop]`, read in two steps: the ids of those rows, then the rows with their joins.

    For the lists of many rows (`EntitySpec.pages_by_ids`) and the review queue. Picking the page reads the table
    alone along the index of its order, or sorts its ids only; the joins `select_related` adds (a value's territory,
    its author) are made for those rows only. Asked in one query, SQLite may start from a joined table and sort
    every row, with all its columns and those of its joins, to find the first 25.
    """
    return _rows_of(queryset, list(queryset.values_list("pk", flat=True)[start:stop]))


def iterate_by_ids(queryset: "QuerySet[Any]", chunk: int = 2000) -> Iterator[Any]:
    """Every row of `queryset` in its order, read as `rows_by_ids` reads a page: `chunk` ids, then their rows.

    An export of millions of rows starts at once instead of after sorting them all with their joins.
    """
    ids = queryset.values_list("pk", flat=True).iterator(chunk_size=chunk)
    while batch := list(islice(ids, chunk)):
        yield from _rows_of(queryset, batch)


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # pages of records or of rows
    """A paginator that counts at most `cap` records (one more to know whether there are more).

    With `ids_first`, a page of a queryset is read by `rows_by_ids`. `counted` is a `capped_count` of the same
    list already known (remembered, `core.memo`), so that it is not counted again.
    """

    cap = COUNT_CAP

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        ids_first: bool = False,
        counted: tuple[int, bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.ids_first = ids_first and isinstance(object_list, QuerySet)
        if counted is not None:
            self.__dict__["_counted"] = counted  # what the cached property would compute

    def page(self, number: Any) -> Any:
        if not self.ids_first:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = rows_by_ids(cast("QuerySet[Any]", self.object_list), bottom, top)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Django's, untyped in its stubs

    @classmethod
    def count_of(cls, queryset: "QuerySet[Any]") -> tuple[int, bool]:
        """What a paginator of `queryset` counts: to remember it (`counted`)."""
        return capped_count(queryset, cls.cap)

    @classmethod
    def counts_of(cls, querysets: "list[QuerySet[Any]]") -> list[tuple[int, bool]]:
        """`count_of` each queryset, in one query."""
        return capped_counts(querysets, cls.cap)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if not isinstance(self.object_list, QuerySet):
            return min(len(self.object_list), self.cap), len(self.object_list) > self.cap
        return self.count_of(self.object_list)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def capped(self) -> bool:
        """Whether more records match than were counted."""
        return self._counted[1]
