"""A Redis cache that degrades to "no cache" while Redis is unreachable (quality.md F8).

Django's `RedisCache` raises on a refused connection or a timeout, so a stopped Redis would
turn every page that reads the cache (the portal, sessions with `cached_db`, rate limits) into
a server error. Terbuka keeps nothing in the cache that it cannot recompute, so a read during
an outage is a miss, a write is dropped, and the portal keeps serving from the database. Each
failure is logged at most once a minute per process, so an outage is visible without flooding
the log. Configure it with `TERBUKA_CACHE_URL=redis://...` (settings swap the backend in).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY_S = 60.0


class ResilientRedisCache(RedisCache):
    """`RedisCache` whose operations answer as an empty cache while Redis is down."""

    _last_logged = 0.0

    def _failed(self, operation: str, exc: RedisError) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_S:
            ResilientRedisCache._last_logged = now
            logger.warning(
                "Redis cache unavailable (%s): %s; serving without cache", operation, exc
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            self._failed("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            self._failed("has_key", exc)
            return False

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            self._failed("add", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            self._failed("set", exc)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = None, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            self._failed("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError as exc:
            self._failed("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            self._failed("delete_many", exc)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._failed("incr", exc)
            # The same answer as for a missing key: callers (rate limits) already handle it.
            raise ValueError(f"Key {key!r} not found (Redis unavailable)") from exc

    def clear(self) -> None:
        try:
            super().clear()
        except RedisError as exc:
            self._failed("clear", exc)
