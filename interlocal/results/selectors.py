"""Reads of the results app: progress against targets, the externality ledger, territorial equity (results.equity).

Each runs a fixed number of queries whatever the number of observations: the
values come grouped from the database (results.aggregation).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from interlocal.core.permissions import Access
from interlocal.core.visibility import among
from interlocal.territory.models import PopulationFigure, Territory

from .aggregation import Table, area_ids, indicator_table
from .aggregation import default_area as default_area
from .aggregation import default_span as default_span
from .equity import Equity as Equity
from .equity import EquityChoice as EquityChoice
from .equity import EquityRow as EquityRow
from .equity import equity_choice as equity_choice
from .equity import gini as gini
from .equity import hoover as hoover
from .equity import territorial_equity as territorial_equity
from .models import (
    Counterweight,
    Indicator,
    IndicatorRole,
    Observation,
    ObservationStatus,
    Target,
    TargetKind,
)
from .periods import period_label

ON_TRACK, AT_RISK = 0.75, 0.4  # share of the way from baseline to target
LIGHTS = {
    "green": _("On track"),
    "amber": _("At risk"),
    "red": _("Off track"),
    "grey": _("No target or no value yet"),
}


def progress_between(actual: Decimal | None, baseline: Decimal | None, target: Decimal | None) -> float | None:
    """How far the actual value has gone from the baseline to the target (0 = baseline, 1 = target)."""
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return max(0.0, min(1.0, float((actual - baseline) / (target - baseline))))


def light_for(progress: float | None) -> str:
    if progress is None:
        return "grey"
    return "green" if progress >= ON_TRACK else "amber" if progress >= AT_RISK else "red"


class ProgressLight:
    """The traffic light and percentage of anything with a `progress` (0..1 or None)."""

    progress: float | None

    @property
    def light(self) -> str:
        return light_for(self.progress)

    @property
    def light_label(self) -> Any:
        return LIGHTS[self.light]

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(100 * self.progress)


@dataclass
class IndicatorProgress(ProgressLight):
    indicator: Indicator
    series: dict[datetime.date, Decimal]
    actual: Decimal | None = None
    actual_period: datetime.date | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_period: datetime.date | None = None
    progress: float | None = None
    rolled_up_from: list["IndicatorProgress"] = field(default_factory=list)
    illustrative: bool = False  # a value, the baseline or the target is illustrative
    unweighted: bool = False  # a mean taken plainly: some territory has no population


def _targets(access: Access, indicators: list[Indicator], territory: Territory | None) -> dict[int, dict[str, Any]]:
    """The latest baseline and target of each indicator for the territory (one query)."""
    found: dict[int, dict[str, Any]] = {}
    queryset = Target.objects.visible_to(access).filter(indicator__in=indicators).order_by("period_start")
    if territory is not None:
        queryset = queryset.filter(territory=territory)
    for target in queryset:
        found.setdefault(target.indicator_id, {})[target.kind] = target
    return found


# Every kind an indicator's progress and ledger are computed from (values, targets, counterweights, territories and
# their population for weighted means), for core.memo.
PROGRESS_READS_FROM = (Indicator, Observation, Target, Counterweight, Territory, PopulationFigure)


def contributors_of(access: Access) -> "Prefetch[Any]":
    """The outputs feeding each outcome that `access` may see, as `indicators_progress` reads them: their values,
    never their own many-to-many sets."""
    return Prefetch("contributors", queryset=Indicator.objects.visible_to(access).without_many_sets())


def indicators_progress(
    *,
    access: Access,
    indicators: list[Indicator],
    within: Territory | None,
    first: datetime.date,
    last: datetime.date,
) -> list[IndicatorProgress]:
    """Progress of each indicator against its target; one without a target rolls up its contributors.

    `indicators` must come with `contributors` prefetched (the outputs feeding each outcome).
    """
    contributors = {c.pk: c for i in indicators for c in i.contributors.all()}
    every = list({**{i.pk: i for i in indicators}, **contributors}.values())
    territory_ids = area_ids(within) if within is not None else None
    table = indicator_table(access=access, indicators=every, territory_ids=territory_ids, first=first, last=last)
    targets = _targets(access, every, within)
    own = {i.pk: _progress(i, table, targets.get(i.pk, {})) for i in every}
    result = []
    for indicator in indicators:
        item = own[indicator.pk]
        if item.progress is None:
            parts = [own[c.pk] for c in indicator.contributors.all() if own[c.pk].progress is not None]
            if parts:
                item.rolled_up_from = parts
                item.progress = sum(p.progress or 0.0 for p in parts) / len(parts)
        result.append(item)
    return result


def _progress(indicator: Indicator, table: Table, targets: dict[str, Any]) -> IndicatorProgress:
    series = table.per_period(indicator)
    item = IndicatorProgress(indicator=indicator, series=series)
    if series:
        item.actual_period = max(series)
        item.actual = series[item.actual_period]
    baseline, target = targets.get(TargetKind.BASELINE), targets.get(TargetKind.TARGET)
    item.baseline = baseline.value if baseline else (series[min(series)] if series else None)
    if target:
        item.target, item.target_period = target.value, target.period_start
    item.illustrative = table.illustrative(indicator) or any(t.illustrative for t in (baseline, target) if t)
    item.unweighted = table.unweighted(indicator)
    item.progress = progress_between(item.actual, item.baseline, item.target)
    return item


@dataclass
class ObjectiveDashboard(ProgressLight):
    objective: Any
    items: list[IndicatorProgress]
    progress: float | None

    @property
    def illustrative(self) -> bool:
        return any(item.illustrative for item in self.items)


def objective_dashboard(
    *, access: Access, objective: Any, within: Territory | None, first: datetime.date, last: datetime.date
) -> ObjectiveDashboard:
    """The objective's indicators with their progress, and the objective's own as their mean."""
    indicators = list(
        Indicator.objects.visible_to(access).filter(objectives=objective).prefetch_related(contributors_of(access))
    )
    items = indicators_progress(access=access, indicators=indicators, within=within, first=first, last=last)
    measured = [i.progress for i in items if i.progress is not None]
    return ObjectiveDashboard(objective, items, sum(measured) / len(measured) if measured else None)


def internal_link(indicator: Indicator) -> str:
    return indicator.get_absolute_url()


@dataclass
class LedgerEntry:
    """An attraction indicator and the indicators of its costs, period by period.

    `link` gives the address an indicator's name links to: its internal page, or its page on
    the public portal (which replaces it).
    """

    attraction: Indicator
    counterweights: list[Counterweight]
    periods: list[datetime.date]
    values: dict[int, dict[datetime.date, Decimal]]
    link: Callable[[Indicator], str] = internal_link
    illustrative: bool = False  # some value of the gain or of a cost is illustrative

    def columns(self) -> list[tuple[Indicator, str]]:
        """The gain, then each cost, with the address its name links to."""
        return [(i, self.link(i)) for i in [self.attraction, *(c.cost for c in self.counterweights)]]

    def rows(self) -> list[tuple[str, Decimal | None, list[Decimal | None]]]:
        """(period as the import files write it, the gain, each cost) for every period with a value."""
        costs = [c.cost for c in self.counterweights]
        kind = self.attraction.periodicity
        return [
            (period_label(kind, p), self.values[self.attraction.pk].get(p), [self.values[c.pk].get(p) for c in costs])
            for p in self.periods
        ]

    def lines(self) -> list[tuple[str, list[tuple[Decimal | None, str]]]]:
        """(period, [(value, unit) of the gain, then of each cost]): the rows as a page formats them."""
        units = [i.unit for i in [self.attraction, *(c.cost for c in self.counterweights)]]
        return [(period, list(zip([gain, *costs], units, strict=True))) for period, gain, costs in self.rows()]


def _visible_counterweights(access: Access) -> "Prefetch[Any]":
    return Prefetch(
        "counterweights",
        queryset=Counterweight.objects.visible_to(access)
        .filter(cost__archived_at__isnull=True)
        .filter(cost__in=Indicator.objects.visible_to(access))
        .select_related("cost"),
    )


def externality_ledger(
    *,
    access: Access,
    within: Territory | None,
    first: datetime.date,
    last: datetime.date,
    attraction: Indicator | None = None,
) -> list[LedgerEntry]:
    """Every attraction indicator beside its counterweights (or one of them): four queries."""
    # Their values and counterweights are read, never their many-to-many sets (objectives, projects…).
    attractions = Indicator.objects.visible_to(access).without_many_sets().filter(role=IndicatorRole.ATTRACTION)
    if attraction is not None:
        attractions = attractions.filter(pk=attraction.pk)
    chosen = list(attractions.prefetch_related(_visible_counterweights(access)).order_by("name"))
    every = {i.pk: i for i in chosen}
    for indicator in chosen:
        every.update({c.cost.pk: c.cost for c in indicator.counterweights.all()})
    territory_ids = area_ids(within) if within is not None else None
    table = indicator_table(
        access=access, indicators=every.values(), territory_ids=territory_ids, first=first, last=last
    )
    values = {pk: table.per_period(indicator) for pk, indicator in every.items()}
    entries = []
    for indicator in chosen:
        involved = [indicator.pk, *(c.cost.pk for c in indicator.counterweights.all())]
        periods = sorted({p for pk in involved for p in values[pk]})
        illustrative = any(table.illustrative(every[pk]) for pk in involved)
        entries.append(
            LedgerEntry(indicator, list(indicator.counterweights.all()), periods, values, illustrative=illustrative)
        )
    return entries


def review_queue(*, access: Access) -> Any:
    """Submitted values the user may approve or return, oldest first."""
    queryset = Observation.objects.visible_to(access).filter(status=ObservationStatus.SUBMITTED)
    if not access.coordinator:
        queryset = queryset.filter(among("indicator_id", Indicator.objects.filter(owner_id__in=access.edits_for)))
    return queryset.select_related("indicator", "territory", "owner", "entered_by", "submitted_by").order_by(
        "updated_at", "pk"
    )  # read along the index obs_status_updated
