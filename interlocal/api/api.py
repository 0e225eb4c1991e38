"""The REST API under /api/v1/: one router per kind of record, plus the map data."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query

from interlocal.core.entities import REGISTRY
from interlocal.diplomacy.maps import map_data

from .auth import reader
from .crud import crud_router

api = NinjaAPI(
    title="Interlocal API",
    version="1",
    description="The registry of a metropolis's international action. Reads of public records need no login; writes need a bearer token.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


# Each app registers its kinds of record when it is ready (see its apps.py).
for key, spec in REGISTRY.items():
    api.add_router(f"/{key}/", crud_router(spec))


def _mount_app_routers() -> None:
    from interlocal.coordination.api import router as coordination_router
    from interlocal.iati.api import router as iati_router
    from interlocal.knowledge.api import router as search_router
    from interlocal.results.api import router as results_router

    api.add_router("/results/", results_router)
    api.add_router("/search", search_router)
    api.add_router("/iati/", iati_router)
    api.add_router("/coordination/", coordination_router)


_mount_app_routers()


@api.get("/map", tags=["map"], operation_id="map_data")
def map_points(request: HttpRequest) -> dict[str, Any]:
    """Partner places with agreements or engagements, and network presence by country."""
    from interlocal.core.permissions import access_for

    return map_data(access_for(reader(request)))


@api.get("/benchmark/compare", tags=["benchmark"], operation_id="benchmark_compare")
def benchmark_compare(request: HttpRequest, p: list[str] = Query(default=[])) -> list[dict[str, str]]:  # noqa: B008
    """Profiles side by side on the study's framework (all case studies when no `p` is given)."""
    from interlocal.benchmark.comparison import compare, comparison_records
    from interlocal.benchmark.selectors import profile_views
    from interlocal.core.permissions import access_for

    peers = profile_views(access=access_for(reader(request)))
    chosen = (
        [v for key in p for v in peers if v.profile.key == key]
        if p
        else [v for v in peers if v.profile.kind == "case_study"]
    )
    return comparison_records(compare(chosen, peers))
