"""Aggregation of approved observations over time and territory, in the database.

One grouped query returns, per indicator, period (and territory when asked),
the sum and the count of the approved total values (no breakdowns), the sums
that weight a mean by population, and how many of the values are illustrative.
Every figure below is derived from those rows, whose number is bounded by the
periods and territories shown, not by the number of observations.

Each indicator says what its values are (`Indicator.aggregation`):

- `sum` (counts, flows): added over territories and over periods;
- `mean` (averages: a rent, a concentration): the mean over territories weighted
  by each territory's population, and over a span the mean of every value so
  weighted. The population of a value is its territory's latest figure at or
  before the value's year, else its earliest known figure. If any value has no
  population at all, the whole mean falls back to the plain mean of the values
  and says so (`Aggregate.unweighted`): no value is silently left out;
- `latest` (stocks: licensed flats): added over territories; over a span, the
  value of the last period that has one;
- `ratio` (rates): numerator ÷ denominator × scale, over the periods where both
  exist. A ratio of sums is already the rate weighted by its denominator;
- `none` (a position in a ranking): never added up nor averaged. A period has a
  value only where the area holds a single one; over a span, the latest value.

A period with no value is *missing*: it is listed, never counted as zero.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear

from interlocal.core.permissions import Access
from interlocal.territory.models import PopulationFigure, Territory

from .models import Aggregation, Indicator, Observation, ObservationStatus
from .periods import periods_between

Key = tuple[int, int | None, datetime.date]  # (indicator, territory or None, period start)
ADDITIVE = (Aggregation.SUM, Aggregation.LATEST)  # quantities that add up over territories


@dataclass
class Cell:
    """The approved values of one indicator in one period (and territory), summed up."""

    total: Decimal
    count: int
    weighted: Decimal = Decimal(0)  # Σ value × population of its territory
    weight: int = 0  # Σ population
    weighed: int = 0  # how many values have a population
    illustrative: int = 0  # how many values are illustrative

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(
            self.total + other.total,
            self.count + other.count,
            self.weighted + other.weighted,
            self.weight + other.weight,
            self.weighed + other.weighed,
            self.illustrative + other.illustrative,
        )

    @property
    def unweighted(self) -> bool:
        """Some value has no population: a mean of these is the plain mean."""
        return self.weighed < self.count or self.weight <= 0

    @property
    def mean(self) -> Decimal:
        """The population-weighted mean of the values, or their plain mean when a population is missing."""
        if self.unweighted:
            return self.total / self.count
        return self.weighted / self.weight


def combined(cells: Iterable[Cell]) -> Cell:
    return sum(cells, Cell(Decimal(0), 0))


@dataclass
class Aggregate:
    value: Decimal | None
    expected: list[datetime.date] = field(default_factory=list)
    present: list[datetime.date] = field(default_factory=list)
    illustrative: bool = False  # some value behind it is illustrative
    unweighted: bool = False  # a mean taken plainly: some territory has no population

    @property
    def missing(self) -> list[datetime.date]:
        present = set(self.present)
        return [p for p in self.expected if p not in present]


def population_in_year(territory: OuterRef, year: object) -> Coalesce:
    """The territory's latest population figure at or before the year, else its earliest one (a subquery)."""
    figures = PopulationFigure.objects.filter(territory=territory, archived_at__isnull=True)
    before = figures.filter(year__lte=year).order_by("-year").values("population")[:1]
    earliest = figures.order_by("year").values("population")[:1]
    return Coalesce(Subquery(before), Subquery(earliest), output_field=IntegerField())


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


def default_area() -> Territory | None:
    """The metropolis the dashboards look at unless told otherwise (the one with most municipalities)."""
    return (
        Territory.objects.filter(kind="metropolis", archived_at__isnull=True)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )


def default_span(years: int = 8) -> tuple[datetime.date, datetime.date]:
    this_year = datetime.date.today().year  # noqa: DTZ011 - a calendar year, not an instant
    return datetime.date(this_year - years, 1, 1), datetime.date(this_year, 12, 31)


def approved_observations(access: Access) -> QuerySet[Observation]:
    return Observation.objects.visible_to(access).filter(status=ObservationStatus.APPROVED, breakdown="")


