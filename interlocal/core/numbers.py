"""Numbers as people read them: one place that formats every figure shown to a person.

Babel applies the reader's language (thousand separators, decimal mark, the
place of the euro sign and of the percent sign); the unit says what kind of
number it is:

- a currency code (``EUR``, ``USD``) is an amount of money, in whole units from 100 up;
- ``%`` is a percentage in points (12.5 means 12.5 %);
- a count (``whole=True``, or a unit such as "people") never shows a fraction;
- anything else is a quantity, with at most two decimals (fewer as it grows), then its unit.

Exports meant for machines (CSV, IATI, the API) keep raw values; only pages,
charts, the PDF and e-mails go through here. In templates: ``{{ value|figure:unit }}``
and ``{{ value|number }}`` from ``interlocal`` tags.
"""

import functools
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)
from django.utils.translation import get_language

Number = int | float | Decimal

CURRENCIES = {"EUR", "USD", "GBP", "CAD", "COP", "KRW", "ZAR", "UYU", "MXN", "CHF", "JPY"}
# Units whose values are counted, never measured: shown without a fraction.
COUNT_UNITS = {
    "activities", "agreements", "delegations", "events", "flats", "headquarters", "jobs", "meetings", "members",
    "missions", "organisations", "overnight stays", "passengers", "people", "projects", "students", "visitors",
}  # fmt: skip
PERCENT_UNITS = {"%", "percent", "per cent"}


def locale_name(language: str | None = None) -> str:
    """The Babel locale of a Django language code (``es``, ``ca``, ``en``; ``pt-br`` becomes ``pt_BR``)."""
    code = (language or get_language() or "en").replace("-", "_")
    head, _, tail = code.partition("_")
    return f"{head}_{tail.upper()}" if tail else head


@functools.lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@functools.lru_cache(maxsize=256)
def _number_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _format_decimal(number: Decimal, pattern: str, locale: str) -> str:
    """Babel's `format_decimal`, with the locale and the pattern parsed once (a review page shows 100 numbers: each
    call parsed them again, 16 µs a number instead of 4)."""
    return str(_number_pattern(pattern).apply(number, _locale(locale)))


def is_count(unit: str) -> bool:
    return unit.strip().lower() in COUNT_UNITS


def _decimal(value: Number | str) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _pattern(number: Decimal, decimals: int | None) -> str:
    if decimals is None:
        size = abs(number)
        decimals = 0 if size >= 1000 else 1 if size >= 100 else 2
    return "#,##0" + ("." + "#" * decimals if decimals else "")


def format_number(value: Number | str | None, decimals: int | None = None, *, language: str | None = None) -> str:
    """A plain number with the reader's separators; `decimals` is the most shown (fewer when they are zeros)."""
    number = None if value is None else _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return _format_decimal(number, _pattern(number, decimals), locale_name(language))


def format_value(
    value: Number | str | None,
    unit: str = "",
    *,
    whole: bool = False,
    decimals: int | None = None,
    language: str | None = None,
) -> str:
    """A value with its unit, as the reader's language writes it ("5.665.000 €", "12,5 %", "1,234 people")."""
    number = None if value is None else _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    locale = locale_name(language)
    unit = (unit or "").strip()
    if unit.upper() in CURRENCIES:
        digits = 0 if abs(number) >= 100 or number == number.to_integral_value() else 2
        pattern = "¤#,##0" + ("." + "0" * digits if digits else "")
        # Keep the locale's own placement of the symbol (before in English, after in Catalan and Spanish).
        if locale.split("_")[0] in ("ca", "es", "fr", "de", "it", "pt"):
            pattern = pattern.replace("¤", "") + "\xa0¤"
        return format_currency(number, unit.upper(), format=pattern, locale=_locale(locale), currency_digits=False)
    if unit.lower() in PERCENT_UNITS:
        places = 1 if decimals is None else decimals
        pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
        if locale.split("_")[0] in ("ca", "es", "fr", "de"):
            pattern = pattern[:-1] + "\xa0%"
        return format_percent(number / 100, format=pattern, locale=_locale(locale))
    if whole or is_count(unit):
        text = _format_decimal(number.quantize(Decimal(1)), "#,##0", locale)
    else:
        text = _format_decimal(number, _pattern(number, decimals), locale)
    return f"{text}\xa0{unit}" if unit else text


def number_locale(language: str | None = None) -> dict[str, object]:
    """The d3-format locale of the reader's language, for Vega-Lite charts (`config.locale.number`)."""
    locale = locale_name(language)
    euro_after = locale.split("_")[0] in ("ca", "es", "fr", "de", "it", "pt")
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", "\xa0€"] if euro_after else ["€", ""],
    }
