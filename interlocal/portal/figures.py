"""How the portal writes the figures that core.numbers does not settle alone."""

from decimal import Decimal
from typing import Any

from interlocal.core.numbers import format_value


def share_text(value: Any) -> str:
    """A share in per cent with its own decimals (two at most, three below 1 %): 0.045 never shows as "0%"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    places = max(0, -int(number.as_tuple().exponent))
    return format_value(number, "%", decimals=min(places, 2 if abs(number) >= 1 else 3))
