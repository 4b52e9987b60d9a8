"""Every route of the site and every operation of the API, and how to fill in their paths."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str  # the full path pattern, e.g. "kantor/permohonan/<int:pk>/"
    name: str  # "namespace:name", or "" for an unnamed pattern
    namespace: str


def site_routes() -> list[Route]:
    """Walk the resolver, namespaced includes and the admin too; the API is listed apart."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for item in patterns:
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                yield from walk(item.url_patterns, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern):
                name = item.name or ""
                full = f"{namespace}:{name}" if namespace and name else name
                yield Route(prefix + str(item.pattern), full, namespace)

    return [
        r for r in walk(get_resolver().url_patterns, "", "") if not r.pattern.startswith("api/v1/")
    ]


@functools.cache
def openapi_schema() -> dict[str, Any]:
    """The OpenAPI document of the NinjaAPI, built once (it is slow to build)."""
    from config.api import api

    return dict(api.get_openapi_schema())


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation in the OpenAPI document of the NinjaAPI."""
    schema = openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )


_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def fill(pattern: str, values: dict[str, Any]) -> str:
    """Turn a path pattern (route or regex syntax) into a path with the given values."""

    def value(match: re.Match[str]) -> str:
        return str(values[match.group("name")])

    path = _GROUP.sub(value, pattern)
    path = _CONVERTER.sub(value, path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def parameters(pattern: str) -> list[str]:
    groups = [m.group("name") for m in _GROUP.finditer(pattern)]
    return groups + [m.group("name") for m in _CONVERTER.finditer(_GROUP.sub("", pattern))]


def api_fill(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
