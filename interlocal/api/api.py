"""The REST API under /api/v1/: one router per kind of record, and each app's own routers.

This module only mounts: the routers live in the apps (their api.py) and the
shared CRUD router and token authentication in interlocal/core/api.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from interlocal.core.api.crud import crud_router
from interlocal.core.entities import REGISTRY

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
    from interlocal.benchmark.api import router as benchmark_router
    from interlocal.coordination.api import router as coordination_router
    from interlocal.diplomacy.api import router as map_router
    from interlocal.ecosystem.api import router as ecosystem_router
    from interlocal.iati.api import router as iati_router
    from interlocal.knowledge.api import router as search_router
    from interlocal.registry.api import router as registry_router
    from interlocal.results.api import router as results_router

    api.add_router("/results/", results_router)
    api.add_router("/search", search_router)
    api.add_router("/iati/", iati_router)
    api.add_router("/coordination/", coordination_router)
    api.add_router("/map", map_router)
    api.add_router("/benchmark/", benchmark_router)
    api.add_router("/registry/", registry_router)
    api.add_router("/ecosystem/", ecosystem_router)


_mount_app_routers()
