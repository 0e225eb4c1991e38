"""The base form of every record: validation at the edge, the write through a service."""

import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ManyToManyField, Model, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services
from .access import Author
from .models import Record
from .permissions import Access
from .versions import version_of
from .visibility import hidden_ids, is_record_model
from .widgets import offer_records, quicken, remembered_selects, searchable

RECORD_FIELDS = ["owner", "visibility", "language", "citation"]
VERSION_FIELD = "loaded_version"  # an edit form: the version of the record it was loaded from
SUBMISSION_FIELD = "submission_key"  # a create form: a one-time key, so a second submission creates nothing


def check_period(form: forms.BaseForm, start: str, end: str) -> None:
    """Add an error on `end` when the form's end date comes before its start date."""
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, _("The end date cannot be before the start date."))


def reader_language() -> str:
    """The reader's language as a record's language (what a public form's sender wrote in): one of the site's."""
    language = (get_language() or "")[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class PublicForm(forms.Form):
    """A form anyone may send without an account (a request about a practice, a contribution, a subscription).

    It carries a honeypot: a field the page hides from people and robots that fill in every field fill in.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"] = self.fields.pop("website")  # last, after the form's own fields

    @property
    def is_robot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


def _limit_choices_to(model: Any, name: str) -> Any:
    """The limit_choices_to of the model's relation `name` (a dict or a Q), or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.get_limit_choices_to() if getattr(field, "remote_field", None) else None


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]  # the form of every kind of record
    """A ModelForm that knows who is filling it in.

    The owner can only be an organisation the user writes for, or the one the
    record already has; every related-record choice only offers records the user
    may see. A hidden field carries the version an edit started from, or the
    one-time key of a new record's form.
    """

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        for name, form_field in self.fields.items():
            queryset = getattr(form_field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, Record):
                continue
            choices = cast("forms.ModelChoiceField[Any]", form_field)
            if name == "owner" and not access.coordinator:
                # An editor of an organisation's record keeps its owner, even one they could not choose.
                kept = Q(pk=self.instance.owner_id) if self.instance.owner_id else Q()
                choices.queryset = queryset.filter(Q(pk__in=access.edits_for) | kept)
            else:
                # A choice is its number and its name: no many-to-many set of the records is read for it.
                choices.queryset = queryset.visible_to(access).without_many_sets()
            if limit := _limit_choices_to(self._meta.model, name):
                # Also as a plain condition, which an index serves: Django applies limit_choices_to as an EXISTS
                # on each row's key, so counting the networks among 100,000 organisations read every one.
                choices.queryset = choices.queryset.complex_filter(limit)
        if "owner" in self.fields and not self.instance.pk and len(access.edits_for) == 1:
            self.fields["owner"].initial = next(iter(access.edits_for))
        for form_field in self.fields.values():
            quicken(form_field)
            searchable(form_field)
            if isinstance(form_field.widget, forms.SelectMultiple):
                form_field.help_text = form_field.help_text or _("Hold Ctrl (Cmd on a Mac) to choose more than one.")
        if self.instance.pk:
            self.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=version_of(cast(Record, self.instance))
            )
        else:
            self.fields[SUBMISSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=64, initial=uuid.uuid4().hex
            )

    def offer_choices(self) -> "RecordForm":
        """Ready the form for a page that shows it: its selects of records and of reference tables get their
        options, remembered for each class of reader, and those of thousands of records become a text box with
        suggestions (`widgets.offer_records`). The API and the imports validate without it.

        An editor's choice of owner (the organisations they write for) is short and drawn as it is.
        """
        selects = remembered_selects(self)
        if not self.access.coordinator:
            selects.pop("owner", None)
        form_class = type(self)
        for name in offer_records(selects, self.access, f"form:{form_class.__module__}.{form_class.__qualname__}"):
            self.fields[name].help_text = _("Type a few letters and pick a suggestion, or give the record's number.")
        return self

    def loaded_version(self) -> str | None:
        """The version the edit was made from, when the form says (the API says it with If-Match)."""
        return self.cleaned_data.get(VERSION_FIELD) or None

    def split_cleaned_data(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Plain field values and many-to-many sets, as the services take them."""
        fields: dict[str, Any] = {}
        m2m: dict[str, Any] = {}
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        for name, value in self.cleaned_data.items():
            model_field = model_fields.get(name)
            if model_field is None or not getattr(model_field, "concrete", False):
                continue
            if isinstance(model_field, ManyToManyField):
                m2m[name] = value
            else:
                fields[name] = value
        return fields, m2m

    def save_with(self, *, user: Author) -> Model:
        """Create or update the record through the core services."""
        fields, m2m = self.split_cleaned_data()
        if self.instance.pk:
            for name, chosen in m2m.items():
                m2m[name] = [*chosen, *self._hidden_links(name)]
            return services.record_update(
                access=self.access,
                user=user,
                instance=cast(Record, self.instance),
                fields=fields,
                m2m=m2m,
                version=self.loaded_version(),
            )
        model = cast(type[Record], self._meta.model)
        return services.record_create(access=self.access, user=user, model=model, fields=fields, m2m=m2m)

    def _hidden_links(self, name: str) -> list[Any]:
        """Records linked through `name` that the user cannot see, and so could not have unticked."""
        field = self._meta.model._meta.get_field(name)
        linked = self._meta.model._default_manager.filter(pk=self.instance.pk).values_list(name, flat=True)
        ids = hidden_ids(field.related_model, linked, self.access) if is_record_model(field.related_model) else set()
        return sorted(ids)
