"""The map API: `GET /api/v1/map`, the points behind the world map.

Mounted by interlocal/api/api.py as `api.add_router("/map", router)`.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from interlocal.core.api.auth import reader
from interlocal.core.permissions import access_for

from .maps import map_data

router = Router(tags=["map"])


@router.get("", operation_id="map_data")
def map_points(request: HttpRequest) -> dict[str, Any]:
    """Partner places with agreements or engagements, and network presence by country."""
    return map_data(access_for(reader(request)))
