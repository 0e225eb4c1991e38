"""The REST API under /api/v1/: one router per kind of record, and each app's own routers.

This module only mounts: the routers live in the apps (their api.py) and the
shared CRUD router and token authentication in interlocal/core/api.
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.responses import NinjaJSONEncoder

from interlocal.core.api.crud import ErrorOut, crud_router
from interlocal.core.entities import REGISTRY

# What any operation may answer besides its own outcomes, always as ErrorOut: a body that cannot be read (400), a
# bearer token that stopped working, even on a read (401), a role that may not (403), a record the reader may not
# know of (404), a parameter or record refused (422). Operations that declare their own shape for one keep theirs.
COMMON_ERRORS = {
    "400": "Bad request: the body could not be read.",
    "401": "Unauthorized: the bearer token is unknown, revoked or expired, or a write has none.",
    "403": "Forbidden: the reader's role does not allow it.",
    "404": "Not found, or not visible to the reader.",
    "422": "Unprocessable: a parameter or field was refused; the detail says which and why.",
}


class InterlocalAPI(NinjaAPI):
    """The API whose document declares COMMON_ERRORS on every operation; the document is built, and written as JSON
    (700 kB: 15 ms a request), once per process."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        documents: dict[str, OpenAPISchema] = self.__dict__.setdefault("_documents", {})
        key = repr((path_prefix, sorted((path_params or {}).items())))
        if key not in documents:
            documents[key] = self._with_common_errors(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
        return documents[key]

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        """Ninja's URLs, the document's served by `document_json`."""
        urls = super()._get_urls()
        return [
            path(str(self.openapi_url).lstrip("/"), self.document_json, name="openapi-json")
            if getattr(url, "name", None) == "openapi-json"
            else url
            for url in urls
        ]

    def document_json(self, request: HttpRequest, **path_params: Any) -> HttpResponse:
        """The OpenAPI document, as Ninja's own view answers it (`Response`), from the JSON written once per language
        (its descriptions are translated)."""
        written: dict[str, bytes] = self.__dict__.setdefault("_written", {})
        key = repr((translation.get_language(), sorted(path_params.items())))
        if key not in written:
            document = self.get_openapi_schema(path_params=path_params)
            written[key] = json.dumps(document, cls=NinjaJSONEncoder).encode()
        return HttpResponse(written[key], content_type="application/json")

    @staticmethod
    def _with_common_errors(document: OpenAPISchema) -> OpenAPISchema:
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    if status not in responses and int(status) not in responses:
                        responses[status] = {"description": description, "content": error}
        return document


api = InterlocalAPI(
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
    from interlocal.media.api import router as media_router
    from interlocal.participation.api import router as participation_router
    from interlocal.rankings.api import router as rankings_router
    from interlocal.registry.api import router as registry_router
    from interlocal.results.api import router as results_router
    from interlocal.talent.api import router as talent_router

    api.add_router("/results/", results_router)
    api.add_router("/search", search_router)
    api.add_router("/iati/", iati_router)
    api.add_router("/coordination/", coordination_router)
    api.add_router("/map", map_router)
    api.add_router("/benchmark/", benchmark_router)
    api.add_router("/registry/", registry_router)
    api.add_router("/ecosystem/", ecosystem_router)
    api.add_router("/participation/", participation_router)
    api.add_router("/talent/", talent_router)
    api.add_router("/rankings/", rankings_router)
    api.add_router("/media/", media_router)


_mount_app_routers()
