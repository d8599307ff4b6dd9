"""Rate limits kept in a real Redis server: one limit across processes, and per-process limits while Redis
is unreachable (logged once, shown in the metrics), shared again once it is back."""

from __future__ import annotations

import logging
import multiprocessing
import uuid

import pytest
from prometheus_client import REGISTRY

from assistant.api.rate_limit import RateLimiter, TokenBuckets
from assistant.api.shared_buckets import SharedBuckets
from tests.databases import RedisServer


def _take(url: str, client: str, count: int) -> list[float]:
    limiter = RateLimiter(per_minute=1, burst=6, api_keys=[], redis_url=url)
    assert limiter.buckets is not None
    return [limiter.buckets.take(client) for _ in range(count)]


def test_one_limit_holds_across_processes(redis_server: RedisServer) -> None:
    client = f"key:{uuid.uuid4().hex[:16]}"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        waits = [wait for taken in pool.starmap(_take, [(redis_server.url, client, 4)] * 3) for wait in taken]
    assert sum(wait == 0.0 for wait in waits) == 6  # the burst, once: not 6 per process
    assert all(wait == 0.0 or 50 < wait <= 60 for wait in waits)  # a token a minute
    assert _take(redis_server.url, f"key:{uuid.uuid4().hex[:16]}", 1) == [0.0]  # another client has its own


def _shared() -> float | None:
    return REGISTRY.get_sample_value("assistant_rate_limits_shared")


def _local_decisions() -> float:
    return REGISTRY.get_sample_value("assistant_rate_limit_local_decisions_total") or 0.0


def test_unreachable_redis_means_per_process_limits_logged_once_until_it_is_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = RedisServer()  # its own, as it is stopped
    now = [0.0]
    clock = lambda: now[0]  # noqa: E731
    try:
        buckets = SharedBuckets(server.url, 60, 3, TokenBuckets(60, 3, clock=clock), retry_seconds=5, clock=clock)
        assert buckets.state() == "shared (Redis)" and _shared() == 1
        server.stop()
        before = _local_decisions()
        with caplog.at_level(logging.WARNING, logger="assistant.api.shared_buckets"):
            waits = [buckets.take("ip:10.0.0.1") for _ in range(5)]
            now[0] += 6  # time to try Redis again: still down
            waits.append(buckets.take("ip:10.0.0.1"))
            assert buckets.state() == "per process (Redis unreachable)"
        assert waits[:3] == [0.0, 0.0, 0.0] and all(wait > 0 for wait in waits[3:5])  # this process's bucket
        assert waits[5] == 0.0  # six seconds refilled a token at 60 a minute
        [warning] = [record.message for record in caplog.records]  # once, for six decisions
        assert warning.startswith(f"Redis (127.0.0.1:{server.port}) is unreachable (")
        assert warning.endswith("): rate limits are per process until it is back")
        assert _shared() == 0 and _local_decisions() - before == 6

        server.start()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="assistant.api.shared_buckets"):
            assert buckets.take("ip:10.0.0.2") == 0.0  # not due yet: still per process
            assert _local_decisions() - before == 7
            now[0] += 6
            assert buckets.state() == "shared (Redis)" and _shared() == 1
        assert [r.message for r in caplog.records] == [
            f"Redis (127.0.0.1:{server.port}) is reachable again: rate limits are shared again"
        ]
        assert [buckets.take("ip:10.0.0.3") for _ in range(4)][3] > 0 and _local_decisions() - before == 7
    finally:
        server.close()


def test_the_limiter_says_where_its_buckets_are(redis_server: RedisServer) -> None:
    assert RateLimiter(0, 1, [], redis_server.url).state() == "off"
    assert RateLimiter(60, 5, []).state() == "per process"
    assert RateLimiter(60, 5, [], redis_server.url).state() == "shared (Redis)"