def _approved_in(
    access: Access,
    indicator_ids: Iterable[int],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
    facts_only: bool = False,
) -> QuerySet[Observation]:
    """Approved totals of these indicators over the span (and in these territories), unordered for grouping.

    `facts_only` leaves illustrative values out (what is published as fact: the IATI file).
    """
    queryset = approved_observations(access).filter(
        indicator_id__in=list(indicator_ids), period_start__gte=first, period_start__lte=last
    )
    if facts_only:
        queryset = queryset.filter(illustrative=False)
    if territory_ids is not None:
        queryset = queryset.filter(territory_id__in=list(territory_ids))
    return queryset.order_by()


def _summed(queryset: QuerySet[Observation], group: list[str], weighted_ids: Iterable[int]) -> QuerySet[Observation]:
    """The sums per group, with the population weights of the values of `weighted_ids` (the means)."""
    weighted_ids = list(weighted_ids)
    weight: Case | Cast
    if weighted_ids:
        population = population_in_year(OuterRef("territory_id"), ExtractYear(OuterRef("period_start")))
        weight = Case(When(indicator_id__in=weighted_ids, then=population), default=None, output_field=IntegerField())
    else:  # a typed NULL: PostgreSQL cannot sum an untyped one
        weight = Cast(Value(None), output_field=IntegerField())
    summed: QuerySet[Observation] = (
        queryset.annotate(weight=weight)
        .values(*group)
        .annotate(
            total=Sum("value"),
            n=Count("id"),
            weighted=Sum(
                ExpressionWrapper(F("value") * F("weight"), output_field=DecimalField(max_digits=32, decimal_places=4))
            ),
            weights=Sum("weight"),
            weighed=Count("weight"),
            illustrative_n=Count("id", filter=Q(illustrative=True)),
        )
    )
    return summed


def _cell(total: object, n: int, weighted: object, weights: object, weighed: int, illustrative: int) -> Cell:
    return Cell(Decimal(str(total)), n, Decimal(str(weighted or 0)), int(str(weights or 0)), weighed, illustrative)


SUMS = ["total", "n", "weighted", "weights", "weighed", "illustrative_n"]


def grouped(
    *,
    access: Access,
    indicator_ids: Iterable[int],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
    by_territory: bool = False,
    weighted_ids: Iterable[int] = (),
    facts_only: bool = False,
) -> dict[Key, Cell]:
    """One query: the sums of approved totals per indicator, period (and territory).

    The values of `weighted_ids` (the indicators whose aggregation is a mean) carry their population.
    """
    group = ["indicator_id", "period_start"] + (["territory_id"] if by_territory else [])
    rows = _summed(_approved_in(access, indicator_ids, territory_ids, first, last, facts_only), group, weighted_ids)
    if by_territory:  # tuples, not dicts: a monthly indicator over 36 towns and 8 years is 3,456 rows
        return {
            (indicator, territory, period): _cell(*sums)
            for indicator, period, territory, *sums in rows.values_list(*group, *SUMS)
        }
    return {(indicator, None, period): _cell(*sums) for indicator, period, *sums in rows.values_list(*group, *SUMS)}


