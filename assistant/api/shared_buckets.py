"""Rate-limit token buckets in Redis (``ASSISTANT_REDIS_URL``), so a limit holds across all server processes
and hosts. Each decision is one atomic Lua script (``token_bucket.lua``) on the Redis server's clock.

While Redis is unreachable the server keeps serving: each process decides with its own in-memory buckets
(so N processes allow up to N times the limit), logs the outage once, shows it in ``/healthz`` and in
``/metrics``, and tries Redis again every few seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from assistant.metrics import RATE_LIMIT_LOCAL_DECISIONS, RATE_LIMITS_SHARED

SCRIPT = (Path(__file__).resolve().parent / "token_bucket.lua").read_text(encoding="utf-8")
KEY_PREFIX = "assistant:rate:"
RETRY_SECONDS = 5.0
TIMEOUT_SECONDS = 0.25  # a decision waits at most this long for Redis before the process decides alone

log = logging.getLogger(__name__)


class Buckets(Protocol):
    """What a rate limiter takes tokens from (``TokenBuckets`` in memory, or :class:`SharedBuckets`)."""

    def take(self, client: str) -> float: ...


class SharedBuckets:
    """Token buckets in Redis, with per-process ``fallback`` buckets while Redis cannot be reached.

    Used from the event loop only (as the in-memory buckets): a Redis call takes well under a millisecond,
    and a dead Redis costs at most ``TIMEOUT_SECONDS`` once every ``retry_seconds``.
    """

    def __init__(
        self,
        url: str,
        per_minute: int,
        burst: int,
        fallback: Buckets,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.burst, self.fallback = per_minute / 60.0, burst, fallback
        self.retry_seconds, self.clock = retry_seconds, clock
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0)
        )
        connection = self.client.get_connection_kwargs()
        self.where = f"{connection.get('host')}:{connection.get('port')}" if connection.get("host") else url
        self.script = self.client.register_script(SCRIPT)
        self.unreachable: str | None = None  # why Redis cannot be used, while it cannot
        self._retry_at = 0.0
        try:
            self.client.ping()
        except redis.RedisError as exc:
            self._failed(exc)
        else:
            RATE_LIMITS_SHARED.set(1)

    def _failed(self, exc: redis.RedisError) -> None:
        self._retry_at = self.clock() + self.retry_seconds
        if self.unreachable is None:
            self.unreachable = f"{type(exc).__name__}: {exc}"
            log.warning("Redis (%s) is unreachable (%s): rate limits are per process until it is back", self.where, exc)
            RATE_LIMITS_SHARED.set(0)

    def _recovered(self) -> None:
        if self.unreachable is not None:
            self.unreachable = None
            log.warning("Redis (%s) is reachable again: rate limits are shared again", self.where)
            RATE_LIMITS_SHARED.set(1)

    def _due(self) -> bool:
        return self.unreachable is None or self.clock() >= self._retry_at

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 when allowed, else the seconds until a token is available."""
        if self._due():
            try:
                wait = float(self.script(keys=[KEY_PREFIX + client], args=[self.rate, self.burst]))
            except redis.RedisError as exc:
                self._failed(exc)
            else:
                self._recovered()
                return wait
        RATE_LIMIT_LOCAL_DECISIONS.inc()
        return self.fallback.take(client)

    def state(self) -> str:
        """'shared (Redis)', or 'per process (Redis unreachable)' (checking Redis again when it is time)."""
        if self.unreachable is not None and self._due():
            try:
                self.client.ping()
            except redis.RedisError as exc:
                self._failed(exc)
            else:
                self._recovered()
        return "shared (Redis)" if self.unreachable is None else "per process (Redis unreachable)"
