"""Pages of long lists, counted up to a cap.

Counting every matching row of a list of millions (observations, engagements) costs more
than showing a page of it, and nobody pages through 400 pages. Past the cap a list says
"more than 10,000" and offers its first pages; its search, filters and sorting narrow it,
and its CSV export still holds every record.
"""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def capped_count(queryset: "QuerySet[Any]", cap: int | None = None) -> tuple[int, bool]:
    """(how many records, up to `cap` (COUNT_CAP unless told); whether there are more).

    Unordered: the count does not depend on the order, and an ORDER BY would sort every row first.
    """
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # pages of records or of rows
    """A paginator that counts at most `cap` records (one more to know whether there are more)."""

    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if not isinstance(self.object_list, QuerySet):
            return min(len(self.object_list), self.cap), len(self.object_list) > self.cap
        return capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def capped(self) -> bool:
        """Whether more records match than were counted."""
        return self._counted[1]