def span_totals(
    *, access: Access, indicator: Indicator, territory_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[int, Cell]:
    """One query: the sums of an indicator's approved totals per territory over the whole span.

    Enough for `sum` (the total) and `mean` (the weighted mean) over a span, without a row per period:
    the territorial equity of a monthly indicator reads 36 rows instead of 36 × 96.
    """
    weighted_ids = [indicator.pk] if indicator.aggregation == Aggregation.MEAN else []
    rows = _summed(_approved_in(access, [indicator.pk], territory_ids, first, last), ["territory_id"], weighted_ids)
    return {territory: _cell(*sums) for territory, *sums in rows.values_list("territory_id", *SUMS)}


class Table:
    """The grouped rows, read indicator by indicator with the indicator's own rule."""

    def __init__(self, cells: dict[Key, Cell], indicators: dict[int, Indicator]) -> None:
        self.indicators = indicators
        self.cells: dict[tuple[int, int | None], dict[datetime.date, Cell]] = defaultdict(dict)
        self.illustrative_ids: set[int] = set()
        self.unweighted_ids: set[int] = set()
        for (indicator_id, territory_id, period), cell in cells.items():
            self.cells[(indicator_id, territory_id)][period] = cell
            if cell.illustrative:
                self.illustrative_ids.add(indicator_id)
            if cell.unweighted:
                self.unweighted_ids.add(indicator_id)

    def _cells(self, indicator_id: int | None, territory_id: int | None) -> dict[datetime.date, Cell]:
        return self.cells.get((indicator_id or 0, territory_id), {})

    def _parts(self, indicator: Indicator) -> tuple[Indicator, Indicator] | None:
        numerator = self.indicators.get(indicator.numerator_id or 0)
        denominator = self.indicators.get(indicator.denominator_id or 0)
        return (numerator, denominator) if numerator is not None and denominator is not None else None

    def illustrative(self, indicator: Indicator) -> bool:
        """Whether any value behind the indicator's figures in this table is illustrative."""
        if indicator.aggregation == Aggregation.RATIO:
            parts = self._parts(indicator)
            return parts is not None and any(self.illustrative(part) for part in parts)
        return indicator.pk in self.illustrative_ids

    def unweighted(self, indicator: Indicator) -> bool:
        """Whether a mean of the indicator is a plain mean, some territory having no population."""
        return indicator.aggregation == Aggregation.MEAN and indicator.pk in self.unweighted_ids

    def per_period(self, indicator: Indicator, territory_id: int | None = None) -> dict[datetime.date, Decimal]:
        """The indicator's value for each period that has one."""
        if indicator.aggregation == Aggregation.RATIO:
            parts = self._parts(indicator)
            if parts is None:
                return {}
            top = self.per_period(parts[0], territory_id)
            bottom = self.per_period(parts[1], territory_id)
            return {
                period: top[period] / bottom[period] * indicator.scale
                for period in sorted(set(top) & set(bottom))
                if bottom[period] != 0
            }
        cells = self._cells(indicator.pk, territory_id)
        if indicator.aggregation == Aggregation.MEAN:
            return {period: cell.mean for period, cell in sorted(cells.items())}
        if indicator.aggregation == Aggregation.NONE:  # one position per period, never combined
            return {period: cell.total for period, cell in sorted(cells.items()) if cell.count == 1}
        return {period: cell.total for period, cell in sorted(cells.items())}

    def ratio_parts(
        self, indicator: Indicator, expected: list[datetime.date], territory_id: int | None = None
    ) -> tuple[Decimal, Decimal, list[datetime.date]]:
        """A ratio's numerator and denominator summed over the expected periods where both exist."""
        parts = self._parts(indicator)
        if parts is None:
            return Decimal(0), Decimal(0), []
        wanted = set(expected)
        top = {p: v for p, v in self.per_period(parts[0], territory_id).items() if p in wanted}
        bottom = {p: v for p, v in self.per_period(parts[1], territory_id).items() if p in wanted}
        common = sorted(set(top) & set(bottom))
        return sum((top[p] for p in common), Decimal(0)), sum((bottom[p] for p in common), Decimal(0)), common

    def over_time(
        self, indicator: Indicator, expected: list[datetime.date], territory_id: int | None = None
    ) -> Aggregate:
        """The indicator's value over the expected periods, with the missing ones named."""
        flags = {"illustrative": self.illustrative(indicator), "unweighted": self.unweighted(indicator)}
        if indicator.aggregation == Aggregation.RATIO:
            above, below, common = self.ratio_parts(indicator, expected, territory_id)
            value = above / below * indicator.scale if common and below else None
            return Aggregate(value, expected, common if value is not None else [], **flags)
        wanted = set(expected)
        cells = {p: c for p, c in self._cells(indicator.pk, territory_id).items() if p in wanted}
        if indicator.aggregation == Aggregation.NONE:
            cells = {p: c for p, c in cells.items() if c.count == 1}
        present = sorted(cells)
        if not present:
            return Aggregate(None, expected, [], **flags)
        if indicator.aggregation == Aggregation.SUM:
            value = sum((c.total for c in cells.values()), Decimal(0))
        elif indicator.aggregation == Aggregation.MEAN:
            value = combined(cells.values()).mean
        else:  # latest, none
            value = cells[present[-1]].total
        return Aggregate(value, expected, present, **flags)


def indicator_table(
    *,
    access: Access,
    indicators: Iterable[Indicator],
    territory_ids: Iterable[int] | None,
    first: datetime.date,
    last: datetime.date,
    by_territory: bool = False,
    facts_only: bool = False,
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
        weighted_ids=[pk for pk, i in known.items() if pk in needed and i.aggregation == Aggregation.MEAN],
        facts_only=facts_only,
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
