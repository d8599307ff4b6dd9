"""Rate limiting of ``/v1/*``: a token bucket per API key (per client IP when no keys are set) -> 429.

Buckets live in the memory of one server process (with N workers a client can get up to N times the
limit), or with ``ASSISTANT_REDIS_URL`` in Redis, shared by all processes and hosts (``shared_buckets.py``).
Behind a reverse proxy the client IP is the proxy's unless uvicorn trusts it (``FORWARDED_ALLOW_IPS``).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from fastapi import Request

from assistant.api.shared_buckets import Buckets, SharedBuckets
from assistant.errors import AssistantError
from assistant.metrics import RATE_LIMITS_SHARED

MAX_CLIENTS = 10_000


class RateLimitedError(AssistantError):
    """Over the rate limit: HTTP 429 with a ``Retry-After`` header (seconds)."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenBuckets:
    """One bucket of ``burst`` tokens per client, refilled at ``per_minute`` tokens a minute.

    At most ``max_clients`` buckets are kept; the least recently used one goes first (it comes back full).
    Not thread-safe: used from the event loop only.
    """

    def __init__(
        self, per_minute: int, burst: int, max_clients: int = MAX_CLIENTS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self.max_clients, self.clock = per_minute / 60.0, float(burst), max_clients, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 when allowed, else the seconds until a token is available."""
        now = self.clock()
        tokens, last = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1 if wait == 0.0 else tokens, now)
        if len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait


class RateLimiter:
    """The rate limit; :meth:`check` raises :class:`RateLimitedError` over it. Buckets are kept in Redis when
    ``redis_url`` is given (per process while it is unreachable), else in this process."""

    def __init__(self, per_minute: int, burst: int, api_keys: Iterable[str], redis_url: str | None = None) -> None:
        self.per_minute, self.burst = per_minute, burst
        local = TokenBuckets(per_minute, burst) if per_minute else None
        self.buckets: Buckets | None = local
        if local is not None and redis_url:
            self.buckets = SharedBuckets(redis_url, per_minute, burst, fallback=local)
        else:
            RATE_LIMITS_SHARED.set(0)
        self.key_digests = {_digest(key) for key in api_keys}

    def state(self) -> str:
        """Where the buckets are: 'off', 'per process', 'shared (Redis)' or 'per process (Redis unreachable)'."""
        if self.buckets is None:
            return "off"
        return self.buckets.state() if isinstance(self.buckets, SharedBuckets) else "per process"

    def client(self, request: Request) -> str:
        """The bucket's name: the API key (hashed) when it is a valid one, else the client's IP address."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and (digest := _digest(token.strip())) in self.key_digests:
            return f"key:{digest[:16]}"
        return f"ip:{request.client.host if request.client else 'unknown'}"

    def check(self, request: Request) -> None:
        """Count ``request`` against its client's bucket (nothing when the limit is 0)."""
        if self.buckets is None:
            return
        wait = self.buckets.take(self.client(request))
        if wait:
            seconds = max(1, math.ceil(wait))
            raise RateLimitedError(
                f"Too many requests: the limit is {self.per_minute} a minute (bursts of {self.burst}). "
                f"Retry in {seconds} s.",
                retry_after=seconds,
            )
