"""Storage that is full or unreachable answers a clear page, not a server error (quality.md F3,
F8).

- A full disk (database or files) answers 507 Insufficient Storage. The write fails inside its
  transaction, which rolls back: nothing is half-written. Recognised: `OSError` with ENOSPC or
  EDQUOT, SQLite's "database or disk is full", PostgreSQL's SQLSTATE 53100 (disk_full) or an
  error naming "No space left".
- File storage that does not answer (S3 endpoint down or refusing connections, a 5xx from it, an
  NFS mount gone stale, an I/O error from the disk) answers 503 Service Unavailable, for uploads
  and downloads alike. Recognised: botocore's connection and timeout errors and 5xx client
  errors, and any other `OSError` (not disk-full, not a missing file) raised inside the storage
  code (Django's `core.files`, django-storages, boto3), so an unrelated OSError (SMTP, a font
  file) still shows as the server error it is.

Both tell the citizen or officer plainly to try again later, carry `Retry-After`, use the API's
error shape under /api/, and are logged loudly for the administrator. The process keeps running
and recovers by itself once space is free or storage answers (nothing is cached about the
failure). Files stored by a transaction that did not commit are deleted when the request ends
(`terbuka.core.files`).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from terbuka.core.files import discard_uncommitted

logger = logging.getLogger(__name__)

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

# Code that talks to file storage: an OSError raised from inside it is the storage's.
_STORAGE_CODE = ("/django/core/files/", "/storages/", "/boto3/", "/botocore/", "/s3transfer/")
# S3 answers that mean "not now" rather than "not allowed" or "not there".
_UNAVAILABLE_CODES = frozenset(
    {"ServiceUnavailable", "SlowDown", "RequestTimeout", "InternalError", "RequestTimeTooSkewed"}
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what caused it, each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _is_full(current: BaseException) -> bool:
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
    return False


def is_storage_full(exc: BaseException) -> bool:
    """Whether the exception (or what caused it) means the disk or the database is full."""
    return any(_is_full(current) for current in _chain(exc))


def _is_s3_outage(current: BaseException) -> bool:
    try:
        from botocore import exceptions as boto  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - boto3 is installed with django-storages[s3]
        return False
    # EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError...
    if isinstance(current, boto.ConnectionError | boto.HTTPClientError):
        return True
    if isinstance(current, boto.ClientError):
        status = int(current.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        code = str(current.response.get("Error", {}).get("Code", ""))
        return status >= 500 or code in _UNAVAILABLE_CODES
    return False


def _raised_in_storage(current: BaseException) -> bool:
    traceback = current.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename.replace("\\", "/")
        if any(part in filename for part in _STORAGE_CODE):
            return True
        traceback = traceback.tb_next
    return False


def is_storage_unavailable(exc: BaseException) -> bool:
    """Whether the exception (or what caused it) means file storage did not answer."""
    if is_storage_full(exc):
        return False
    for current in _chain(exc):
        if _is_s3_outage(current):
            return True
        if (
            isinstance(current, OSError)
            and not isinstance(current, FileNotFoundError)
            and _raised_in_storage(current)
        ):
            return True
    return False


@dataclass(frozen=True)
class _Answer:
    status: int
    code: str
    retry_after: int
    log: Callable[..., None]
    what: str


_FULL = _Answer(507, "storage_full", 300, logger.critical, "Storage full")
_UNAVAILABLE = _Answer(503, "storage_unavailable", 120, logger.error, "File storage unavailable")


def _answer_for(exc: BaseException) -> _Answer | None:
    if is_storage_full(exc):
        return _FULL
    if is_storage_unavailable(exc):
        return _UNAVAILABLE
    return None


def _page(answer: _Answer, request: HttpRequest) -> dict[str, str]:
    """The page's words (templates/storage_error.html); `message` is also the API's."""
    if answer is _FULL:
        return {
            "eyebrow": _("Galat 507"),
            "title": _("Penyimpanan penuh"),
            "message": _(
                "Penyimpanan server sedang penuh, sehingga data Anda belum tersimpan. "
                "Coba lagi beberapa saat lagi; petugas sudah diberi tahu."
            ),
            "hint": _(
                "Tidak ada yang tersimpan setengah jalan: kirim ulang formulir yang sama setelah "
                "beberapa menit."
            ),
        }
    if request.method in ("GET", "HEAD"):
        message = _(
            "Penyimpanan berkas sedang tidak dapat dihubungi, sehingga berkas ini belum dapat "
            "diunduh. Coba lagi beberapa saat lagi; petugas sudah diberi tahu."
        )
    else:
        message = _(
            "Penyimpanan berkas sedang tidak dapat dihubungi, sehingga data Anda belum "
            "tersimpan. Coba lagi beberapa saat lagi; petugas sudah diberi tahu."
        )
    return {
        "eyebrow": _("Galat 503"),
        "title": _("Penyimpanan berkas tidak dapat dihubungi"),
        "message": message,
        "hint": _(
            "Tidak ada yang tersimpan setengah jalan: kirim ulang formulir yang sama atau muat "
            "ulang halaman ini setelah beberapa menit."
        ),
    }


class StorageErrorMiddleware:
    """Turn a full disk into 507 and unreachable file storage into 503: a page, or the API's
    error shape; at the end of every request, delete files whose transaction did not commit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            discard_uncommitted()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        answer = _answer_for(exception)
        if answer is None:
            return None
        answer.log(
            "%s while serving %s %s: %r", answer.what, request.method, request.path, exception
        )
        page = _page(answer, request)
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": {"code": answer.code, "message": page["message"], "details": {}}},
                status=answer.status,
            )
        else:
            response = render(request, "storage_error.html", page, status=answer.status)
        response["Retry-After"] = str(answer.retry_after)
        return response


# The name config/settings/base.py lists in MIDDLEWARE.
StorageFullMiddleware = StorageErrorMiddleware
