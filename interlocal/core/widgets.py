"""Inputs for choosing among many records: a text box with suggestions instead of a huge select,
and selects written in Python for the hundreds of options of the lists' filters."""

import html
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import memo
from .access import Access
from .entities import spec_for_model
from .models import Record
from .paging import capped_count

LARGE_CHOICES = 300  # past this many choices, a select becomes a text box with suggestions
LEADING_NUMBER = re.compile(r"\s*(\d+)")


def too_many_to_list(queryset: "QuerySet[Any]") -> bool:
    """Whether a select would hold more than LARGE_CHOICES records (counted up to one more)."""
    return capped_count(queryset, LARGE_CHOICES)[1]


def remembered_selects(form: forms.BaseForm) -> dict[str, forms.ModelChoiceField]:  # type: ignore[type-arg]
    """The form's selects whose options `offer_records` remembers, by name: of records, or of a reference table
    the product loads and never edits (`loaded_reference`: SDG targets, themes, world regions)."""
    return {
        name: form_field
        for name, form_field in form.fields.items()
        if isinstance(form_field, forms.ModelChoiceField)
        and (issubclass(model := getattr(form_field.queryset, "model", object), Record) or _is_reference(model))
    }


def _is_reference(model: Any) -> bool:
    return bool(getattr(model, "loaded_reference", False))


def offer_records(fields: dict[str, Any], access: Access, what: str) -> list[str]:
    """Give each select in `fields` (`remembered_selects`) its options, as a page that shows the form needs them;
    the names of those that became a text box with suggestions (`RecordChoiceInput`), the selects of more than
    LARGE_CHOICES records, of which no one could pick.

    The options are remembered for each class of reader until a row of their kinds changes (`core.memo`), under
    `what` (the form's class): a page shows the same ones on every request. The lists' filters and the records'
    forms share this; the API and the imports validate without it, on the fields' querysets alone.
    """
    if not fields:
        return []
    options = memo.memoised(
        "record-options",
        access,
        {form_field.queryset.model for form_field in fields.values()},
        lambda: {name: _options(form_field) for name, form_field in fields.items()},
        what,
    )
    typed = []
    for name, form_field in fields.items():
        if options[name] is None:
            spec = spec_for_model(form_field.queryset.model)
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            form_field.widget = RecordChoiceInput(entity=spec.key, multiple=multiple)  # type: ignore[union-attr]
            typed.append(name)
        else:
            form_field.widget.choices = options[name]
    return typed


def _options(form_field: Any) -> list[tuple[Any, str]] | None:
    """A select's options as (value, label), its empty choice first; None past LARGE_CHOICES records of a kind
    with a list of its own, whose suggestions a text box can offer."""
    if spec_for_model(form_field.queryset.model) is not None and too_many_to_list(form_field.queryset):
        return None
    return [(getattr(value, "value", value), str(label)) for value, label in form_field.choices]


def _number(text: Any) -> Any:
    match = LEADING_NUMBER.match(str(text or ""))
    return match.group(1) if match else text


class RecordChoiceInput(forms.TextInput):
    """Type a name, pick a suggestion (“123 · Name”); the record's number is what is submitted."""

    def __init__(self, *, entity: str, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.entity = entity
        self.multiple = multiple

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            if isinstance(values, str):
                values = [values]
            numbers = [n for value in values or [] for n in re.split(r"[,;]\s*", str(value)) if n.strip()]
            return [_number(n) for n in numbers]
        return _number(data.get(name))

    def format_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        attrs = dict(attrs or {})
        datalist = f"{attrs.get('id', name)}-choices"
        url = f"{reverse('core:record-choices', args=[self.entity])}?field={name}"
        attrs.update(
            {"list": datalist, "hx-get": url, "hx-trigger": "keyup changed delay:300ms", "hx-target": f"#{datalist}"}
        )
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), datalist)


def _attributes(attrs: dict[str, Any]) -> str:
    """HTML attributes as Django's attrs.html writes them (True: the bare name; False or None: left out)."""
    return "".join(
        f" {name}" if value is True else f' {name}="{html.escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def option_tags(options: Iterable[tuple[Any, Any, dict[str, Any]]]) -> str:
    """`<option>` elements of (value, label, attributes), every value and label escaped."""
    return "".join(
        f'<option value="{html.escape(str(value))}"{_attributes(attrs)}>{html.escape(str(label))}</option>'
        for value, label, attrs in options
    )


class QuickSelect(forms.Select):
    """A select written in Python, with the same HTML as Django's.

    Django renders each option with a template of its own, which costs milliseconds for the
    hundreds of options of a list's filters (countries, SDG targets) on every page view.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{html.escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'<optgroup label="{html.escape(str(group))}">')
            parts.append(option_tags((o["value"], o["label"], o["attrs"]) for o in options))
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every name, value and label is escaped above


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """QuickSelect for many values."""


def searchable(field: forms.Field) -> None:
    """Mark a select for the type-to-search box of js/app.js (organisations, places, countries…).

    The browser turns it into one only past a dozen options; without JavaScript it stays the select.
    """
    if isinstance(field.widget, forms.Select):
        field.widget.attrs["data-searchable"] = True


def quicken(field: forms.Field) -> None:
    """Give a field with Django's own select (or multiple select) the quick one, with the same choices."""
    kind = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}.get(type(field.widget))
    if kind is not None:
        widget = kind(attrs=field.widget.attrs, choices=field.widget.choices)
        widget.is_required = field.widget.is_required
        field.widget = widget
