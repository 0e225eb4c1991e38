"""The map API: `GET /api/v1/map`, the points behind the world map.

Mounted by interlocal/api/api.py as `api.add_router("/map", router)`.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from interlocal.core.api.auth import reader
from interlocal.core.permissions import access_for

from .forms import MapFilterForm
from .maps import map_data

router = Router(tags=["map"])


@router.get("", operation_id="map_data")
def map_points(request: HttpRequest) -> dict[str, Any]:
    """Partner places with agreements or engagements, and network presence by country.

    Filters: `kind` (agreement, engagement, network; repeatable), `status` (an agreement status), `first` and
    `last` (years, inclusive: the records under way at some time between them)."""
    form = MapFilterForm(request.GET)
    if form.is_bound and not form.is_valid():
        raise HttpError(400, "; ".join(str(m) for messages in form.errors.values() for m in messages))
    return map_data(access_for(reader(request)), form.filters())
