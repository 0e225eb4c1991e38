"""The home dashboard and the map page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import agreements_needing_attention, entity_counts, recent_changes
from .permissions import access_for


def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    context = {
        "counts": entity_counts(access),
        "changes": recent_changes(access),
        "attention": agreements_needing_attention(access),
    }
    return render(request, "core/home.html", context)


def world_map(request: HttpRequest) -> HttpResponse:
    return render(request, "core/map.html")
