"""The home dashboard and the map page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from interlocal.coordination.selectors import overdue_actions
from interlocal.core.permissions import access_for

from .dashboard import agreements_needing_attention, entity_counts, recent_changes


def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    context = {
        "counts": entity_counts(access),
        "changes": recent_changes(access),
        "attention": agreements_needing_attention(access),
        "overdue": overdue_actions(access),
    }
    return render(request, "metropolis/home.html", context)


def world_map(request: HttpRequest) -> HttpResponse:
    return render(request, "metropolis/map.html")
