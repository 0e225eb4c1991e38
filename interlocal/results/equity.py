"""Territorial equity (M7): an indicator per municipality, and what may be said of its spread.

What the page may say depends on what the values are (`Indicator.aggregation`):

- quantities that add up (`sum`, `latest`): a total, each municipality's share of
  it, its value per 1,000 inhabitants, and two concentration measures: the Gini
  coefficient of the values per inhabitant and the Hoover index of the values
  against the population;
- averages (`mean`): no total and no share; the metropolitan figure is the mean
  of the municipalities weighted by their population;
- rates (`ratio`): no total and no share; the metropolitan figure is the rate of
  the sums (every municipality's numerator over their denominator). A rate per
  inhabitant (its denominator counts inhabitants) also has its Gini and Hoover;
  any other rate (unemployment: per active person) has neither;
- positions in a ranking (`none`): neither a total nor a mean nor a measure of spread.

Where a figure is not offered, `Equity.reason` says why, in words for the page.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from interlocal.core.permissions import Access
from interlocal.core.widgets import LARGE_CHOICES, LEADING_NUMBER
from interlocal.territory.models import Territory

from .aggregation import (
    ADDITIVE,
    Cell,
    combined,
    default_area,
    indicator_table,
    population_in_year,
    span_totals,
)
from .models import Aggregation, Indicator, IndicatorRole
from .periods import periods_between

# The units of a denominator that counts inhabitants: a ratio over it is a rate per inhabitant.
INHABITANT_UNITS = {"inhabitants", "residents", "population"}

REASONS = {
    Aggregation.MEAN: _(
        "These values are averages: they do not add up across municipalities, so there is no total, no share "
        "and no Gini or Hoover index. The metropolitan figure is the mean of the municipalities weighted by "
        "their population."
    ),
    Aggregation.RATIO: _(
        "These values are rates: they do not add up across municipalities, so there is no total and no share. "
        "The metropolitan figure is the rate of the sums. Gini and Hoover indices are offered only for "
        "quantities that add up and for rates per inhabitant."
    ),
    Aggregation.NONE: _(
        "These values are positions in a ranking: they are never added up or averaged, so there is no total, "
        "no mean and no Gini or Hoover index."
    ),
}
PER_INHABITANT_REASON = _(
    "These values are rates per inhabitant: they do not add up across municipalities, so there is no total and "
    "no share. The metropolitan figure is the rate of the sums."
)


def per_inhabitant(indicator: Indicator, denominator: Indicator | None) -> bool:
    """Whether a ratio is a rate per inhabitant: its denominator counts the inhabitants."""
    return (
        indicator.aggregation == Aggregation.RATIO
        and denominator is not None
        and denominator.unit.strip().lower() in INHABITANT_UNITS
    )


@dataclass
class EquityRow:
    territory: Territory
    value: Decimal | None
    population: int | None
    per_thousand: float | None = None
    share: float | None = None
    population_share: float | None = None
    rank: int | None = None


@dataclass
class Equity:
    indicator: Indicator
    rows: list[EquityRow]
    total: Decimal | None  # quantities that add up only
    brand: EquityRow | None
    gini: float | None
    hoover: float | None
    first: datetime.date
    last: datetime.date
    mean: Decimal | None = None  # averages and rates: the population-weighted mean, or the rate of the sums
    illustrative: bool = False  # some value behind the figures is illustrative
    unweighted: bool = False  # the mean is a plain one: some municipality has no population
    concentration: bool = True  # Gini and Hoover are meaningful for these values

    @property
    def additive(self) -> bool:
        return self.indicator.aggregation in ADDITIVE

    @property
    def averaged(self) -> bool:
        """Averages and rates: the page gives their metropolitan mean instead of a total."""
        return self.indicator.aggregation in (Aggregation.MEAN, Aggregation.RATIO)

    @property
    def brand_share(self) -> float | None:
        return self.brand.share if self.brand and self.additive else None

    @property
    def reason(self) -> Any:
        """Why the page shows no total, or no Gini and Hoover (None when it shows them all)."""
        if self.additive:
            return None
        if self.concentration:
            return PER_INHABITANT_REASON
        return REASONS[Aggregation(self.indicator.aggregation)]

    @property
    def mean_label(self) -> Any:
        if self.indicator.aggregation == Aggregation.RATIO:
            return _("Metropolitan rate (the rate of the sums)")
        return _("Metropolitan mean (weighted by population)")


def gini(values: list[float]) -> float | None:
    """Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one has all."""
    values = sorted(v for v in values if v is not None)
    n, total = len(values), sum(values)
    if n == 0 or total <= 0:
        return None
    weighted = sum((2 * (i + 1) - n - 1) * v for i, v in enumerate(values))
    return weighted / (n * total)


def hoover(values: list[float], populations: list[float]) -> float | None:
    """Hoover index: the share of the total that would have to move for it to follow the population."""
    pairs = [(v, p) for v, p in zip(values, populations, strict=True) if v is not None and p]
    total, people = sum(v for v, _ in pairs), sum(p for _, p in pairs)
    if not pairs or total <= 0 or people <= 0:
        return None
    return 0.5 * sum(abs(v / total - p / people) for v, p in pairs)


@dataclass
class _Values:
    """Each municipality's value over the span, and what the metropolitan figures are made of."""

    values: dict[int, Decimal | None]
    illustrative: bool
    cells: dict[int, Cell]  # sums and means: the span's sums per municipality
    parts: dict[int, tuple[Decimal, Decimal]]  # rates: (numerator, denominator) per municipality
    denominator: Indicator | None = None


