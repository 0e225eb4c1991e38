"""Vega-Lite specifications of the results dashboards, served as JSON by results.views."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .periods import period_label
from .selectors import Equity, IndicatorProgress, LedgerEntry

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
TIME_UNITS = {"year": "year", "quarter": "yearquarter", "month": "yearmonth"}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def trend_spec(item: IndicatorProgress) -> dict[str, Any]:
    """The indicator's values over time, with its baseline and target as horizontal rules."""
    indicator = item.indicator
    values: list[dict[str, Any]] = [
        {
            "period": period_label(indicator.periodicity, p),
            "date": p.isoformat(),
            "value": _number(v),
            "series": _("Actual"),
        }
        for p, v in item.series.items()
    ]
    rules = []
    if item.baseline is not None:
        rules.append({"label": _("Baseline"), "value": _number(item.baseline)})
    if item.target is not None:
        rules.append({"label": _("Target"), "value": _number(item.target)})
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {
                    "field": "date",
                    "type": "temporal",
                    "timeUnit": TIME_UNITS[indicator.periodicity],
                    "title": _("Period"),
                },
                "y": {"field": "value", "type": "quantitative", "title": indicator.unit},
                "tooltip": [{"field": "period", "title": _("Period")}, {"field": "value", "title": indicator.unit}],
            },
        }
    ]
    if rules:
        layers.append(
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {"field": "label", "type": "nominal", "title": ""},
                    "tooltip": [{"field": "label"}, {"field": "value"}],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "description": _("%(indicator)s over time, against its target") % {"indicator": indicator.name},
        "width": "container",
        "height": 220,
        "layer": layers,
    }


def ledger_spec(entry: LedgerEntry) -> dict[str, Any]:
    """The gain and each of its costs over time, one small chart per indicator, side by side."""
    values = []
    involved = [(entry.attraction, _("Gain")), *((c.cost, _("Cost")) for c in entry.counterweights)]
    for indicator, side in involved:
        for period, value in entry.values.get(indicator.pk, {}).items():
            values.append(
                {
                    "indicator": f"{indicator.name} ({indicator.unit})",
                    "side": side,
                    "date": period.isoformat(),
                    "value": _number(value),
                }
            )
    return {
        "$schema": SCHEMA,
        "description": _("%(indicator)s beside its costs") % {"indicator": entry.attraction.name},
        "data": {"values": values},
        "facet": {"field": "indicator", "type": "nominal", "title": None},
        "columns": 2,
        "spec": {
            "width": 260,
            "height": 140,
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "timeUnit": "year", "title": None},
                "y": {"field": "value", "type": "quantitative", "title": None},
                "color": {
                    "field": "side",
                    "type": "nominal",
                    "title": "",
                    "scale": {"domain": [_("Gain"), _("Cost")], "range": ["#1b6e3a", "#b3261e"]},
                },
                "tooltip": [{"field": "indicator"}, {"field": "date", "type": "temporal"}, {"field": "value"}],
            },
        },
        "resolve": {"scale": {"y": "independent"}},
    }


def equity_spec(equity: Equity) -> dict[str, Any]:
    """Municipalities ranked by the indicator per 1,000 inhabitants."""
    values = [
        {"territory": r.territory.name, "per_thousand": round(r.per_thousand, 3), "brand": r is equity.brand}
        for r in equity.rows
        if r.per_thousand is not None
    ]
    return {
        "$schema": SCHEMA,
        "description": _("%(indicator)s per 1,000 inhabitants, by municipality") % {"indicator": equity.indicator.name},
        "data": {"values": values},
        "width": "container",
        "height": {"step": 14},
        "mark": "bar",
        "encoding": {
            "y": {"field": "territory", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "per_thousand", "type": "quantitative", "title": _("per 1,000 inhabitants")},
            "color": {"field": "brand", "type": "nominal", "legend": None, "scale": {"range": ["#5a6b7b", "#c05b00"]}},
            "tooltip": [{"field": "territory"}, {"field": "per_thousand", "format": ".2f"}],
        },
    }
