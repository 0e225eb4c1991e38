"""Numbers as a reader of each language writes them (core.numbers), as Babel's own `format_decimal` writes them."""

from decimal import Decimal

import pytest
from babel.numbers import format_decimal

from interlocal.core.numbers import format_number, format_value

VALUES = ["0", "0.5", "-3.25", "12.3456", "999.999", "1234.5678", "1234567.891", "-0.0001", "1e6"]


@pytest.mark.parametrize("language", ["en", "ca", "es", "fr", "pt-br"])
@pytest.mark.parametrize("decimals", [None, 0, 2, 4])
def test_a_number_is_written_as_babel_writes_it_in_the_reader_s_language(language: str, decimals: int | None) -> None:
    locale = language.replace("-br", "_BR")
    for value in map(Decimal, VALUES):
        places = decimals if decimals is not None else 0 if abs(value) >= 1000 else 1 if abs(value) >= 100 else 2
        pattern = "#,##0" + ("." + "#" * places if places else "")
        assert format_number(value, decimals, language=language) == format_decimal(value, pattern, locale=locale)


def test_numbers_units_and_amounts_read_as_their_language_writes_them() -> None:
    assert format_number(Decimal("1234.5678"), 4, language="ca") == "1.234,5678"
    assert format_number(Decimal("1234.5678"), 4, language="en") == "1,234.5678"
    assert format_number(Decimal("12.3456"), language="es") == "12,35"
    assert format_number(None) == "" and format_number("n/a") == "n/a"
    assert format_value(Decimal("1234567.891"), "people", language="es") == "1.234.568\xa0people"
    assert format_value(Decimal("5665000"), "EUR", language="es") == "5.665.000\xa0€"
    assert format_value(Decimal("5665000"), "EUR", language="en") == "€5,665,000"
    assert format_value(Decimal("12.5"), "%", language="ca") == "12,5\xa0%"
