"""Vega-Lite specifications of the results dashboards, served as JSON by results.views.

Numbers are drawn in the reader's language (`config.locale.number`, from core.numbers) with a d3 format
that follows the unit: counts without a fraction, percentages with one decimal, other quantities with at
most two. A chart drawn from illustrative values says so in its title.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from interlocal.core.numbers import PERCENT_UNITS, is_count, number_locale

from .models import IndicatorKind
from .periods import period_label
from .selectors import Equity, IndicatorProgress, LedgerEntry

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
TIME_UNITS = {"year": "year", "quarter": "yearquarter", "month": "yearmonth"}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def number_format(unit: str) -> str:
    """The d3 format of a value in this unit: ",.0f" for a count, ",.1f" for a percentage, else ",.2~f"."""
    if is_count(unit):
        return ",.0f"
    return ",.1f" if unit.strip().lower() in PERCENT_UNITS else ",.2~f"


def _framed(spec: dict[str, Any], title: str, illustrative: bool) -> dict[str, Any]:
    """The spec with its title (and the illustrative label under it) and the reader's number locale."""
    heading: dict[str, Any] = {"text": title, "anchor": "start", "fontSize": 13}
    if illustrative:
        heading["subtitle"] = _("Illustrative data: generated example values, not cited facts")
    return {**spec, "title": heading, "config": {"locale": {"number": number_locale()}}}


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
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": indicator.unit,
                    "axis": {"format": number_format(indicator.unit)},
                    # A position in a ranking: the 1st place, the best, at the top.
                    **({"scale": {"reverse": True}} if indicator.kind == IndicatorKind.RANKING else {}),
                },
                "tooltip": [
                    {"field": "period", "title": _("Period")},
                    {"field": "value", "title": indicator.unit, "format": number_format(indicator.unit)},
                ],
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
                    "tooltip": [{"field": "label"}, {"field": "value", "format": number_format(indicator.unit)}],
                },
            }
        )
    description = _("%(indicator)s over time, against its target") % {"indicator": indicator.name}
    spec = {"$schema": SCHEMA, "description": description, "width": "container", "height": 220, "layer": layers}
    return _framed(spec, description, item.illustrative)


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
    description = _("%(indicator)s beside its costs") % {"indicator": entry.attraction.name}
    units = {number_format(i.unit) for i, _side in involved}
    shared = units.pop() if len(units) == 1 else ",.2~f"  # one format for every small chart of the facet
    spec = {
        "$schema": SCHEMA,
        "description": description,
        "data": {"values": values},
        # The gain first, then its costs in the counterweights' order, not alphabetically.
        "facet": {
            "field": "indicator",
            "type": "nominal",
            "title": None,
            "sort": [f"{indicator.name} ({indicator.unit})" for indicator, _side in involved],
        },
        "columns": 2,
        "spec": {
            "width": 260,
            "height": 140,
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "timeUnit": "year", "title": None},
                "y": {"field": "value", "type": "quantitative", "title": None, "axis": {"format": shared}},
                "color": {
                    "field": "side",
                    "type": "nominal",
                    "title": "",
                    "scale": {"domain": [_("Gain"), _("Cost")], "range": ["#1b6e3a", "#b3261e"]},
                },
                "tooltip": [
                    {"field": "indicator"},
                    {"field": "date", "type": "temporal", "timeUnit": "year"},
                    {"field": "value", "format": shared},
                ],
            },
        },
        # Each small chart its own x axis: a shared one is drawn under the empty cell of an odd last row.
        "resolve": {"scale": {"y": "independent"}, "axis": {"x": "independent"}},
    }
    return _framed(spec, description, entry.illustrative)


def equity_spec(equity: Equity) -> dict[str, Any]:
    """Municipalities ranked by the indicator per 1,000 inhabitants (a quantity that adds up) or by its value."""
    indicator = equity.indicator
    if equity.additive:
        field, title, unit = "per_thousand", _("per 1,000 inhabitants"), ""
        description = _("%(indicator)s per 1,000 inhabitants, by municipality") % {"indicator": indicator.name}
        values = [
            {"territory": r.territory.name, "per_thousand": round(r.per_thousand, 3), "brand": r is equity.brand}
            for r in equity.rows
            if r.per_thousand is not None
        ]
    else:
        field, title, unit = "value", indicator.unit, indicator.unit
        description = _("%(indicator)s by municipality") % {"indicator": indicator.name}
        values = [
            {"territory": r.territory.name, "value": _number(r.value), "brand": r is equity.brand}
            for r in equity.rows
            if r.value is not None
        ]
    spec = {
        "$schema": SCHEMA,
        "description": description,
        "data": {"values": values},
        "width": "container",
        "height": {"step": 14},
        "mark": "bar",
        "encoding": {
            "y": {"field": "territory", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": field, "type": "quantitative", "title": title, "axis": {"format": number_format(unit)}},
            "color": {"field": "brand", "type": "nominal", "legend": None, "scale": {"range": ["#5a6b7b", "#c05b00"]}},
            "tooltip": [{"field": "territory"}, {"field": field, "title": title, "format": number_format(unit)}],
        },
    }
    return _framed(spec, description, equity.illustrative)
