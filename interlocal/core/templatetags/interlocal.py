from decimal import Decimal
from typing import Any

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interlocal.core.entities import Column
from interlocal.core.numbers import format_number, format_value
from interlocal.core.widgets import option_tags

register = template.Library()

# Whole numbers that are names rather than quantities: shown as they are, never "2,019".
PLAIN_INTEGERS = {"year", "position", "geonameid", "number", "governance_scenario", "planning_kind", "scale"}


def readable(value: Any, name: str) -> Any:
    """A field's value for a page: amounts and counts with the reader's separators, anything else as it is."""
    if isinstance(value, Decimal) or (
        isinstance(value, int) and not isinstance(value, bool) and name.rsplit(".", 1)[-1] not in PLAIN_INTEGERS
    ):
        return format_number(value)
    return value


@register.simple_tag
def options(choices: list[tuple[str, str]], selected: str) -> SafeString:
    """The <option>s of a select, `selected` chosen: one call for lists of hundreds (indicator pickers)."""
    tags = option_tags((value, name, {"selected": value == selected}) for value, name in choices)
    return mark_safe(tags)  # noqa: S308 - option_tags escapes every value and name


@register.simple_tag
def cell(record: Any, column: Column) -> Any:
    """The value of one list column for a record, linked to the record when the column says so."""
    value: Any = record
    for part in column.attr.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
    if value is None or value == "":
        value = "—"
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        value = readable(value, column.attr)
    elif value is True:
        value = "✓"
    elif value is False:
        value = ""
    if column.link:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
    if isinstance(value, Model) and hasattr(value, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    return value


@register.simple_tag
def badges(record: Any) -> SafeString:
    """A record's badges: its visibility, and whether it is illustrative or archived."""
    parts = [format_html('<span class="badge badge-{}">{}</span>', record.visibility, record.get_visibility_display())]
    if record.illustrative:
        parts.append(
            format_html(
                ' <span class="badge badge-illustrative" title="{}">{}</span>',
                gettext("Generated example data, not a cited fact."),
                gettext("illustrative"),
            )
        )
    if record.archived_at:
        parts.append(format_html(' <span class="badge badge-archived">{}</span>', gettext("archived")))
    return mark_safe("".join(parts))  # noqa: S308 - each part is built by format_html


@register.simple_tag
def record_rows(rows: Any, columns: list[Column]) -> SafeString:
    """The rows of a list of records: a cell for each column, then the record's badges.

    Written in Python rather than with a template per row, whose cost grows with the rows of the page.
    """
    html = []
    for record in rows:
        cells = "".join(f"<td>{conditional_escape(cell(record, column))}</td>" for column in columns)
        html.append(f"<tr>{cells}<td>{badges(record)}</td></tr>")
    return mark_safe("\n".join(html))  # noqa: S308 - every cell is escaped, as {% cell %} would be


@register.simple_tag
def sort_link(query: str, column: Column, current: str) -> str:
    """The query string that sorts by this column, flipping the direction when already sorted by it."""
    descending = current == column.sort
    order = f"-{column.sort}" if descending else column.sort
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["sort"] = order
    return "?" + params.urlencode()


@register.simple_tag
def aria_sort(column: Column, current: str) -> str:
    if current == column.sort:
        return "ascending"
    if current == f"-{column.sort}":
        return "descending"
    return "none"


@register.filter
def is_model_list(value: Any) -> bool:
    return isinstance(value, list)


@register.filter
def figure(value: Any, unit: str = "") -> str:
    """A value with its unit in the reader's language: ``{{ amount|figure:"EUR" }}`` gives "5.665.000 €" in Spanish."""
    return format_value(value, unit)


@register.filter
def count(value: Any) -> str:
    """A whole number with thousand separators: ``{{ members|count }}``."""
    return format_value(value, whole=True)


@register.filter
def number(value: Any, decimals: int | None = None) -> str:
    """A number with the reader's separators and at most `decimals` decimals: ``{{ share|number:1 }}``."""
    return format_number(value, decimals)
