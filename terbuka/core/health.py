"""`/healthz`: whether this app server can answer, for load balancers and monitoring.

One `SELECT 1` on the primary database and nothing else: no session, no template, no cache, so
probing it every few seconds from several balancers costs nothing. 200 `{"status": "ok"}` when
the database answers, 503 `{"status": "unavailable"}` when it does not.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the primary database answers, else 503."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
