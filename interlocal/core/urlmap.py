"""The site's map of URLs a reader may GET, from the URL conf and the OpenAPI document.

A route's parameters are filled by the caller (`values`): the tests' walks fill them with the ids of the
records they planted, the bench (`manage.py bench_urls`) with records of the data it measures. So a page
added later is walked and measured without anyone listing it.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from .entities import REGISTRY

# Not pages of the product: Django's admin, the login pages, the language switch, the API's own
# documentation page, and the health check (which names no record).
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/", "api/v1/docs", "health/")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
API_PARAM = re.compile(r"\{(\w+)\}")

# (converter, parameter name, the kind of record the route names or None, the route) → the values to try
Values = Callable[[str, str, Any, str], list[str]]


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def routes() -> Iterator[tuple[str, URLPattern]]:
    """Every route of the URL conf but the skipped ones, written with `<converter:name>` parameters."""
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        route = route.lstrip("^").rstrip("$").replace("\\.", ".")
        yield REGEX_GROUP.sub(lambda m: f"<{m.group(1)}>", route), pattern


def model_of(route: str, pattern: URLPattern | None) -> Any:
    """The kind of record a route's pk names, when the route belongs to a registered kind."""
    spec = getattr(pattern.callback, "view_initkwargs", {}).get("spec") if pattern is not None else None
    if spec is None:
        match = re.match(r"api/v1/([a-z-]+)/", route)
        spec = REGISTRY.get(match.group(1)) if match else None
    return spec.model if spec is not None else None


def page_urls(values: Values) -> Iterator[str]:
    """Every route of the URL conf, once for each combination of the values given for its parameters."""
    for route, pattern in routes():
        params = PARAM.findall(route)
        filled = ["/" + route]
        model = model_of(route, pattern) if params else None
        for converter, name in params:
            token = f"<{converter + ':' if converter else ''}{name}>"
            filled = [url.replace(token, value, 1) for url in filled for value in values(converter, name, model, route)]
        yield from filled


def api_urls(document: dict[str, Any], values: Values) -> Iterator[str]:
    """Every GET path of the OpenAPI document, once for each combination of the values given for its ids."""
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        model = model_of(path.removeprefix("/"), None)
        filled = [path]
        for name in API_PARAM.findall(path):
            values_now = values("int", name, model, path)
            filled = [url.replace("{" + name + "}", value) for url in filled for value in values_now]
        yield from filled
