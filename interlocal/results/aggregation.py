"""Aggregation of approved observations over time and territory, in the database.

One grouped query returns, per indicator, period (and territory when asked),
the sum and the count of the approved total values (no breakdowns). Every
figure below is derived from those rows, whose number is bounded by the
periods and territories shown, not by the number of observations:

- per period, an indicator's value is the sum over territories (`sum`, `latest`),
  the mean of the observations (`mean`), or numerator ÷ denominator × scale (`ratio`);
- over a span of periods: `sum` adds the periods, `mean` is the mean of every
  observation, `latest` is the value of the last period that has one, and
  `ratio` divides the numerator's by the denominator's over the periods where
  both exist;
- a period with no value is *missing*: it is listed, never counted as zero.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from interlocal.core.permissions import Access
from interlocal.territory.models import Territory

from .models import Aggregation, Indicator, Observation, ObservationStatus
from .periods import periods_between

Key = tuple[int, int | None, datetime.date]  # (indicator, territory or None, period start)


@dataclass
class Cell:
    total: Decimal
    count: int


@dataclass
class Aggregate:
    value: Decimal | None
    expected: list[datetime.date] = field(default_factory=list)
    present: list[datetime.date] = field(default_factory=list)

    @property
    def missing(self) -> list[datetime.date]:
        present = set(self.present)
        return [p for p in self.expected if p not in present]


def source_ids(indicators: Iterable[Indicator]) -> set[int]:
    """The indicators whose observations are needed: ratios need their numerator and denominator."""
    ids: set[int] = set()
    for indicator in indicators:
        ids.add(indicator.pk)
        if indicator.aggregation == Aggregation.RATIO:
            ids.update(i for i in (indicator.numerator_id, indicator.denominator_id) if i)
    return ids


def area_ids(within: Territory) -> list[int]:
    """The territory and everything in it, two levels down (municipalities and their districts)."""
    return list(
        Territory.objects.filter(Q(pk=within.pk) | Q(parent=within) | Q(parent__parent=within)).values_list(
            "pk", flat=True
        )
    )


def approved_observations(access: Access) -> QuerySet[Observation]:
    return Observation.objects.visible_to(access).filter(status=ObservationStatus.APPROVED, breakdown="")


def _approved_in(
    access: Access,
    indicator_ids: Iterable[int],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
) -> QuerySet[Observation]:
    """Approved totals of these indicators over the span (and in these territories), unordered for grouping."""
    queryset = approved_observations(access).filter(
        indicator_id__in=list(indicator_ids), period_start__gte=first, period_start__lte=last
    )
    if territory_ids is not None:
        queryset = queryset.filter(territory_id__in=list(territory_ids))
    return queryset.order_by()


def grouped(
    *,
    access: Access,
    indicator_ids: Iterable[int],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
    by_territory: bool = False,
) -> dict[Key, Cell]:
    """One query: sum and count of approved totals per indicator, period (and territory)."""
    group = ["indicator_id", "period_start"] + (["territory_id"] if by_territory else [])
    rows = (
        _approved_in(access, indicator_ids, territory_ids, first, last)
        .values(*group)
        .annotate(total=Sum("value"), n=Count("id"))
    )
    if by_territory:  # tuples, not dicts: a monthly indicator over 36 towns and 8 years is 3,456 rows
        return {
            (indicator, territory, period): Cell(Decimal(total), n)
            for indicator, period, territory, total, n in rows.values_list(*group, "total", "n")
        }
    return {
        (indicator, None, period): Cell(Decimal(total), n)
        for indicator, period, total, n in rows.values_list(*group, "total", "n")
    }


def span_totals(
    *, access: Access, indicator: Indicator, territory_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[int, Cell]:
    """One query: sum and count of an indicator's approved totals per territory over the whole span.

    Enough for `sum` (the total) and `mean` (total ÷ count) over a span, without a row per period:
    the territorial equity of a monthly indicator reads 36 rows instead of 36 × 96.
    """
    rows = (
        _approved_in(access, [indicator.pk], territory_ids, first, last)
        .values("territory_id")
        .annotate(total=Sum("value"), n=Count("id"))
        .values_list("territory_id", "total", "n")
    )
    return {territory: Cell(Decimal(total), n) for territory, total, n in rows}


class Table:
    """The grouped rows, read indicator by indicator with the indicator's own rule."""

    def __init__(self, cells: dict[Key, Cell], indicators: dict[int, Indicator]) -> None:
        self.indicators = indicators
        self.cells: dict[tuple[int, int | None], dict[datetime.date, Cell]] = defaultdict(dict)
        for (indicator_id, territory_id, period), cell in cells.items():
            self.cells[(indicator_id, territory_id)][period] = cell

    def _cells(self, indicator_id: int | None, territory_id: int | None) -> dict[datetime.date, Cell]:
        return self.cells.get((indicator_id or 0, territory_id), {})

    def per_period(self, indicator: Indicator, territory_id: int | None = None) -> dict[datetime.date, Decimal]:
        """The indicator's value for each period that has one."""
        if indicator.aggregation == Aggregation.RATIO:
            numerator = self.indicators.get(indicator.numerator_id or 0)
            denominator = self.indicators.get(indicator.denominator_id or 0)
            if numerator is None or denominator is None:
                return {}
            top = self.per_period(numerator, territory_id)
            bottom = self.per_period(denominator, territory_id)
            return {
                period: top[period] / bottom[period] * indicator.scale
                for period in sorted(set(top) & set(bottom))
                if bottom[period] != 0
            }
        cells = self._cells(indicator.pk, territory_id)
        if indicator.aggregation == Aggregation.MEAN:
            return {period: cell.total / cell.count for period, cell in sorted(cells.items())}
        return {period: cell.total for period, cell in sorted(cells.items())}

    def over_time(
        self, indicator: Indicator, expected: list[datetime.date], territory_id: int | None = None
    ) -> Aggregate:
        """The indicator's value over the expected periods, with the missing ones named."""
        wanted = set(expected)
        if indicator.aggregation == Aggregation.RATIO:
            numerator = self.indicators.get(indicator.numerator_id or 0)
            denominator = self.indicators.get(indicator.denominator_id or 0)
            if numerator is None or denominator is None:
                return Aggregate(None, expected, [])
            top = {p: v for p, v in self.per_period(numerator, territory_id).items() if p in wanted}
            bottom = {p: v for p, v in self.per_period(denominator, territory_id).items() if p in wanted}
            common = sorted(set(top) & set(bottom))
            below = sum((bottom[p] for p in common), Decimal(0))
            value = sum((top[p] for p in common), Decimal(0)) / below * indicator.scale if common and below else None
            return Aggregate(value, expected, common if value is not None else [])
        cells = {p: c for p, c in self._cells(indicator.pk, territory_id).items() if p in wanted}
        present = sorted(cells)
        if not present:
            return Aggregate(None, expected, [])
        if indicator.aggregation == Aggregation.SUM:
            value = sum((c.total for c in cells.values()), Decimal(0))
        elif indicator.aggregation == Aggregation.MEAN:
            value = sum((c.total for c in cells.values()), Decimal(0)) / sum(c.count for c in cells.values())
        else:  # latest
            value = cells[present[-1]].total
        return Aggregate(value, expected, present)


def indicator_table(
    *,
    access: Access,
    indicators: Iterable[Indicator],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
    by_territory: bool = False,
) -> Table:
    """The table for these indicators (and the numerators and denominators of ratios): two queries."""
    indicators = list(indicators)
    needed = source_ids(indicators)
    known = {i.pk: i for i in indicators}
    missing = needed - set(known)
    if missing:
        known.update({i.pk: i for i in Indicator.objects.filter(pk__in=missing)})
    cells = grouped(
        access=access,
        indicator_ids=needed,
        territory_ids=territory_ids,
        first=first,
        last=last,
        by_territory=by_territory,
    )
    return Table(cells, known)


def aggregate(
    *,
    access: Access,
    indicator: Indicator,
    within: Territory | None,
    first: datetime.date,
    last: datetime.date,
) -> Aggregate:
    """The indicator's value over a territory (and everything in it) and a span of periods."""
    territory_ids = area_ids(within) if within is not None else None
    table = indicator_table(access=access, indicators=[indicator], territory_ids=territory_ids, first=first, last=last)
    return table.over_time(indicator, periods_between(indicator.periodicity, first, last))
