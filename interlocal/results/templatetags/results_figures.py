"""Filters of the results pages, on top of core.numbers: a value in a column whose header names the unit, a share.

``{% load results_figures %}``: ``{{ row.value|amount:indicator.unit }}`` gives "12,346" for 12345.6 people in
English and "12.346" in Spanish (no fraction for a count); ``{{ row.share|share }}`` gives "60.0%", and never
"0%" for a share that is not nothing ("< 0.1%").
"""

from decimal import Decimal
from typing import Any

from django import template

from interlocal.core.numbers import PERCENT_UNITS, format_number, format_value, is_count

register = template.Library()
SMALLEST_SHARE = Decimal("0.1")  # in percent: what one decimal can show


@register.filter
def amount(value: Any, unit: str = "") -> str:
    """The value as its unit reads it, without the unit (the column names it); empty for no value."""
    if value is None or value == "":
        return ""
    if is_count(unit):
        return format_value(value, whole=True)
    if unit.strip().lower() in PERCENT_UNITS:
        return format_number(value, 1)
    return format_number(value)


@register.filter
def share(fraction: Any) -> str:
    """A share of a whole (0..1) as a percentage with one decimal; a share too small to show is "< 0.1%"."""
    if fraction is None or fraction == "":
        return ""
    percent = Decimal(str(fraction)) * 100
    if 0 < percent < SMALLEST_SHARE:
        return "< " + format_value(SMALLEST_SHARE, "%")
    return format_value(percent, "%")
