"""The suggestions behind RecordChoiceInput (core.widgets), for every kind of record."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .entities import REGISTRY
from .permissions import access_for


def record_choices(request: HttpRequest, entity: str) -> HttpResponse:
    """Suggestions for a RecordChoiceInput: visible records of a kind whose name matches what was typed."""
    spec = REGISTRY.get(entity)
    if spec is None:
        raise Http404
    typed = (request.GET.get(request.GET.get("field", "")) or "").strip()
    records = []
    if len(typed) >= 2 and spec.search_fields:
        condition = reduce(or_, (Q(**{f"{name}__icontains": typed}) for name in spec.search_fields))
        records = list(spec.base_queryset().visible_to(access_for(request.user)).filter(condition)[:20])
    return render(request, "core/_choices.html", {"records": records})
