"""A full disk answers 507 with a clear message, not a server error (quality.md F3).

When the disk holding the database or the uploaded files fills up, the write fails inside its
transaction, which rolls back: nothing is half-written. What remains is to tell the citizen or
officer plainly that the office's server is full and that they should try again later, and to
log it loudly so the administrator frees space. The process keeps running and recovers by
itself once space is free (nothing is cached about the failure).

Recognised: `OSError` with ENOSPC or EDQUOT (files), SQLite's "database or disk is full", and
PostgreSQL's SQLSTATE 53100 (disk_full) or 53300-range resource errors naming "No space left".
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_storage_full(exc: BaseException) -> bool:
    """Whether the exception (or what caused it) means the disk or the database is full."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in FULL_ERRNOS:
            return True
        if isinstance(current, DatabaseError) or type(current).__module__.startswith(
            ("sqlite3", "psycopg")
        ):
            text = str(current).lower()
            if "disk is full" in text or "no space left" in text:
                return True
            if getattr(current, "sqlstate", None) == "53100":
                return True
        current = current.__cause__ or current.__context__
    return False


class StorageFullMiddleware:
    """Turn a full disk into 507 Insufficient Storage: a page, or the API's error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_storage_full(exception):
            return None
        logger.critical(
            "Storage full while serving %s %s: %s", request.method, request.path, exception
        )
        message = _(
            "Penyimpanan server sedang penuh, sehingga data Anda belum tersimpan. "
            "Coba lagi beberapa saat lagi; petugas sudah diberi tahu."
        )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"error": {"code": "storage_full", "message": message, "details": {}}},
                status=507,
            )
        else:
            response = render(request, "507.html", {"message": message}, status=507)
        response["Retry-After"] = "300"
        return response
