"""The Redis cache reads as an empty cache while Redis is unreachable (quality.md F8)."""

from __future__ import annotations

import socket

import pytest

from terbuka.core.cache import ResilientRedisCache


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest.fixture
def down() -> ResilientRedisCache:
    """A cache pointed at a port where nothing listens: every call is refused."""
    return ResilientRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )


def test_an_unreachable_redis_is_an_empty_cache(
    down: ResilientRedisCache, caplog: pytest.LogCaptureFixture
) -> None:
    assert down.get("k") is None
    assert down.get("k", "fallback") == "fallback"
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("k") is False
    assert down.add("k", 1) is False
    down.set("k", 1)
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.touch("k") is False
    assert down.delete("k") is False
    down.delete_many(["a"])
    down.clear()
    assert down.get_or_set("k", lambda: "computed") == "computed"
    with pytest.raises(ValueError, match="not found"):
        down.incr("k")
    assert "Redis cache unavailable" in caplog.text


def test_a_reachable_redis_works_as_usual() -> None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            pass
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = ResilientRedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": "terbuka-test"})
    cache.set("k", {"v": 1}, 30)
    assert cache.get("k") == {"v": 1}
    cache.delete("n")
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    cache.delete_many(["k", "n"])
    assert cache.get("k") is None
