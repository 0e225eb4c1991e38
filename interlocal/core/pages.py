"""The home dashboard and the map page."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from interlocal.coordination.selectors import overdue_actions

from .dashboard import agreements_needing_attention, entity_counts, recent_changes
from .entities import REGISTRY
from .permissions import access_for, visible_q


def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    context = {
        "counts": entity_counts(access),
        "changes": recent_changes(access),
        "attention": agreements_needing_attention(access),
        "overdue": overdue_actions(access),
    }
    return render(request, "core/home.html", context)


def world_map(request: HttpRequest) -> HttpResponse:
    return render(request, "core/map.html")


def record_choices(request: HttpRequest, entity: str) -> HttpResponse:
    """Suggestions for a RecordChoiceInput: visible records of a kind whose name matches what was typed."""
    spec = REGISTRY.get(entity)
    if spec is None:
        raise Http404
    typed = (request.GET.get(request.GET.get("field", "")) or "").strip()
    records = []
    if len(typed) >= 2 and spec.search_fields:
        condition = reduce(or_, (Q(**{f"{name}__icontains": typed}) for name in spec.search_fields))
        records = list(spec.base_queryset().filter(visible_q(access_for(request.user))).filter(condition)[:20])
    return render(request, "core/_choices.html", {"records": records})
