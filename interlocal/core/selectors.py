"""Reads shared by the pages, the public portal and the API, with the permission filter."""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from .entities import EntitySpec, spec_for_model
from .models import Record
from .permissions import Access
from .visibility import related_search_q
from .widgets import RecordChoiceInput, quicken, too_many_to_list


class RecordFilterSet(django_filters.FilterSet):
    """Choices of related-record filters only offer records the reader may see."""

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Record):
                form_field.queryset = queryset.visible_to(access)
                # A select of a hundred thousand organisations helps no one and costs seconds.
                spec = spec_for_model(queryset.model)
                if spec is not None and too_many_to_list(form_field.queryset):
                    multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
                    form_field.widget = RecordChoiceInput(entity=spec.key, multiple=multiple)
            quicken(form_field)


def filterset_class(spec: EntitySpec) -> type[RecordFilterSet]:
    meta = type("Meta", (), {"model": spec.model, "fields": spec.filter_fields})
    return type(f"{spec.model.__name__}FilterSet", (RecordFilterSet,), {"Meta": meta})


@dataclass
class RecordListing:
    queryset: QuerySet
    filterset: RecordFilterSet
    search: str
    sort: str


def record_list(*, spec: EntitySpec, access: Access, params: QueryDict) -> RecordListing:
    """Visible records of one kind, filtered, searched and sorted as the parameters ask."""
    include_archived = params.get("archived") == "1"
    queryset = spec.base_queryset().visible_to(access, include_archived=include_archived)
    filterset = filterset_class(spec)(params or None, queryset=queryset, access=access)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    elif filterset.is_bound:
        queryset = queryset.none()
    search = (params.get("q") or "").strip()[:200]
    if search and spec.search_fields:
        matches = (related_search_q(spec.model, name, search, access) for name in spec.search_fields)
        queryset = queryset.filter(reduce(or_, matches))
    sort = params.get("sort") or spec.default_sort
    if sort.lstrip("-") in spec.sort_options:
        queryset = queryset.order_by(sort, "pk")
    else:
        sort = ""
    return RecordListing(queryset=queryset, filterset=filterset, search=search, sort=sort)


def record_get(*, spec: EntitySpec, access: Access, pk: Any) -> Any:
    """One record the reader may see, or 404 (never a hint that a hidden record exists)."""
    try:
        return spec.base_queryset().visible_to(access, include_archived=True).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("No such record.")) from None


@dataclass
class Version:
    history_id: int
    date: Any
    user: Any
    kind: str
    reason: str
    changes: list[tuple[str, Any, Any]]


def record_history(record: Model, *, limit: int = 100) -> list[Version]:
    """The record's versions, newest first, each with what changed from the one before."""
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])  # type: ignore[attr-defined]
    versions = []
    for newer, older in zip(rows, rows[1:] + [None], strict=True):
        if newer is rows[-1] and len(rows) > limit:
            break
        changes: list[tuple[str, Any, Any]] = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                label = str(getattr(record._meta.get_field(change.field), "verbose_name", change.field))
                changes.append((label, change.old, change.new))
        versions.append(
            Version(
                history_id=newer.history_id,
                date=newer.history_date,
                user=newer.history_user,
                kind=str({"+": _("created"), "~": _("changed"), "-": _("deleted")}[newer.history_type]),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return versions
