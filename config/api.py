"""The JSON API at /api/v1/: one NinjaAPI, one router per app, one error shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from terbuka.accounts.api import router as accounts_router
from terbuka.bodies.api import router as bodies_router
from terbuka.budget.api import router as budget_router
from terbuka.calendars.api import router as calendars_router
from terbuka.core.exceptions import DomainError
from terbuka.inforequests.api import router as requests_router
from terbuka.monev.api import router as monev_router
from terbuka.objections.api import router as objections_router
from terbuka.registry.api import router as registry_router
from terbuka.reports.api import router as reports_router
from terbuka.search.api import router as search_router

# Answers any operation may give besides its own: the exception handlers below send them.
_BODY_ERROR = ("400", "The request body could not be parsed (not JSON, not UTF-8).")
_AUTH_ERROR = ("401", "No valid API token or session.")
_MISSING_ERROR = (
    "404",
    "The object named in the path does not exist or is hidden from the caller.",
)
_INPUT_ERROR = ("422", "A parameter or the body does not match the schema or the rules.")


def _document_errors(schema: dict[str, Any]) -> None:
    """Add the error answers every operation can give to its `responses` (X6, schemathesis).

    They come from the exception handlers, not from the views, so a view's `response=` need
    not list them: 400 for a body ninja cannot parse, 401 where a token or session is
    required, 404 where the path names an object, 422 where anything is read from the request.
    """
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters", [])
            wanted = []
            if "requestBody" in operation:
                wanted.append(_BODY_ERROR)
            if operation.get("security") and {} not in operation["security"]:
                wanted.append(_AUTH_ERROR)
            if any(p.get("in") == "path" for p in params):
                wanted.append(_MISSING_ERROR)
            if params or "requestBody" in operation:
                wanted.append(_INPUT_ERROR)
            responses = operation["responses"]
            for code, description in wanted:
                # Ninja keys its own answers by int: a str key beside it would be a duplicate
                # "422" in the JSON text, which Swagger UI's YAML parser refuses.
                if code not in responses and int(code) not in responses:
                    responses[int(code)] = {"description": description, **ref}


class BodyNotAnObject(ValueError):
    """A JSON body that is valid JSON but not an object."""


class ObjectBodyParser(Parser):
    """Every JSON body is an object: an array, a string or a number is refused as a whole.

    Ninja reads its schemas through attribute access, so an array body would pass as an object
    with no fields and every field at its default (a refusal with an empty reason, say).
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject
        return data


class TerbukaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_errors(schema)
        return schema


api = TerbukaAPI(
    title="Terbuka API",
    version="1",
    description=(
        "Public-information disclosure (UU 14/2008). Errors share one shape: "
        '`{"error": {"code": "...", "message": "...", "details": {...}}}`.'
    ),
    urls_namespace="api",
    parser=ObjectBodyParser(),
    # Deep links turn operation headers into links nested in buttons (axe: nested-interactive).
    docs=Swagger(settings={"deepLinking": False}),
)


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.details), status=exc.status_code
    )


# Where a schema error sits: ninja puts the request part first ("body", "query", ...) and, for
# a body, the view's parameter name second; neither is a field the client sent.
_LOCATION_PARTS = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def _field_name(loc: Sequence[object]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "form"}:
        parts = parts[2:]
    elif parts and parts[0] in _LOCATION_PARTS:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _schema_message(error: dict[str, Any]) -> str:
    """Say a schema error in the user's language; pydantic's own text is English only."""
    from django.utils.translation import gettext as _

    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("Wajib diisi.")
    if kind in {"json_invalid", "json_type"}:
        return _("Isi permintaan bukan JSON yang valid.")
    if kind.endswith(("_type", "_parsing")):
        return _("Jenis atau format nilai tidak sesuai.")
    if kind in {"string_too_long", "too_long"}:
        return _("Nilai terlalu panjang.")
    if kind in {"string_too_short", "too_short"}:
        return _("Nilai terlalu pendek.")
    if kind in {"enum", "literal_error"}:
        return _("Nilai tidak termasuk pilihan yang diizinkan.")
    return _("Nilai tidak valid.")


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Answer 422 with the same `details.fields` map the services use, plus ninja's raw list."""
    from django.utils.translation import gettext as _

    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        name = _field_name(error.get("loc", ()))
        fields.setdefault(name, []).append(_schema_message(error))
    return api.create_response(
        request,
        error_body(
            "validation_error",
            _("Data yang dikirim tidak valid."),
            {"fields": fields, "errors": exc.errors},
        ),
        status=422,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    return api.create_response(
        request, error_body("unauthorized", _("Token tidak valid atau tidak ada.")), status=401
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    from django.utils.translation import gettext as _

    return api.create_response(request, error_body("not_found", _("Tidak ditemukan.")), status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Django's own refusal (e.g. allauth cannot tell the client's address) in the API's shape."""
    from django.utils.translation import gettext as _

    return api.create_response(
        request,
        error_body("permission_denied", _("Anda tidak berwenang melakukan tindakan ini.")),
        status=403,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # Ninja turns any failure of the body parser into "Cannot parse request body"; the
        # cause says which: not JSON (JSONDecodeError, UnicodeDecodeError) or not an object.
        from django.utils.translation import gettext as _

        message = (
            _("Isi permintaan harus berupa objek JSON ({...}), bukan larik atau nilai tunggal.")
            if isinstance(exc.__cause__, BodyNotAnObject)
            else _("Isi permintaan bukan JSON yang sah.")
        )
        return api.create_response(request, error_body("invalid_body", message), status=400)
    return api.create_response(
        request, error_body("http_error", str(exc.message)), status=exc.status_code
    )


api.add_router("/auth", accounts_router)
api.add_router("/bodies", bodies_router)
api.add_router("/budget", budget_router)
api.add_router("/calendar", calendars_router)
api.add_router("/monev", monev_router)
api.add_router("/requests", requests_router)
# Objections live under /requests/{id}/objections and /objections: full paths in the router.
api.add_router("", objections_router)
api.add_router("/registry", registry_router)
api.add_router("/reports", reports_router)
api.add_router("/search", search_router)