def _values_by_territory(
    access: Access, indicator: Indicator, territory_ids: list[int], first: datetime.date, last: datetime.date
) -> _Values:
    """The indicator's value over the span in each territory, by its own aggregation rule (one or two queries)."""
    if indicator.aggregation in (Aggregation.SUM, Aggregation.MEAN):  # no need for a row per period
        cells = span_totals(access=access, indicator=indicator, territory_ids=territory_ids, first=first, last=last)
        mean = indicator.aggregation == Aggregation.MEAN
        values: dict[int, Decimal | None] = {pk: cell.mean if mean else cell.total for pk, cell in cells.items()}
        return _Values(values, any(c.illustrative for c in cells.values()), cells, {})
    table = indicator_table(
        access=access, indicators=[indicator], territory_ids=territory_ids, first=first, last=last, by_territory=True
    )
    expected = periods_between(indicator.periodicity, first, last)
    found = _Values({pk: table.over_time(indicator, expected, pk).value for pk in territory_ids}, False, {}, {})
    found.illustrative = table.illustrative(indicator)
    if indicator.aggregation == Aggregation.RATIO:
        found.denominator = table.indicators.get(indicator.denominator_id or 0)
        for pk in territory_ids:
            above, below, _common = table.ratio_parts(indicator, expected, pk)
            if found.values[pk] is not None:
                found.parts[pk] = (above, below)
    return found


def _with_population(
    within: Territory, indicator: Indicator, access: Access, year: int
) -> list[tuple[Territory, int | None]]:
    """The municipalities (of the indicator's level) with their population in the year (one query)."""
    municipalities = (
        Territory.objects.visible_to(access)
        .filter(parent=within, kind=indicator.territorial_level)
        .annotate(population=population_in_year(OuterRef("pk"), year))
        .order_by("name")
    )
    return [(t, t.population) for t in municipalities]


def territorial_equity(
    *,
    access: Access,
    indicator: Indicator,
    within: Territory,
    first: datetime.date,
    last: datetime.date,
    brand_key: str = "barcelona",
) -> Equity:
    """The indicator per municipality of the metropolis: value, per 1,000 inhabitants, rank, concentration.

    A municipality's population is its latest figure at or before the span's last year, else its earliest.
    """
    municipalities = _with_population(within, indicator, access, last.year)
    found = _values_by_territory(access, indicator, [t.pk for t, _people in municipalities], first, last)
    rows = [EquityRow(t, found.values.get(t.pk), people) for t, people in municipalities]
    valued = [r for r in rows if r.value is not None]
    equity = Equity(
        indicator=indicator, rows=rows, total=None, brand=None, gini=None, hoover=None, first=first, last=last,
        illustrative=found.illustrative, concentration=False,
    )  # fmt: skip
    if equity.additive:
        _additive(equity, valued)
    elif indicator.aggregation == Aggregation.MEAN:
        every = combined(found.cells[r.territory.pk] for r in valued)
        equity.mean = every.mean if every.count else None
        equity.unweighted = bool(every.count) and every.unweighted
    elif indicator.aggregation == Aggregation.RATIO:
        above = sum((found.parts[r.territory.pk][0] for r in valued), Decimal(0))
        below = sum((found.parts[r.territory.pk][1] for r in valued), Decimal(0))
        equity.mean = above / below * indicator.scale if below else None
        if per_inhabitant(indicator, found.denominator):
            equity.concentration = True
            equity.gini = gini([float(r.value or 0) for r in valued])
            equity.hoover = hoover(
                [float(found.parts[r.territory.pk][0]) for r in valued],
                [float(found.parts[r.territory.pk][1]) for r in valued],
            )
    if not equity.additive:  # ranked by the value itself: a rate or a mean per 1,000 inhabitants means nothing
        ranked = sorted(valued, key=lambda r: -(r.value or 0))
        for position, row in enumerate(ranked, start=1):
            row.rank = position
        equity.rows = ranked + [r for r in rows if r.value is None]
    equity.brand = next((r for r in valued if r.territory.key == brand_key), None)
    return equity


def _additive(equity: Equity, valued: list[EquityRow]) -> None:
    """Total, shares, values per 1,000 inhabitants, rank by them, Gini and Hoover: for quantities that add up."""
    total = sum((r.value for r in valued if r.value is not None), Decimal(0))
    people = sum(r.population or 0 for r in valued)
    for row in valued:
        value = float(row.value or 0)
        row.share = value / float(total) if total else None
        row.population_share = (row.population or 0) / people if people else None
        row.per_thousand = 1000 * value / row.population if row.population else None
    ranked = sorted(valued, key=lambda r: (r.per_thousand is None, -(r.per_thousand or 0)))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    equity.rows = ranked + [r for r in equity.rows if r.value is None]
    equity.total = total
    equity.concentration = True
    equity.gini = gini([r.per_thousand for r in valued if r.per_thousand is not None])
    equity.hoover = hoover([float(r.value or 0) for r in valued], [float(r.population or 0) for r in valued])


@dataclass
class EquityChoice:
    """The indicators one may look at by municipality, the one chosen and its equity.

    `options` lists them (key, name) while they fit a select; past `LARGE_CHOICES` it is empty and the page offers
    a text box with suggestions instead (`many`), whose answer, "number · name", is read back by `equity_choice`.
    `unknown` is what was asked for when no indicator of the list matches it (the page says so).
    """

    options: list[tuple[str, str]]
    chosen: Indicator
    equity: Equity | None
    many: bool = False
    unknown: str = ""


def equity_choice(*, access: Access, key: str | None, first: datetime.date, last: datetime.date) -> EquityChoice | None:
    """Territorial equity of the indicator asked for, else of the first attraction recorded per municipality.

    The indicator is asked for by its key or, from the text box of a large metropolis, by its number (alone or
    followed by its name). The list of choices is read as (key, name) only, and only while it fits a select.
    """
    indicators = (  # the chosen one's values are read, never its many-to-many sets
        Indicator.objects.visible_to(access)
        .without_many_sets()
        .filter(territorial_level="municipality")
        .order_by("name", "pk")
    )
    options = list(indicators.values_list("key", "name")[: LARGE_CHOICES + 1])
    if not options:
        return None
    many = len(options) > LARGE_CHOICES
    asked = (key or "").strip()
    chosen = _asked_indicator(indicators, asked) if asked else None
    unknown = asked if asked and chosen is None else ""
    if chosen is None:
        chosen = indicators.filter(role=IndicatorRole.ATTRACTION).first() or indicators.first()
        assert chosen is not None  # options is not empty
    area = default_area()
    equity = territorial_equity(access=access, indicator=chosen, within=area, first=first, last=last) if area else None
    return EquityChoice([] if many else options, chosen, equity, many, unknown)


def choice_label(indicator: Indicator) -> str:
    """How the text box of suggestions writes an indicator (core/_choices.html): its number, then its name."""
    return f"{indicator.pk} · {indicator}"


def _asked_indicator(indicators: Any, asked: str) -> Indicator | None:
    """The indicator of `indicators` with the key `asked`, or the number it starts with; None if none."""
    found = indicators.filter(key=asked).first()
    number = LEADING_NUMBER.match(asked)
    if found is None and number is not None:
        found = indicators.filter(pk=int(number.group(1))).first()
    return found  # type: ignore[no-any-return]
